"""Plain records shared by the fixture web's modules: outlets, articles, responses, broken cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

__all__ = [
    "BASE_TIME", "EDITION_STEP", "BrokenCase", "Response", "Route", "ArticleDraft", "ArticleState",
    "OutletSpec", "ArticleTruth", "Syndicated", "edition_time",
]

#: "Now" of edition 1. Every date on the fixture web derives from it, never from the wall clock,
#: so the same seed gives the same bytes on any day.
BASE_TIME = datetime(2026, 10, 5, 7, 30, tzinfo=timezone(timedelta(hours=1)))
#: How far the newsroom clock moves between two editions.
EDITION_STEP = timedelta(hours=6)


def edition_time(edition: int) -> datetime:
    """The fixture web's "now" in one edition."""
    return BASE_TIME + (edition - 1) * EDITION_STEP


@dataclass(frozen=True, slots=True)
class BrokenCase:
    """A deliberately awkward URL and what a correct crawler should end up with.

    ``expected`` is an error kind (``http_404``, ``http_500``, ``redirect_loop``, ``not_html``,
    ``too_large``, ``no_article_text``, ``timeout``) or ``stored`` when the page must be archived.
    For stored cases ``final_url`` is where the article really lives and ``headline`` /
    ``text_sample`` are what the stored story must contain.
    """

    url: str
    expected: str
    name: str = ""
    final_url: str | None = None
    headline: str | None = None
    text_sample: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """One canned HTTP answer. ``delay`` seconds are slept before answering (slow pages)."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    compressible: bool = True


#: A route is a canned answer or a function building one on demand (huge or per-copy pages).
Route = Response | Callable[[], Response]


@dataclass(frozen=True, slots=True)
class OutletSpec:
    """An outlet as data: who it is and how its site is laid out."""

    key: str
    name: str
    short_name: str
    language: str
    html_lang: str
    country: str
    theme: str
    locale: str
    sections: tuple[tuple[str, str], ...]  # (path segment, label)
    feeds: tuple[str, ...]  # paths
    sitemaps: tuple[str, ...]  # paths listed in the sources file (news sitemap or index)
    robots: str  # robots.txt text with {base} for the outlet's base URL
    disallowed_link: str  # path (with query) linked from the front page but disallowed by robots
    title_suffix: str
    strapline: str = ""  # the line under the masthead; also the newsletter pitch
    render: str | None = None
    demo_index: int = -1
    hosts_broken: bool = False  # serves the broken cases (linked from its front page)
    tracked_link: bool = False  # one article is linked with tracking parameters everywhere


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """What never changes about an article: where it lives, who wrote it, when it appeared."""

    uid: str
    outlet: str
    path: str
    section: str
    topic: str
    authors: tuple[str, ...]
    published: datetime
    first_edition: int
    standfirst: str
    image_path: str
    image_caption: str
    pool: tuple[str, ...]  # sentences kept back for later edits
    headlines: tuple[str, ...]  # alternative headlines for rewrites
    corrections: tuple[str, ...]
    related: tuple[str, ...] = ()  # uids of older articles, with the headline they had when linked
    related_titles: tuple[str, ...] = ()
    hidden: bool = False  # never listed: reachable only through a broken case (redirect, slow page)
    link_query: str = ""  # tracking query the feeds/front pages put on this article's link
    extra: tuple[tuple[str, str], ...] = ()  # theme-specific fields (portal key points, ...)
    story_key: str = ""  # shared by copies of one syndicated story or one event


@dataclass(frozen=True, slots=True)
class Syndicated:
    """A story several outlets carry: the same wire copy (``mode="wire"``), or the same event
    reported independently (``mode="rewrite"``). ``variant`` is this outlet's copy number."""

    key: str
    topic: str
    mode: str
    variant: int
    published: datetime


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What an article looks like in one edition."""

    headline: str
    paragraphs: tuple[str, ...]
    modified: datetime
    listed: bool = True


@dataclass(frozen=True, slots=True)
class ArticleTruth:
    """Ground truth for one generated article in one edition, as a correct extractor should see it.

    ``url`` is the URL exactly as feeds/sitemaps link it; ``canonical_url`` is where the page says
    it lives (they differ only by tracking parameters, for one article).
    """

    url: str
    canonical_url: str
    outlet: str
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    published: datetime
    modified: datetime
    section: str
    language: str
    image_url: str
    listed: bool
