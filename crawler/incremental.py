"""Which listed articles a crawl fetches again: the rules of incremental fetching, as pure functions.

A feed or sitemap entry is fetched when the archive has no successful capture of its URL, or
when the entry says the article changed after that capture (sitemap ``lastmod``, feed
``updated``, else the publication date). An entry with no date at all gives no sign of change.
Front pages carry no dates, so a known article linked from one is fetched again only once its
last capture is older than a configured interval.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from crawler.listings import Entry

__all__ = ["entry_date", "should_fetch", "conditional_headers", "body_digest"]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def entry_date(entry: Entry) -> datetime | None:
    """When the listing says the article last changed (updated, else published), timezone-aware."""
    when = entry.updated or entry.published
    return _aware(when) if when is not None else None


def should_fetch(entry: Entry, captured_at: datetime | None, *, kind: str, now: datetime,
                 frontpage_refetch_after: timedelta) -> bool:
    """Whether the entry leads to an article fetch, given the URL's last successful capture."""
    if captured_at is None:
        return True
    captured_at = _aware(captured_at)
    if kind == "frontpage":
        return now - captured_at >= frontpage_refetch_after
    changed = entry_date(entry)
    return changed is not None and changed > captured_at


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Request headers that let the server answer 304 when the listing has not changed."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
