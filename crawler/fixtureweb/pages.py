"""What a theme needs to draw a page: plain records, plus the small HTML helpers themes share."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from .model import ArticleDraft, ArticleState, OutletSpec

__all__ = [
    "Chrome", "ArticlePage", "ListingItem", "ListingPage", "PlainPage", "esc", "paras", "links",
    "VOLATILE_CLASSES", "US_EASTERN", "to_utc_z",
]

#: Class names of the page parts that change every edition without being article content.
#: Tests strip these before comparing two editions of an unchanged article.
VOLATILE_CLASSES = frozenset({"ticker", "most-read", "view-count", "last-updated", "trending",
                              "pageviews", "header-clock", "popular-posts", "weather"})
US_EASTERN = timezone(timedelta(hours=-4), "EDT")


@dataclass(frozen=True, slots=True)
class Chrome:
    """The volatile parts of an outlet's pages in one edition."""

    most_read: tuple[tuple[str, str], ...]
    views: int
    minutes_ago: int
    temperature: int


@dataclass(frozen=True, slots=True)
class ArticlePage:
    spec: OutletSpec
    base: str
    url: str
    draft: ArticleDraft
    state: ArticleState
    related: tuple[tuple[str, str], ...]
    chrome: Chrome
    head: str  # <title>, meta tags, canonical, JSON-LD: built by ``metadata``
    image_url: str


@dataclass(frozen=True, slots=True)
class ListingItem:
    href: str  # exactly as linked (relative or absolute, maybe with tracking query / fragment)
    headline: str
    standfirst: str
    section: str
    published: datetime
    image_url: str


@dataclass(frozen=True, slots=True)
class ListingPage:
    spec: OutletSpec
    base: str
    title: str
    heading: str
    items: tuple[ListingItem, ...]
    chrome: Chrome
    extra_links: tuple[tuple[str, str], ...] = ()  # (href, text) in a "More" block
    feeds: tuple[tuple[str, str], ...] = ()  # (type, href) for <link rel=alternate>


@dataclass(frozen=True, slots=True)
class PlainPage:
    spec: OutletSpec
    base: str
    title: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    chrome: Chrome | None = None
    extra_html: str = field(default="")


def esc(text: str) -> str:
    """HTML-escape text for element content and double-quoted attribute values (apostrophes stay
    literal, as most CMSes leave them)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def paras(texts: tuple[str, ...] | list[str], cls: str = "") -> str:
    """Paragraphs as ``<p>`` elements, one per line."""
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{esc(t)}</p>" for t in texts)


def links(items: tuple[tuple[str, str], ...], tag: str = "li") -> str:
    """(href, text) pairs as list items holding one link each."""
    return "\n".join(f'<{tag}><a href="{esc(h)}">{esc(t)}</a></{tag}>' for h, t in items)


def to_utc_z(when: datetime) -> str:
    """An aware datetime as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
