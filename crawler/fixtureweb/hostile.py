"""The ``hostile`` outlet: pages and responses built to break a crawler (issue 8).

Each case is one URL with the outcome a correct crawler should end up with, so the reliability
tests can be table-driven. Huge answers (a 50 MB page, a gzip bomb, a million-URL sitemap) are
built on first request and kept, so merely constructing a FixtureWeb stays cheap.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from .feeds import FeedItem, news_sitemap
from .model import BASE_TIME, Response, Route
from .pages import esc
from .sitebase import SiteOutlet, html_response, redirect, text_response, xml_response

__all__ = ["HostileOutlet", "HostileCase", "HUGE_PAGE_BYTES", "BOMB_DECODED_BYTES", "MILLION", "PRIVATE_TARGET",
           "METADATA_TARGET", "FEED_ONLY_PATH"]

HUGE_PAGE_BYTES = 50 * 1024 * 1024
BOMB_DECODED_BYTES = 256 * 1024 * 1024
MILLION = 1_000_000
#: Redirect targets no crawler may fetch; nothing listens there, so an attempt would time out.
PRIVATE_TARGET = "http://10.0.0.1/internal/admin"
METADATA_TARGET = "http://169.254.169.254/latest/meta-data/"
#: Only the billion-laughs feed links this article.
FEED_ONLY_PATH = "/feed-only/laughs-survivor"
_DAY = "/news/2026/10/05/"

_PARAS = (
    "The harbour authority confirmed on Monday that the eastern breakwater will close for repairs "
    "from next month, after divers found cracks along a forty-metre stretch of the old stone wall.",
    "Fishing crews who moor behind the breakwater say the closure will force them to share berths in "
    "the inner basin, where space is already tight during the autumn herring season.",
    "An engineer for the authority said the work should take eleven weeks if the weather holds, and "
    "that temporary pontoons will be placed near the ferry slip for smaller boats.",
    "Local councillors asked for a public meeting before the closure starts, saying traders on the "
    "quay had learned about the plan from a notice pinned to the harbour office door.",
    "The authority said a meeting would be held at the town hall next Thursday evening and that the "
    "full survey report would be published on its website beforehand.",
)
ARABIC_HEADLINE = "افتتاح مكتبة عامة جديدة في وسط المدينة بعد سنوات من الانتظار"
_ARABIC_PARAS = (
    "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في وسط المدينة، بعد أكثر من خمس سنوات على وضع حجر "
    "الأساس، وسط حضور كبير من السكان والطلاب والمعلمين.",
    "وتضم المكتبة أكثر من أربعين ألف كتاب باللغتين العربية والإنجليزية، إضافة إلى قاعة للأطفال "
    "ومختبر حاسوب مفتوح للجميع طوال أيام الأسبوع.",
    "وقال رئيس البلدية إن المشروع تأخر بسبب ارتفاع تكاليف البناء، لكنه أكد أن المكتبة ستبقى مجانية "
    "لكل من يحمل بطاقة إقامة في المدينة.",
    "ورحب أولياء الأمور بالافتتاح، مشيرين إلى أن أقرب مكتبة كانت تبعد أكثر من عشرين كيلومترا عن "
    "الأحياء الشمالية.",
)


@dataclass(frozen=True, slots=True)
class HostileCase:
    """One hostile URL. ``expected`` is ``stored`` or the capture error kinds a correct crawler may
    record (several when more than one word is an honest answer); ``headline`` must be stored as is."""

    name: str
    url: str
    expected: tuple[str, ...]
    headline: str | None = None
    location: str | None = None  # where a redirect points (a blocked capture may name it instead)


def _article(headline: str, paras: tuple[str, ...] = _PARAS, *, lang: str = "en", head: str = "",
             charset: bool = True, published: str | None = None, dirn: str = "ltr") -> str:
    stamp = published or (BASE_TIME - timedelta(hours=2)).isoformat()
    meta = '<meta charset="utf-8">' if charset else ""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{dirn}"><head>{meta}<title>{esc(headline)}</title>'
            f'<meta property="article:published_time" content="{stamp}">{head}</head><body>'
            f'<article><h1>{esc(headline)}</h1><p class="byline">By Rowan Vale</p>'
            f'<div class="article-body">\n{body}\n</div></article></body></html>\n')


@cache
def _huge_page() -> Response:
    head = _article("A live page that never stops growing").encode()
    filler = b"<p>Another update from the quay, minute by minute.</p>\n" * (HUGE_PAGE_BYTES // 54)
    return Response(200, head + filler, "text/html; charset=utf-8", compressible=False)


@cache
def _gzip_bomb() -> Response:
    pack = zlib.compressobj(1, zlib.DEFLATED, 31)  # gzip framing; level 1 is the quickest to build
    block = b" " * (1024 * 1024)
    data = b"".join(pack.compress(block) for _ in range(BOMB_DECODED_BYTES // len(block))) + pack.flush()
    return Response(200, data, "text/html; charset=utf-8", (("Content-Encoding", "gzip"),), compressible=False)


@cache
def _million_sitemap(base: str) -> Response:
    pack = zlib.compressobj(6, zlib.DEFLATED, 31)
    parts = [pack.compress(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')]
    for start in range(0, MILLION, 10_000):
        chunk = "".join(f"<url><loc>{base}/m/{n}</loc></url>\n" for n in range(start, start + 10_000))
        parts.append(pack.compress(chunk.encode()))
    parts.append(pack.compress(b"</urlset>\n") + pack.flush())
    return Response(200, b"".join(parts), "application/x-gzip", compressible=False)


_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                     for i in range(1, 10)) + "]>\n")


class HostileOutlet(SiteOutlet):
    """Hostile pages listed by a news sitemap, plus a billion-laughs feed and two sitemap bombs."""

    key = "hostile"
    name = "The Hostile Gazette"

    def __init__(self, base: str) -> None:
        super().__init__(base)
        rng = random.Random("hostile")
        self._binary = bytes(rng.getrandbits(8) for _ in range(200_000))

    def url(self, name: str) -> str:
        return f"{self.base}{_DAY}{name}"

    def cases(self) -> list[HostileCase]:
        """Every hostile URL and what the archive should hold for it."""
        c = HostileCase
        u = self.url
        return [
            c("truncated", u("truncated"), ("stored",), "Breakwater to close for repairs"),
            c("deep_nesting", u("deep-nesting"), ("stored", "no_article_text", "extraction_failed")),
            c("huge_page", u("huge-page"), ("too_large",)),
            c("gzip_bomb", u("gzip-bomb"), ("too_large",)),
            c("binary_as_html", u("binary-as-html"), ("not_html", "no_article_text")),
            c("wrong_charset", u("wrong-charset"), ("stored",)),
            c("missing_charset", u("missing-charset"), ("stored",), "Café owner’s “naïve” sign returns"),
            c("mixed_encodings", u("mixed-encodings"), ("stored",), "Quay traders’ meeting set for Thursday"),
            c("nul_bytes", u("nul-bytes"), ("stored",), "Night shift at the fish market"),
            c("bad_header_bytes", u("bad-header-bytes"), ("stored",), "Ferry timetable changes next week"),
            c("redirect_loop", u("redirect-loop"), ("redirect_loop",)),
            c("redirect_private", u("redirect-private"), ("blocked_address",), location=PRIVATE_TARGET),
            c("redirect_metadata", u("redirect-metadata"), ("blocked_address",), location=METADATA_TARGET),
            c("jsonld_not_json", u("jsonld-not-json"), ("stored",), "Lighthouse keeper retires after 40 years"),
            c("year_zero", u("year-zero"), ("stored",), "Harbour records from year zero"),
            c("year_9999", u("year-9999"), ("stored",), "Harbour plans for the year 9999"),
            c("long_headline", u("long-headline"), ("stored",)),
            c("rtl_arabic", u("rtl-arabic"), ("stored",), ARABIC_HEADLINE),
        ]

    def long_headline(self) -> str:
        return ("Breakwater " * 9091)[:100_000]

    def _pages(self) -> dict[str, Route]:
        loop_a, loop_b = _DAY + "redirect-loop", _DAY + "redirect-loop-b"
        truncated = _article("Breakwater to close for repairs")
        nested = _article("Deep markup on the quay").replace(
            "</div></article>", "</div>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</article>")
        bad_ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": [}{ </script>'
        mixed = _article("Quay traders’ meeting set for Thursday").encode()
        mixed = mixed.replace(b"ferry slip", "ferry slip at the café".encode("cp1252"))
        nul = _article("Night shift at the fish market", head="<!-- " + "padding " * 300 + "-->").replace(
            "autumn herring", "autumn\x00 herring\x00")
        return {
            _DAY + "truncated": html_response(truncated[: truncated.index(_PARAS[3][:40]) + 25]),
            _DAY + "deep-nesting": html_response(nested),
            _DAY + "huge-page": _huge_page,
            _DAY + "gzip-bomb": _gzip_bomb,
            _DAY + "binary-as-html": Response(200, self._binary, "text/html", compressible=False),
            _DAY + "wrong-charset": Response(200, _article("Café reopens on the quay").encode(),
                                             "text/html; charset=iso-8859-7"),
            _DAY + "missing-charset": Response(200, _article("Café owner’s “naïve” sign returns",
                                                             charset=False).encode(), "text/html"),
            _DAY + "mixed-encodings": Response(200, mixed, "text/html; charset=utf-8"),
            _DAY + "nul-bytes": Response(200, nul.encode(), "text/html; charset=utf-8"),
            _DAY + "bad-header-bytes": Response(
                200, _article("Ferry timetable changes next week").encode(), "text/html; charset=utf-8",
                (("Content-Language", "\xc3\x28\xff\xfe"), ("Last-Modified", "\xe9t\xe9 \xff"),
                 ("X-Note", "\x80\x81 caf\xe9"))),
            loop_a: redirect(self.base + loop_b, 302),
            loop_b: redirect(self.base + loop_a, 302),
            _DAY + "redirect-private": redirect(PRIVATE_TARGET, 302),
            _DAY + "redirect-metadata": redirect(METADATA_TARGET, 301),
            _DAY + "jsonld-not-json": html_response(_article("Lighthouse keeper retires after 40 years",
                                                             head=bad_ld)),
            _DAY + "year-zero": html_response(_article(
                "Harbour records from year zero", published="0000-01-01T00:00:00Z",
                head='<script type="application/ld+json">{"@type": "NewsArticle", '
                     '"datePublished": "0000-01-01T00:00:00Z", "dateModified": "0000-00-00"}</script>')),
            _DAY + "year-9999": html_response(_article(
                "Harbour plans for the year 9999", published="9999-12-31T23:59:59Z",
                head='<script type="application/ld+json">{"@type": "NewsArticle", '
                     '"datePublished": "9999-12-31T23:59:59Z", "dateModified": "9999-12-31"}</script>')),
            _DAY + "long-headline": html_response(_article(self.long_headline())),
            _DAY + "rtl-arabic": html_response(_article(ARABIC_HEADLINE, _ARABIC_PARAS, lang="ar", dirn="rtl")),
            FEED_ONLY_PATH: html_response(_article("Survivor of the laughing feed")),
        }

    def _listings(self) -> dict[str, Route]:
        when = BASE_TIME - timedelta(hours=1)
        items = [FeedItem(c.url, c.name.replace("_", " "), "", when, when, (), "News", c.url)
                 for c in self.cases()]
        laughs_feed = (_LAUGHS + '<rss version="2.0"><channel><title>&lol9;</title>'
                       f"<link>{self.base}/</link><description>&lol9;</description><item>"
                       f"<title>Survivor &lol9;</title><link>{self.base}{FEED_ONLY_PATH}</link>"
                       f"<pubDate>Mon, 05 Oct 2026 06:00:00 +0100</pubDate></item></channel></rss>\n")
        laughs_sitemap = (_LAUGHS + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          f"<sitemap><loc>{self.base}/sitemap-bomb.xml</loc></sitemap>"
                          "<sitemap><loc>&lol9;</loc></sitemap></sitemapindex>\n")
        return {
            "/robots.txt": text_response(f"User-agent: *\nAllow: /\n\nSitemap: {self.base}/sitemap.xml\n"),
            "/": html_response("<!DOCTYPE html><html><head><title>The Hostile Gazette</title></head><body>"
                               "<h1>The Hostile Gazette</h1></body></html>"),
            "/sitemap.xml": xml_response(news_sitemap(items, self.name, "en", "offset")),
            "/laughs.xml": Response(200, laughs_feed.encode(), "application/rss+xml; charset=utf-8"),
            "/sitemap-bomb.xml": xml_response(laughs_sitemap),
            "/sitemap-million.xml.gz": lambda: _million_sitemap(self.base),
        }

    def routes(self, edition: int) -> dict[str, Route]:
        return {**self._listings(), **self._pages()}

    def static_routes(self) -> bool:
        return True

    def article_urls(self, edition: int) -> set[str]:
        return {c.url for c in self.cases() if c.expected == ("stored",)}

    def canonical_urls(self, edition: int) -> set[str]:
        return self.article_urls(edition)

    def sources_entry(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "home": f"{self.base}/", "language": "en", "country": "GB",
                "feeds": [f"{self.base}/laughs.xml"],
                "sitemaps": [f"{self.base}/sitemap.xml", f"{self.base}/sitemap-bomb.xml",
                             f"{self.base}/sitemap-million.xml.gz"],
                "frontpages": [f"{self.base}/"]}

