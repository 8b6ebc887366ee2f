"""The item the crawler hands to the archive: one HTTP fetch and, when it held an article, its story."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from archive.story import SourceRef, Story

if TYPE_CHECKING:
    from archive.prepare import Prepared

__all__ = ["Capture", "KEPT_HEADERS"]

#: Response headers worth keeping with a capture (conditional re-fetches, replay, provenance).
KEPT_HEADERS = (
    "content-type", "content-length", "content-encoding", "content-language", "etag",
    "last-modified", "date", "location", "cache-control", "retry-after", "server",
)


@dataclass(slots=True)
class Capture:
    """One fetch of one URL, as the archive records it.

    ``story`` is None when the response held no article (an error page, a non-HTML body, a page
    with no article text); ``error_kind`` then says why, in a short stable word such as
    ``http_404``, ``not_html``, ``too_large``, ``no_article_text``, ``timeout``. ``prepared``
    holds the database-free work on it done ahead (archive.prepare); the body may then be dropped.
    """

    source: SourceRef
    requested_url: str
    final_url: str
    status: int | None
    fetched_at: datetime
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    request_headers: dict[str, str] = field(default_factory=dict)
    fetch_method: str = "http"  # "http" or "browser"
    discovered_via: str | None = None  # spider that found the URL: feeds, sitemaps, frontpages...
    story: Story | None = None
    error_kind: str | None = None
    error_detail: str | None = None
    prepared: Prepared | None = None

    @property
    def ok(self) -> bool:
        return self.story is not None and self.error_kind is None
