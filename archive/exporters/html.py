"""Export a static site: one page per story in the portal layout, plus an index, safe to publish.

Pages come from Jinja2 templates shipped in this package, with autoescaping on; every scraped
field is sanitised first (``archive.exporters.present``), and each page carries a Content
Security Policy that forbids scripts, so hostile markup in a source page can neither run nor
load anything. The newest exported version of a story is ``stories/<id>.html``; with all
versions exported, older ones are ``stories/<id>.v<N>.html`` and the history links them.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.exporters.files import ExportResult, atomic_dir, folder_digests, listing_digest
from archive.exporters.present import Presented, present
from archive.exporters.selection import ExportFilters, ExportRow, iter_versions
from archive.models import Version
from archive.sanitise import sanitise_text

__all__ = ["export_html", "environment", "SITE_TITLE"]

SITE_TITLE = "newsarchive"


@dataclass(frozen=True, slots=True)
class HistoryLine:
    number: int
    captured_at: datetime
    headline: str
    page: str | None  # file name of this version's page, when it was exported


@dataclass(frozen=True, slots=True)
class IndexEntry:
    page: str
    headline: str
    outlet_name: str
    summary: str
    when: datetime | None
    versions: int


def _iso(value: datetime) -> str:
    return value.isoformat()


def _human(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


def environment() -> Environment:
    """The site's Jinja2 environment: package templates, autoescape always on, strict variables."""
    env = Environment(loader=PackageLoader("archive.exporters", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["iso"] = _iso
    env.filters["human"] = _human
    return env


def _page_name(story_id: str, version: int, newest: bool) -> str:
    return f"{story_id}.html" if newest else f"{story_id}.v{version}.html"


def _history(session: Session, article_id: int, pages: dict[int, str]) -> list[HistoryLine]:
    stmt = (select(Version.number, Version.captured_at, Version.headline)
            .where(Version.article_id == article_id).order_by(Version.number))
    return [HistoryLine(n, at, sanitise_text(h), pages.get(n)) for n, at, h in session.execute(stmt)]


def _write_article(session: Session, env: Environment, stories: Path, rows: list[ExportRow],
                   title: str) -> IndexEntry:
    """Pages of one article's exported versions (oldest first in ``rows``); its index entry."""
    newest = rows[-1].version
    pages = {r.version: _page_name(r.story.id, r.version, r.version == newest) for r in rows}
    history = _history(session, rows[0].article_id, pages)
    template = env.get_template("story.html")
    latest: Presented | None = None
    for row in rows:
        shown = present(row)
        html = template.render(s=shown, history=history, root="../", site_title=title, lang=shown.language or "en")
        (stories / pages[row.version]).write_text(html, encoding="utf-8")
        latest = shown
    assert latest is not None
    return IndexEntry(page=f"stories/{pages[newest]}", headline=latest.headline, outlet_name=latest.outlet_name,
                      summary=latest.summary, when=latest.published_at or latest.captured_at,
                      versions=len(history))


def export_html(session: Session, out_dir: str | os.PathLike[str], filters: ExportFilters, *,
                title: str = SITE_TITLE) -> ExportResult:
    """Write the site into the folder ``out_dir`` (replaced whole, atomically); count = pages written."""
    target = Path(out_dir)
    env = environment()
    entries: list[IndexEntry] = []
    count = 0
    with atomic_dir(target) as root:
        stories = root / "stories"
        stories.mkdir()
        by_article = itertools.groupby(iter_versions(session, filters=filters), key=lambda r: r.article_id)
        for _, group in by_article:
            rows = list(group)
            entries.append(_write_article(session, env, stories, rows, title))
            count += len(rows)
        entries.sort(key=lambda e: (e.when or datetime.min.replace(tzinfo=UTC), e.page), reverse=True)
        index = env.get_template("index.html").render(entries=entries, root="", site_title=title, lang="en")
        (root / "index.html").write_text(index, encoding="utf-8")
        style = env.loader.get_source(env, "style.css")[0]  # type: ignore[union-attr]
        (root / "style.css").write_text(style, encoding="utf-8")
        files = folder_digests(root)
    return ExportResult(count=count, path=target, sha256=listing_digest(files), files=files,
                        extra={"articles": len(entries)})
