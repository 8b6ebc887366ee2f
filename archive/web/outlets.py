"""An outlet's health for editors: what is crawled, when, what failed, and how complete its stories are."""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from archive import models
from archive.listings_state import ListingStatus, listing_statuses
from archive.models import Article, Capture, Source, Version

__all__ = ["OutletReport", "ListingRow", "ErrorRow", "outlet_report", "ReportCache"]

_STORED = ("new_article", "new_version", "unchanged")
_RECENT_ERRORS = 20


#: A feed, sitemap or front page the crawler reads for this outlet, and how its polls went.
ListingRow = ListingStatus


@dataclass(frozen=True, slots=True)
class ErrorRow:
    url: str
    kind: str | None
    detail: str | None
    fetched_at: datetime


@dataclass
class OutletReport:
    key: str
    name: str
    home_url: str
    language: str | None
    country: str | None
    articles: int = 0
    captures: int = 0
    errors: int = 0
    last_fetch: datetime | None = None
    missing_dates: int = 0  # articles whose latest version has no publication date
    missing_authors: int = 0
    browser_captures: int = 0  # article captures that needed a JavaScript-rendering browser
    stored_captures: int = 0
    paywalled: int = 0
    paywall_known: bool = False  # False: this archive does not record paywalls yet
    as_of: datetime | None = None  # when these figures were read
    listings: list[ListingRow] = field(default_factory=list)
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    recent_errors: list[ErrorRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in list(data.items()):
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        for rows in (data["listings"], data["recent_errors"]):
            for row in rows:
                for key, value in row.items():
                    if isinstance(value, datetime):
                        row[key] = value.isoformat()
        return data


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def _completeness(session: Session, report: OutletReport, source_id: int) -> None:
    """Articles, and those whose latest version lacks a date or authors: one pass."""
    stmt = (select(func.count(), func.sum(case((Version.published_at.is_(None), 1), else_=0)),
                   func.sum(case((func.json_array_length(Version.authors) == 0, 1), else_=0)))
            .select_from(Version).join(Article, Article.id == Version.article_id)
            .where(Article.source_id == source_id, Version.number == Article.last_version_number))
    articles, no_date, no_authors = session.execute(stmt).one()
    report.articles, report.missing_dates, report.missing_authors = int(articles), int(no_date or 0), int(no_authors or 0)


def _captures(session: Session, report: OutletReport, source_id: int) -> None:
    """Capture counts, last fetch and errors by kind: one pass over the outlet's captures."""
    stmt = (select(Capture.outcome, Capture.error_kind, Capture.fetch_method, func.count(), func.max(Capture.fetched_at))
            .where(Capture.source_id == source_id)
            .group_by(Capture.outcome, Capture.error_kind, Capture.fetch_method))
    for outcome, kind, method, count, last in session.execute(stmt):
        report.captures += count
        if last is not None and (report.last_fetch is None or last > report.last_fetch):
            report.last_fetch = last
        if outcome in _STORED:
            report.stored_captures += count
            report.browser_captures += count if method == "browser" else 0
        elif outcome == "error":
            key = str(kind)
            report.errors_by_kind[key] = report.errors_by_kind.get(key, 0) + count
    report.errors = sum(report.errors_by_kind.values())
    recent = (select(Capture.requested_url, Capture.error_kind, Capture.error_detail, Capture.fetched_at)
              .where(Capture.source_id == source_id, Capture.outcome == "error")
              .order_by(Capture.fetched_at.desc(), Capture.id.desc()).limit(_RECENT_ERRORS))
    report.recent_errors = [ErrorRow(*row) for row in session.execute(recent)]


def _paywall(session: Session, report: OutletReport, source_id: int) -> None:
    """Captures flagged ``paywalled`` (capture_flags), when this archive records such flags."""
    flag = getattr(models, "CaptureFlag", None)
    if flag is None:
        return
    report.paywall_known = True
    report.paywalled = _count(session, select(func.count()).select_from(flag)
                              .join(Capture, Capture.id == flag.capture_id)
                              .where(Capture.source_id == source_id, flag.flag == "paywalled"))


def _listings(session: Session, source_id: int, outlet_key: str, sources: Path | None) -> list[ListingRow]:
    rows = {r.url: r for r in listing_statuses(session, source_id)}
    for kind, url in _configured(outlet_key, sources):
        rows.setdefault(url, ListingRow(url, kind))
    return sorted(rows.values(), key=lambda r: (r.kind, r.url))


def _configured(outlet_key: str, sources: Path | None) -> list[tuple[str, str]]:
    """The outlet's feeds, sitemaps and front pages as the sources file lists them."""
    if sources is None:
        return []
    from crawler.sources import SourcesError, load_sources

    try:
        outlets = load_sources(sources)
    except SourcesError:
        return []
    out = []
    for outlet in outlets:
        if outlet.key == outlet_key:
            out += [("feed", u) for u in outlet.feeds] + [("sitemap", u) for u in outlet.sitemaps]
            out += [("frontpage", u) for u in outlet.frontpages]
    return out


def outlet_report(session: Session, key: str, sources: Path | None = None) -> OutletReport | None:
    """Everything the outlet page shows, or None for an unknown outlet key."""
    source = session.scalar(select(Source).where(Source.key == key))
    if source is None:
        return None
    report = OutletReport(key=source.key, name=source.name, home_url=source.home_url, language=source.language,
                          country=source.country, as_of=datetime.now(UTC))
    _completeness(session, report, source.id)
    _captures(session, report, source.id)
    _paywall(session, report, source.id)
    report.listings = _listings(session, source.id, key, sources)
    return report


class ReportCache:
    """Outlet reports kept for ``ttl`` seconds: they scan every capture of the outlet, and crawl
    health that is a minute old serves an editor as well as a fresh one (the page says its age)."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._reports: dict[str, tuple[float, OutletReport | None]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, key: str, sources: Path | None) -> OutletReport | None:
        now = time.monotonic()
        with self._lock:
            cached = self._reports.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        report = outlet_report(session, key, sources)
        with self._lock:
            self._reports[key] = (now, report)
        return report
