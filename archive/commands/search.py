"""`newsarchive search`: full-text search over the archive, ranked, with snippets."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from archive.cli import DbOption, app, console, fail, friendly_errors, open_from_option
from archive.cli_research import highlighted, parse_when
from archive.search import SearchSyntaxError, search_results


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words to find; "a phrase", OR, -exclude, prefix*, (groups).')],
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (its key).")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section (as the outlet names it).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many hits to show.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many hits (paging).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit and line.")] = False,
) -> None:
    """Search headlines, summaries and bodies of the latest version of every story."""
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            try:
                results = search_results(session, query, outlet=outlet, language=language, since=start,
                                         until=end, section=section, limit=limit, offset=offset)
            except SearchSyntaxError as exc:
                fail(f"cannot read the query {query!r}: {exc}")
    hits = results.hits
    if as_json:
        for hit in hits:
            sys.stdout.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
        if results.note:  # on stderr: stdout stays one hit per line
            sys.stderr.write(f"note: {results.note}\n")
        return
    table = Table(title=f"{len(hits)} hit(s) for {query!r}" + (f" from #{offset + 1}" if offset else ""))
    for column in ("#", "outlet", "published", "headline", "snippet"):
        table.add_column(column, overflow="fold")
    for number, hit in enumerate(hits, offset + 1):
        when = hit.published_at.date().isoformat() if hit.published_at else "?"
        table.add_row(str(number), hit.outlet, when, hit.headline, highlighted(hit.snippet))
    console.print(table)
    if results.note:
        console.print(f"[yellow]Note:[/] {results.note}", highlight=False)
