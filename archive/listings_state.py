"""Reads and writes of the crawler's memory about listings and known article URLs.

Feeds and sitemaps are re-polled every few minutes; their validators (ETag, Last-Modified) make
an unchanged listing cost one 304, and ``known_urls`` tells which announced articles the archive
already holds, and since when, so only new or changed entries are fetched again. The same
memory, read per outlet (``listing_statuses``), is what the outlet page shows editors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import models
from archive.upsert import insert_or_ignore

__all__ = ["ListingValidators", "ListingPoll", "ListingStatus", "load_validators", "record_polls", "known_urls",
           "listing_statuses"]

_BATCH = 500


@dataclass(frozen=True, slots=True)
class ListingValidators:
    """What to send on the next poll of a listing (``If-None-Match`` / ``If-Modified-Since``)."""

    url: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class ListingPoll:
    """One poll of one listing, as the crawler saw it."""

    url: str
    kind: str  # feed | sitemap | sitemapindex | frontpage
    status: int | None
    fetched_at: datetime
    source_key: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None  # None on a 304 (the body was not sent again)
    entries: int | None = None
    failed: bool = False


@dataclass(frozen=True, slots=True)
class ListingStatus:
    """How the polls of one listing went (every field but the URL and kind is None before the first)."""

    url: str
    kind: str
    last_fetched_at: datetime | None = None
    last_status: int | None = None
    entries: int | None = None
    failures: int | None = None


def listing_statuses(session: Session, source_id: int) -> list[ListingStatus]:
    """The polled listings of one outlet, by kind then URL."""
    state = models.ListingState
    stmt = (select(state.url, state.kind, state.last_fetched_at, state.last_status, state.entries, state.failures)
            .where(state.source_id == source_id).order_by(state.kind, state.url))
    return [ListingStatus(*row) for row in session.execute(stmt)]


def load_validators(session: Session, urls: Iterable[str]) -> dict[str, ListingValidators]:
    """Stored validators for those listing URLs that have any."""
    wanted = list(dict.fromkeys(urls))
    out: dict[str, ListingValidators] = {}
    for start in range(0, len(wanted), _BATCH):
        rows = session.scalars(select(models.ListingState)
                               .where(models.ListingState.url.in_(wanted[start:start + _BATCH])))
        for row in rows:
            out[row.url] = ListingValidators(row.url, row.kind, row.etag, row.last_modified, row.body_sha256)
    return out


def _source_id(session: Session, key: str | None) -> int | None:
    if not key:
        return None
    return session.scalar(select(models.Source.id).where(models.Source.key == key))


def record_polls(session: Session, polls: Iterable[ListingPoll]) -> int:
    """Store the outcome of each poll (validators, change time, failure count); returns how many."""
    count = 0
    for poll in polls:
        insert_or_ignore(session, models.ListingState, {"url": poll.url, "kind": poll.kind, "entries": 0,
                                                        "failures": 0}, keys=["url"])
        row = session.scalars(select(models.ListingState).where(models.ListingState.url == poll.url)).one()
        row.kind = poll.kind
        row.source_id = row.source_id or _source_id(session, poll.source_key)
        row.last_status = poll.status
        row.last_fetched_at = poll.fetched_at
        if poll.failed:
            row.failures = (row.failures or 0) + 1
            count += 1
            continue
        row.failures = 0
        if poll.status != 304:
            if poll.body_sha256 != row.body_sha256:
                row.last_changed_at = poll.fetched_at
            row.etag, row.last_modified, row.body_sha256 = poll.etag, poll.last_modified, poll.body_sha256
            if poll.entries is not None:
                row.entries = poll.entries
        count += 1
    session.flush()
    return count


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def known_urls(session: Session, urls: Iterable[str]) -> dict[str, datetime]:
    """URL -> when the archive last captured it successfully (requested or final URL), for known URLs.

    Error captures do not count: a page that failed last time is fetched again.
    """
    wanted = list(dict.fromkeys(urls))
    out: dict[str, datetime] = {}
    capture = models.Capture
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start:start + _BATCH]
        for column in (capture.requested_url, capture.final_url):
            query = (select(column, func.max(capture.fetched_at))
                     .where(column.in_(chunk), capture.outcome != "error").group_by(column))
            for url, when in session.execute(query):
                when = _aware(when)
                if url not in out or when > out[url]:
                    out[url] = when
    return out
