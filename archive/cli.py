"""The `newsarchive` command's archive side: read and export what the crawler stored.

The crawler side (crawl, demo, extract) adds its commands in ``crawler.cli``; this module never
imports Scrapy, so the archive can be browsed where only the storage is installed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, NoReturn

import typer
from dateutil import parser as date_parser
from rich.console import Console
from rich.table import Table

from archive import queries
from archive.db import Archive, ArchiveError, open_archive
from archive.render import format_when, story_panel
from archive.settings import load_settings

__all__ = ["app", "console", "fail", "friendly_errors", "open_from_option", "parse_date_option", "DbOption"]

app = typer.Typer(
    name="newsarchive",
    help="Crawl news outlets into a versioned archive, then read, compare and export it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Archive database URL (default: DATABASE_URL, else sqlite:///newsarchive.sqlite3)."),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error and exit non-zero: users get the problem, not a traceback."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def friendly_errors() -> Iterator[None]:
    try:
        yield
    except ArchiveError as exc:
        fail(str(exc))
    except (ValueError, OSError) as exc:
        fail(str(exc))


def open_from_option(db: str | None) -> Archive:
    settings = load_settings(database_url=db)
    return open_archive(settings.database_url)


def parse_date_option(value: str | None, option: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed: datetime = date_parser.parse(value)
        return parsed
    except (ValueError, OverflowError) as exc:
        fail(f"{option}: cannot read {value!r} as a date ({exc})")


@app.command()
def stories(
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (its key).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    text: Annotated[str | None, typer.Option("--text", "-q", help="Headline or body contains this text.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many stories to list.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List archived stories, newest first (latest version of each)."""
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            rows = queries.list_stories(session, outlet=outlet, since=parse_date_option(since, "--since"),
                                        until=parse_date_option(until, "--until"), text=text, language=language,
                                        limit=limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps({**row.story.to_dict(), "version": row.version}, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} stories", show_lines=False)
    for column in ("id", "outlet", "published", "v", "headline"):
        table.add_column(column, overflow="fold")
    for row in rows:
        story = row.story
        table.add_row(story.id, story.source.key, format_when(story.published_at), str(row.version), story.headline)
    console.print(table)


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="Story id or URL.")],
    db: DbOption = None,
    version: Annotated[int | None, typer.Option(help="Version number (default: the latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The story as JSON.")] = False,
) -> None:
    """Show one story in the portal layout."""
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            found = queries.get_story(session, ref, version=version)
    if found is None:
        fail(f"no story {ref!r} in the archive" + (f" with version {version}" if version else ""))
    if as_json:
        sys.stdout.write(json.dumps({**found.story.to_dict(), "version": found.version}, ensure_ascii=False) + "\n")
        return
    console.print(story_panel(found.story, found.version))


@app.command()
def history(
    ref: Annotated[str, typer.Argument(help="Story id or URL.")],
    db: DbOption = None,
) -> None:
    """List a story's versions with the time each was first captured."""
    with friendly_errors():
        archive = open_from_option(db)
        with archive.session() as session:
            versions = queries.history(session, ref)
    if not versions:
        fail(f"no story {ref!r} in the archive")
    table = Table(title=f"{len(versions)} version(s)")
    for column in ("version", "first captured", "captures", "headline"):
        table.add_column(column, overflow="fold")
    for v in versions:
        table.add_row(str(v.number), format_when(v.captured_at), str(v.captures), v.headline)
    console.print(table)


def _load_feature_commands() -> None:
    from archive import commands

    commands.load_all()


_load_feature_commands()
