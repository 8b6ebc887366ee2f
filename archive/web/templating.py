"""Jinja2 set-up: autoescaping always on, and the few helpers templates use to show scraped data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import Response

from archive.web.security import safe_link

__all__ = ["templates", "render", "format_when", "percent", "clean_text"]

TEMPLATE_DIR = Path(__file__).parent / "templates"


def format_when(value: datetime | None, with_time: bool = True) -> str:
    """A datetime as the outlet wrote it (its own offset), to the minute."""
    if value is None:
        return "unknown"
    return value.isoformat(timespec="minutes") if with_time else value.date().isoformat()


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def clean_text(value: str | None) -> str:
    """Scraped text with any markup removed (archive.sanitise); autoescape then escapes the rest."""
    if not value:
        return ""
    try:
        from archive.sanitise import sanitise_text
    except ImportError:
        return str(value)
    return sanitise_text(str(value))


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) pieces (archive.search marks the matched words)."""
    if not snippet:
        return []
    try:
        from archive.search import snippet_parts as split
    except ImportError:
        return [(snippet, False)]
    return split(snippet)


def _environment() -> Environment:
    # autoescape=True for every template, whatever its extension: scraped text is always escaped,
    # and no template marks it safe.
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = format_when
    env.filters["safe_link"] = safe_link
    env.filters["clean"] = clean_text
    env.filters["snippet_parts"] = snippet_parts
    env.globals["percent"] = percent
    return env


def templates() -> Jinja2Templates:
    return Jinja2Templates(env=_environment())


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """Render ``name`` with ``context`` plus the app's config (for the read-only banner)."""
    config = request.app.state.config
    full = {"writable": bool(config.token), **context}
    tpl: Jinja2Templates = request.app.state.templates
    return tpl.TemplateResponse(request, name, full, status_code=status_code)
