"""`newsarchive coverage`: how many stories (and distinct stories) per day, week or outlet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from archive.cli import DbOption, app, console, fail, friendly_errors, open_from_option
from archive.cli_research import parse_when
from archive.coverage import BY, CoverageRow, coverage
from archive.search import SearchSyntaxError


def _table(rows: list[CoverageRow], by: str, query: str) -> Table:
    title = f"coverage of {query!r}" if query else "coverage of all stories"
    table = Table(title=f"{title} by {by} (stories / distinct stories)")
    if by == "outlet":
        for column in ("outlet", "stories", "distinct"):
            table.add_column(column, justify="right" if column != "outlet" else "left")
        for row in rows:
            table.add_row(row.outlet or "[bold]all outlets[/]", str(row.stories), str(row.clusters))
        return table
    outlets = sorted({r.outlet for r in rows if r.outlet is not None})
    cells = {(r.period, r.outlet): r for r in rows}
    table.add_column(by)
    for key in [*outlets, None]:
        table.add_column(key or "all", justify="right")
    for period in sorted({r.period for r in rows if r.period is not None}):
        values = []
        for key in [*outlets, None]:
            cell = cells.get((period, key))
            values.append(f"{cell.stories} / {cell.clusters}" if cell else "·")
        table.add_row(period, *values)
    return table


@app.command("coverage")
def coverage_command(
    query: Annotated[str, typer.Argument(help='Stories matching this search ("" for all stories).')],
    by: Annotated[str, typer.Option("--by", help="Group by day, week or outlet.")] = "day",
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (its key).")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw the counts as a PNG chart here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per row.")] = False,
) -> None:
    """Count stories, and distinct stories (clusters: a syndicated story counts once), over time or by outlet."""
    if by not in BY:
        fail(f"--by must be one of {', '.join(BY)}, not {by!r}")
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            try:
                rows = coverage(session, query, by, outlet=outlet, language=language, since=start, until=end,
                                section=section)
            except SearchSyntaxError as exc:
                fail(f"cannot read the query {query!r}: {exc}")
    if plot is not None:
        from archive.coverage_plot import plot_coverage

        with friendly_errors():
            plot_coverage(rows, by, plot, f"Coverage of {query!r}" if query else "Coverage")
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
    else:
        console.print(_table(rows, by, query))
    if plot is not None:
        (sys.stderr if as_json else sys.stdout).write(f"chart written to {plot}\n")
