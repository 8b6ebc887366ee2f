"""Small helpers the research commands share (dates from options, highlighted snippets)."""

from __future__ import annotations

from datetime import UTC, datetime

from dateutil import parser as date_parser
from rich.text import Text

from archive.cli import fail
from archive.search import snippet_parts

__all__ = ["parse_when", "highlighted"]


def parse_when(value: str | None, option: str) -> datetime | None:
    """An option's date (naive means UTC), or exit with a clear message."""
    if not value:
        return None
    try:
        parsed: datetime = date_parser.parse(value)
    except (ValueError, OverflowError) as exc:
        fail(f"{option}: cannot read {value!r} as a date ({exc})")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def highlighted(snippet: str, style: str = "bold yellow") -> Text:
    """A search snippet with its matched words styled (marks removed)."""
    text = Text()
    for part, hit in snippet_parts(snippet):
        text.append(part, style=style if hit else "")
    return text
