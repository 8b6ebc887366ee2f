"""A generated outlet (herald, ledger, courier): pages, feeds and sitemaps for any edition."""

from __future__ import annotations

import random
import zlib
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from . import broken
from .binary import png
from .feeds import Channel, FeedItem, atom, news_sitemap, rss, sitemap_index, url_sitemap
from .metadata import article_head
from .model import ArticleTruth, BrokenCase, OutletSpec, Response, Route, Syndicated, edition_time
from .pages import ArticlePage, Chrome, ListingItem, ListingPage, PlainPage, esc
from .portal import expected_fields
from .sitebase import SiteOutlet, html_response, text_response, xml_response
from .themes import THEMES
from .timeline import Enricher, OutletTimeline

__all__ = ["DemoOutlet"]

_VARIANTS = ("{path}?utm_source=homepage&utm_medium=hero", "{abs}", "{path}#comments",
             "{path}?utm_source=homepage&utm_campaign=top-stories", "{abs}#main")
_RSS_TYPE = "application/rss+xml; charset=utf-8"
_ATOM_TYPE = "application/atom+xml; charset=utf-8"


class DemoOutlet(SiteOutlet):
    """One generated outlet, its timeline of editions and its ground truth."""

    def __init__(self, spec: OutletSpec, seed: int, base: str, slow_seconds: float = 4.0, *,
                 syndicated: tuple[Syndicated, ...] = (), enrich: Enricher | None = None) -> None:
        super().__init__(base)
        self.spec, self.key, self.name, self.seed = spec, spec.key, spec.name, seed
        self.theme = THEMES[spec.theme]
        hidden = broken.HIDDEN if spec.hosts_broken else ()
        self.timeline = OutletTimeline(spec, seed, self.theme.paths, hidden=hidden,
                                       tracked_link=spec.tracked_link, syndicated=syndicated, enrich=enrich)
        self.slow_seconds = slow_seconds
        self._broken = broken.BrokenSet(self) if spec.hosts_broken else None

    # -- URLs and ground truth --------------------------------------------------------------------
    def url(self, uid: str) -> str:
        return self.base + self.timeline.drafts[uid].path

    def linked(self, uid: str) -> str:
        query = self.timeline.drafts[uid].link_query
        return self.url(uid) + (f"?{query}" if query else "")

    def image_url(self, uid: str) -> str:
        return self.base + self.timeline.drafts[uid].image_path

    def article_urls(self, edition: int) -> set[str]:
        return {self.linked(u) for u in self.timeline.listed(edition)}

    def canonical_urls(self, edition: int) -> set[str]:
        return {self.url(u) for u in self.timeline.listed(edition)}

    def changes(self, from_edition: int, to_edition: int) -> dict[str, set[str]]:
        merged: dict[str, set[str]] = {}
        for n in range(from_edition + 1, to_edition + 1):
            for uid, kinds in self.timeline.changes(n).items():
                if "new" in kinds or "new" in merged.get(uid, ()):
                    merged[uid] = {"new"}
                else:
                    merged.setdefault(uid, set()).update(kinds)
        return {self.linked(uid): kinds for uid, kinds in merged.items()}

    def truth(self, edition: int) -> list[ArticleTruth]:
        """Every published article of this edition (listed, dropped and hidden ones)."""
        out = []
        for uid, s in self.timeline.state(edition).items():
            d = self.timeline.drafts[uid]
            out.append(ArticleTruth(
                url=self.linked(uid), canonical_url=self.url(uid), outlet=self.key, headline=s.headline,
                standfirst=d.standfirst, paragraphs=s.paragraphs, authors=d.authors, published=d.published,
                modified=s.modified, section=d.section, language=self.spec.language,
                image_url=self.image_url(uid), listed=s.listed))
        return out

    def broken_cases(self) -> list[BrokenCase]:
        return self._broken.cases() if self._broken else []

    def disallowed_urls(self) -> set[str]:
        return {self.base + self.spec.disallowed_link} if self.spec.disallowed_link else set()

    def portal_expected(self, edition: int) -> dict[str, dict[str, Any]]:
        """Listed URL -> the editorial fields the page itself carries (portal outlets only)."""
        state = self.timeline.state(edition)
        out = {}
        for uid in self.timeline.listed(edition):
            d = self.timeline.drafts[uid]
            if d.extra:
                out[self.linked(uid)] = expected_fields(state[uid].headline, d.standfirst,
                                                        state[uid].paragraphs, dict(d.extra))
        return out

    def story_groups(self, edition: int) -> dict[str, set[str]]:
        """Story key -> this outlet's listed URLs (an outlet's own stories are keyed by uid)."""
        groups: dict[str, set[str]] = {}
        for uid in self.timeline.listed(edition):
            key = self.timeline.drafts[uid].story_key or uid
            groups.setdefault(key, set()).add(self.linked(uid))
        return groups

    def sources_entry(self) -> dict[str, Any]:
        spec = self.spec
        entry: dict[str, Any] = {
            "key": spec.key, "name": spec.name, "home": f"{self.base}/", "language": spec.language,
            "country": spec.country, "feeds": [self.base + p for p in spec.feeds],
            "sitemaps": [self.base + p for p in spec.sitemaps],
            "frontpages": [f"{self.base}/", *(self.base + p for p, _ in spec.sections[:2])],
        }
        if spec.render:
            entry["render"] = spec.render
        return entry

    def not_found(self, path: str) -> Response:
        return html_response(self.plain_html("Page not found", "We can't find that page",
                                             ("It may have been moved or deleted.",)), 404)

    # -- pages --------------------------------------------------------------------------------------
    def chrome(self, edition: int, page_key: str) -> Chrome:
        rng = random.Random(f"{self.seed}:{self.key}:chrome:{edition}")
        listed = self.timeline.listed(edition)
        state = self.timeline.state(edition)
        picks = rng.sample(listed, min(5, len(listed)))
        views = random.Random(f"{self.seed}:{self.key}:views:{edition}:{page_key}").randint(800, 48000)
        return Chrome(tuple((self.url(u), state[u].headline) for u in picks), views,
                      rng.randint(1, 59), rng.randint(48, 71))

    def article_html(self, uid: str, edition: int) -> str:
        d, s = self.timeline.drafts[uid], self.timeline.state(edition)[uid]
        url = self.url(uid)
        head = article_head(self.spec, self.base, url, d, s, self.image_url(uid), self.theme.STYLE)
        related = tuple((self.base + self.timeline.drafts[r].path, t)
                        for r, t in zip(d.related, d.related_titles, strict=True))
        page = ArticlePage(self.spec, self.base, url, d, s, related, self.chrome(edition, uid), head,
                           self.image_url(uid))
        return self.theme.article(page)

    def plain_html(self, title: str, heading: str, paragraphs: tuple[str, ...], edition: int = 1,
                   extra_html: str = "") -> str:
        page = PlainPage(self.spec, self.base, f"{title}{self.spec.title_suffix}", heading, paragraphs,
                         self.chrome(edition, title), extra_html)
        return self.theme.plain(page)

    def _items(self, uids: list[str], edition: int, hrefs: list[str]) -> tuple[ListingItem, ...]:
        state = self.timeline.state(edition)
        return tuple(
            ListingItem(href, state[u].headline, self.timeline.drafts[u].standfirst,
                        self.timeline.drafts[u].section, self.timeline.drafts[u].published, self.image_url(u))
            for u, href in zip(uids, hrefs, strict=True))

    def _feed_links(self) -> tuple[tuple[str, str], ...]:
        return tuple(("application/atom+xml" if "atom" in p else "application/rss+xml", self.base + p)
                     for p in self.spec.feeds)

    def front_html(self, edition: int) -> str:
        uids = self.timeline.listed(edition)
        hrefs = [_VARIANTS[i % len(_VARIANTS)].format(path=self.timeline.drafts[u].path, abs=self.url(u))
                 for i, u in enumerate(uids)]
        extra = (((self.spec.disallowed_link, _DISALLOWED_TEXT.get(self.key, "Staff area")),)
                  if self.spec.disallowed_link else ()) + (self._broken.links() if self._broken else ())
        page = ListingPage(self.spec, self.base, f"{self.spec.name}: latest news", self.spec.name,
                           self._items(uids, edition, hrefs), self.chrome(edition, "/"), extra,
                           self._feed_links())
        return self.theme.listing(page)

    def section_html(self, path: str, label: str, edition: int) -> str:
        uids = [u for u in self.timeline.listed(edition) if self.timeline.drafts[u].section == label]
        hrefs = [self.timeline.drafts[u].path for u in uids]
        page = ListingPage(self.spec, self.base, f"{label}{self.spec.title_suffix}", label,
                           self._items(uids, edition, hrefs), self.chrome(edition, path),
                           feeds=self._feed_links())
        return self.theme.listing(page)

    def _feed_items(self, edition: int) -> list[FeedItem]:
        state = self.timeline.state(edition)
        items = []
        for uid in self.timeline.listed(edition):
            d, s = self.timeline.drafts[uid], state[uid]
            guid = self.linked(uid)
            content = ""
            if self.spec.theme == "courier":
                guid = f"{self.base}/?p={zlib.crc32(uid.encode()) % 90000 + 10000}"
                content = "".join(f"<p>{esc(p)}</p>" for p in s.paragraphs[:2]) + (
                    f'<p>The post <a href="{esc(self.url(uid))}">{esc(s.headline)}</a> '
                    f"appeared first on {esc(self.spec.name)}.</p>")
            elif self.spec.theme == "ledger":
                guid = f"tag:{self.key}.localhost,2026:{uid}"
            items.append(FeedItem(self.linked(uid), s.headline, d.standfirst, d.published, s.modified,
                                  d.authors, d.section, guid, self.image_url(uid), content))
        return items

    def _channel(self, edition: int, path: str) -> Channel:
        return Channel(self.spec.name, f"{self.base}/", self.base + path,
                       f"The latest news from {self.spec.name}", self.spec.html_lang, edition_time(edition),
                       self.theme.STYLE.time)

    def _feeds_and_sitemaps(self, edition: int) -> dict[str, Route]:
        items = self._feed_items(edition)
        style, lang = self.theme.STYLE.time, self.spec.language
        out: dict[str, Route] = {}
        for path in self.spec.feeds:
            ch = self._channel(edition, path)
            if "atom" in path:
                feed_id = f"tag:{self.key}.localhost,2026:feed"
                out[path] = Response(200, atom(ch, items, feed_id).encode(), _ATOM_TYPE)
            else:
                out[path] = Response(200, rss(ch, items).encode(), _RSS_TYPE)
        for path in self.spec.sitemaps:
            if "index" not in path:
                out[path] = xml_response(news_sitemap(items, self.spec.name, lang, style))
                continue
            children = {"/sitemaps/news.xml": news_sitemap(items, self.spec.name, lang, style),
                        f"/sitemaps/articles-{edition_time(edition):%Y-%m}.xml": url_sitemap(items, style)}
            out.update({p: xml_response(text) for p, text in children.items()})
            out[path] = xml_response(sitemap_index(
                [(self.base + p, edition_time(edition)) for p in children], style))
        return out

    def routes(self, edition: int) -> dict[str, Route]:
        out: dict[str, Route] = {
            "/robots.txt": text_response(self.spec.robots.format(base=self.base)),
            "/": html_response(self.front_html(edition)),
        }
        for path, label in self.spec.sections:
            out[path] = html_response(self.section_html(path, label, edition))
        out.update(self._feeds_and_sitemaps(edition))
        for uid, s in self.timeline.state(edition).items():
            d = self.timeline.drafts[uid]
            modified = (("Last-Modified", format_datetime(s.modified.astimezone(UTC), usegmt=True)),)
            out[d.path] = html_response(self.article_html(uid, edition), headers=modified)
            out[d.image_path] = Response(200, png(), "image/png")
        if self.spec.disallowed_link:
            blocked = self.spec.disallowed_link.split("?")[0]
            out[blocked] = html_response(self.plain_html(
                "Restricted", "Staff and members only", ("This area is not for public access.",), edition))
        if self._broken:
            out.update(self._broken.routes(edition))
        return out


_DISALLOWED_TEXT = {
    "herald": "Staff rota (internal)", "ledger": "Search the Ledger", "courier": "Members' area",
}
