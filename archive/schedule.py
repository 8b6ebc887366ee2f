"""When to fetch an archived article again: often while it is young or changing, rarely once it settles.

News is edited most in its first hours; a story that changed recently is likely to change again.
So the revisit interval grows with the article's age (15 minutes in the first hours, then hours,
days, weeks) and shrinks again after a change. The schedule is computed from what the archive
already records (publication, last change, last fetch), so every writer sees the same schedule
and nothing needs keeping in step. The crawler's ``revisit`` spider fetches what is due, with
the validators (ETag, Last-Modified) of the last capture so an unchanged page costs a 304.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from archive.models import Article, Capture, Source, Version
from archive.rows import join_instant

__all__ = ["DueItem", "AGE_STEPS", "revisit_interval", "schedule", "due_now", "revisit_state",
           "conditional_headers"]

#: (article younger than, revisit every): the back-off with age.
AGE_STEPS: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=3), timedelta(minutes=15)),
    (timedelta(hours=12), timedelta(hours=1)),
    (timedelta(days=2), timedelta(hours=3)),
    (timedelta(days=7), timedelta(hours=12)),
    (timedelta(days=30), timedelta(days=2)),
)
OLDEST_INTERVAL = timedelta(days=14)
MIN_INTERVAL = timedelta(minutes=15)
#: A change this recent tightens the interval (to a quarter of the time since the change).
RECENT_CHANGE = timedelta(days=1)
GONE_INTERVAL = timedelta(days=7)
_GONE = ("http_404", "http_410")


def revisit_interval(now: datetime, published: datetime, last_changed: datetime | None,
                     gone: bool = False) -> tuple[timedelta, str]:
    """How long to wait between two fetches of an article, and why.

    ``last_changed`` is when its latest version was first seen, or None if it never changed.
    """
    if gone:
        return GONE_INTERVAL, "gone (HTTP 404/410 last time)"
    age = max(now - published, timedelta(0))
    interval = next((every for younger_than, every in AGE_STEPS if age < younger_than), OLDEST_INTERVAL)
    reason = f"age {_short(age)}"
    if last_changed is not None:
        since = max(now - last_changed, timedelta(0))
        if since < RECENT_CHANGE and since / 4 < interval:
            return max(MIN_INTERVAL, since / 4), f"changed {_short(since)} ago"
    return interval, reason


def _short(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@dataclass(frozen=True, slots=True)
class DueItem:
    """One archived article's place in the revisit schedule."""

    article_id: int
    story_id: str
    url: str
    outlet: str
    published: datetime        # published, else first seen
    last_checked: datetime     # last fetch of any outcome
    last_changed: datetime | None  # first capture of the latest version, when there are several
    versions: int
    interval: timedelta
    due_at: datetime
    reason: str
    etag: str | None = None
    last_modified: str | None = None

    def is_due(self, now: datetime) -> bool:
        return self.due_at <= now

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "story_id": self.story_id, "url": self.url, "outlet": self.outlet,
                "published": self.published.isoformat(), "last_checked": self.last_checked.isoformat(),
                "last_changed": self.last_changed.isoformat() if self.last_changed else None,
                "versions": self.versions, "interval_s": int(self.interval.total_seconds()),
                "due_at": self.due_at.isoformat(), "reason": self.reason}


def conditional_headers(item: DueItem) -> dict[str, str]:
    """Request headers that let the server answer 304 Not Modified."""
    headers = {}
    if item.etag:
        headers["If-None-Match"] = item.etag
    if item.last_modified:
        headers["If-Modified-Since"] = item.last_modified
    return headers


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _base_query(outlets: Iterable[str] | None) -> Select[Any]:
    last_any = (select(Capture.article_id, func.max(Capture.id).label("cid"))
                .where(Capture.article_id.is_not(None)).group_by(Capture.article_id).subquery())
    last_ok = (select(Capture.article_id, func.max(Capture.id).label("cid"))
               .where(Capture.article_id.is_not(None), Capture.outcome != "error")
               .group_by(Capture.article_id).subquery())
    checked, ok = aliased(Capture), aliased(Capture)
    stmt: Any = (select(Article.id, Article.story_id, Article.canonical_url, Source.key, Article.first_seen_at,
                   Article.last_version_number, Version.published_at, Version.published_offset_min,
                   Version.captured_at, checked.fetched_at, checked.error_kind, ok.headers)
            .join(Source, Source.id == Article.source_id)
            .join(Version, (Version.article_id == Article.id) & (Version.number == Article.last_version_number))
            .join(last_any, last_any.c.article_id == Article.id)
            .join(checked, checked.id == last_any.c.cid)
            .outerjoin(last_ok, last_ok.c.article_id == Article.id)
            .outerjoin(ok, ok.id == last_ok.c.cid))
    if outlets:
        stmt = stmt.where(Source.key.in_(list(outlets)))
    return stmt


def _item(row: Any, now: datetime) -> DueItem:
    (article_id, story_id, url, key, first_seen, versions, published_at, offset, changed_at, checked_at,
     error_kind, headers) = row
    published = join_instant(published_at, offset) or _aware(first_seen)
    last_changed = _aware(changed_at) if versions > 1 else None
    interval, reason = revisit_interval(now, published, last_changed, gone=error_kind in _GONE)
    checked = _aware(checked_at)
    headers = headers or {}
    return DueItem(article_id, story_id, url, key, published, checked, last_changed, versions, interval,
                   checked + interval, reason, headers.get("etag"), headers.get("last-modified"))


def schedule(session: Session, *, now: datetime | None = None, outlets: Iterable[str] | None = None,
             limit: int | None = None) -> list[DueItem]:
    """Every archived article with its next revisit time, soonest first."""
    now = now or datetime.now(UTC)
    items = sorted((_item(row, now) for row in session.execute(_base_query(outlets))),
                   key=lambda i: (i.due_at, i.article_id))
    return items[:limit] if limit is not None else items


def due_now(session: Session, *, now: datetime | None = None, outlets: Iterable[str] | None = None,
            limit: int | None = None, everything: bool = False) -> list[DueItem]:
    """Articles whose revisit time has come (all of them with ``everything``), most overdue first."""
    now = now or datetime.now(UTC)
    items = [i for i in schedule(session, now=now, outlets=outlets) if everything or i.is_due(now)]
    return items[:limit] if limit is not None else items


def revisit_state(session: Session, urls: Iterable[str], *, now: datetime | None = None) -> dict[str, DueItem]:
    """URL -> schedule entry, for the URLs that are archived articles (canonical or captured URL)."""
    wanted = list(dict.fromkeys(urls))
    now = now or datetime.now(UTC)
    out: dict[str, DueItem] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        via_capture = select(Capture.article_id).where(
            or_(Capture.requested_url.in_(chunk), Capture.final_url.in_(chunk)))
        stmt = _base_query(None).where(or_(Article.canonical_url.in_(chunk), Article.id.in_(via_capture)))
        items = [_item(row, now) for row in session.execute(stmt)]
        by_id = {i.article_id: i for i in items}
        for item in items:
            out[item.url] = item
        links = session.execute(select(Capture.requested_url, Capture.final_url, Capture.article_id).where(
            Capture.article_id.in_(list(by_id)),
            or_(Capture.requested_url.in_(chunk), Capture.final_url.in_(chunk))))
        for requested, final, article_id in links:
            for url in (requested, final):
                if url in chunk and article_id is not None:
                    out.setdefault(url, by_id[article_id])
    return out
