"""`newsarchive status`: where the ingestion service stands, outlet by outlet."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from archive.cli import DbOption, app, console, friendly_errors, open_from_option

__all__ = ["status"]


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    return f"{_span((now - when).total_seconds())} ago"


def _until(when: datetime, now: datetime) -> str:
    seconds = (when - now).total_seconds()
    return f"overdue {_span(-seconds)}" if seconds <= 0 else f"in {_span(seconds)}"


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds:.0f}s"


@app.command()
def status(
    db: DbOption = None,
    revisit_factor: Annotated[float, typer.Option("--revisit-factor", min=0.0, help="The revisit scale the service runs with (`run --revisit-factor`).")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per outlet and line.")] = False,
) -> None:
    """Per outlet: last and next poll, interval, articles in the last 24 h, failures, revisits due."""
    from crawler.service.status import outlet_status

    now = datetime.now(UTC)
    with friendly_errors():
        archive = open_from_option(db)
        try:
            with archive.session() as session:
                rows = outlet_status(session, now=now, revisit_factor=revisit_factor)
        finally:
            archive.dispose()
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row.to_dict()) + "\n")
        return
    if not rows:
        console.print("No outlet is scheduled yet: start the service with `newsarchive run --sources FILE`.")
        return
    table = Table(title=f"{len(rows)} outlets, {sum(r.revisits_due for r in rows)} revisits due")
    for column in ("outlet", "state", "last poll", "next poll", "interval", "new 24 h", "failures", "revisits due"):
        table.add_column(column, justify="right" if column in ("interval", "new 24 h", "revisits due") else "left")
    for row in rows:
        failures = str(row.failures) if row.failures else ""
        if row.failing:
            failures += (" " if failures else "") + f"{len(row.failing)} listing(s) backing off"
        table.add_row(row.outlet, row.state, _ago(row.last_poll_at, now), _until(row.next_poll_at, now),
                      _span(row.interval_s), str(row.articles_24h), failures or "-", str(row.revisits_due))
    console.print(table)
    for row in rows:
        for url, state in sorted(row.failing.items()):
            console.print(f"[yellow]{row.outlet}[/]: {url} failed {state['failures']}x ({state['error']}), "
                          f"retry {_until(datetime.fromisoformat(state['retry_at']), now)}", highlight=False)
