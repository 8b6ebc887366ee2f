"""What extraction finds on one page, before the editorial layer fills the portal's derived fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Extracted", "ExtractionError"]


class ExtractionError(ValueError):
    """The page cannot give an article; ``kind`` is a short stable word (``no_article_text``, ``not_html``...)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(slots=True)
class Extracted:
    """Fields read off one article page.

    Datetimes are timezone-aware when the page gave an offset, naive otherwise. ``signals`` names,
    for each field, the page signal that won (``jsonld``, ``opengraph``, ``meta``, ``microdata``,
    ``time``, ``url``, ``trafilatura``, ``htmldate``, ``portal``...). The ``source_*`` fields are
    set only when the page itself carries the portal's editorial fields (a standfirst, a list of
    key points, "Why this matters:", "What this means for you:").
    """

    url: str
    body: list[str]
    headline: str = ""
    canonical_url: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    section: str | None = None
    language: str | None = None
    image_url: str | None = None
    site_name: str | None = None
    source_summary: str | None = None
    source_key_points: list[str] = field(default_factory=list)
    source_why_this_matters: str | None = None
    source_what_this_means_for_you: str | None = None
    signals: dict[str, str] = field(default_factory=dict)
