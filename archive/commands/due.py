"""`newsarchive due`: the revisit schedule, soonest first."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from archive.cli import DbOption, app, console, friendly_errors, open_from_option
from archive.schedule import schedule


def _span(delta: timedelta) -> str:
    seconds = abs(int(delta.total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _when(due_at: datetime, now: datetime) -> str:
    delta = due_at - now
    return f"overdue {_span(delta)}" if delta.total_seconds() <= 0 else f"in {_span(delta)}"


@app.command()
def due(
    db: DbOption = None,
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Only these outlet keys (repeatable).")] = None,
    only_due: Annotated[bool, typer.Option("--now", help="Only articles due now.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="How many articles to list.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Show when each archived article will be fetched again (the revisit schedule)."""
    now = datetime.now(UTC)
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            items = schedule(session, now=now, outlets=outlet or None)
    total_due = sum(1 for i in items if i.is_due(now))
    shown = [i for i in items if i.is_due(now)] if only_due else items
    shown = shown[:limit]
    if as_json:
        for item in shown:
            sys.stdout.write(json.dumps({**item.to_dict(), "due": item.is_due(now)}) + "\n")
        return
    table = Table(title=f"{total_due} of {len(items)} archived articles due now")
    for column in ("due", "every", "why", "outlet", "v", "last checked", "url"):
        table.add_column(column, overflow="fold")
    for item in shown:
        table.add_row(_when(item.due_at, now), _span(item.interval), item.reason, item.outlet, str(item.versions),
                      item.last_checked.isoformat(timespec="minutes"), item.url)
    console.print(table)
