"""`newsarchive edits`: recorded edits (headline rewrites, corrections, stealth edits...), newest first."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from archive.cli import DbOption, app, console, fail, friendly_errors, open_from_option
from archive.cli_research import parse_when
from archive.edit_log import list_edits
from archive.edits import EDIT_KINDS


@app.command("edits")
def edits_command(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Edits seen on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Edits seen before this date.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (its key).")] = None,
    kind: Annotated[str | None, typer.Option(help=f"Only versions with this kind of edit: {', '.join(EDIT_KINDS)}.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many versions to list.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per version and line.")] = False,
) -> None:
    """List new versions with the kinds of edit each made (stealth edits are flagged)."""
    if kind is not None and kind not in EDIT_KINDS:
        fail(f"unknown edit kind {kind!r}; choose from {', '.join(EDIT_KINDS)}")
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            entries = list_edits(session, since=start, until=end, outlet=outlet, kind=kind, limit=limit)
    if as_json:
        for entry in entries:
            sys.stdout.write(json.dumps(entry.to_dict(), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(entries)} edited version(s)")
    for column in ("seen", "outlet", "v", "edits", "headline", "url"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        kinds = ", ".join(f"[bold red]{k}[/]" if k == "stealth_edit" else k for k in entry.kinds)
        table.add_row(entry.detected_at.isoformat(timespec="minutes"), entry.outlet, str(entry.version), kinds,
                      entry.headline, entry.url)
    console.print(table)
