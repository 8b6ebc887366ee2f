"""`newsarchive export`: datasets for archivists and researchers, feeds and a static site for editors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from dateutil import parser as date_parser

from archive.cli import DbOption, app, console, fail, friendly_errors
from archive.db import open_archive
from archive.exporters.run import FORMATS, run_export
from archive.exporters.selection import ExportFilters
from archive.settings import load_settings

_FORMAT_HELP = "Output format: " + ", ".join(FORMATS) + "."


def _date(value: str | None, option: str) -> datetime | None:
    """A date option as an aware datetime (naive input is UTC)."""
    if not value:
        return None
    try:
        parsed = date_parser.parse(value)
    except (ValueError, OverflowError) as exc:
        fail(f"{option}: cannot read {value!r} as a date ({exc})")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _include(values: list[str] | None) -> dict[str, object]:
    if not values:
        return {}
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    return {"include": tuple(names)}


@app.command()
def export(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file, or folder for html and bagit (default: in exports/).")] = None,
    outlet: Annotated[list[str] | None, typer.Option(help="Only this outlet key (repeatable).")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section (as the outlet names it; case ignored).")] = None,
    since: Annotated[str | None, typer.Option(help="Published (else first seen) on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published (else first seen) before this date.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Only stories matching this search query.")] = None,
    cluster: Annotated[str | None, typer.Option(help="Only stories of this cluster (same event, several outlets).")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions/--latest", help="Every version, or only the latest of each story.")] = False,
    include: Annotated[list[str] | None, typer.Option(help="bagit: formats to put in the bag (repeatable or comma-separated; default jsonl,csv,parquet).")] = None,
) -> None:
    """Export stories (streamed, stable order) with a manifest of counts, filters and SHA-256 sums."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; available: {', '.join(FORMATS)}")
    if include and fmt != "bagit":
        fail("--include only applies to --format bagit")
    filters = ExportFilters(outlets=tuple(outlet or ()), language=language, section=section or None,
                            since=_date(since, "--since"),
                            until=_date(until, "--until"), query=query, cluster=cluster,
                            latest_only=not all_versions)
    with friendly_errors():
        settings = load_settings(database_url=db)
        archive = open_archive(settings.database_url)
        try:
            with archive.session() as session:
                result, manifest = run_export(session, fmt, out, filters, exports_dir=settings.exports_dir,
                                              archive_url=settings.redacted_database_url, options=_include(include))
        finally:
            archive.dispose()
    noun = "story version" if result.count == 1 else "story versions"
    console.print(f"wrote {result.count} {noun} to {result.path} (sha256 {result.sha256[:16]}…); "
                  f"manifest {manifest}", highlight=False, soft_wrap=True)
