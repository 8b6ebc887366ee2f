"""The ``corpus`` outlet: real article pages from the shared test corpus, behind a feed and a news
sitemap, optionally served many times over for throughput benchmarks."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from .feeds import Channel, FeedItem, news_sitemap, rss
from .model import Response, Route
from .pages import esc
from .sitebase import SiteOutlet, html_response, text_response, xml_response

__all__ = ["CorpusOutlet", "find_corpus"]

_CANONICAL = re.compile(rb"""<link[^>]*rel=["']?canonical["']?[^>]*>""", re.I)
_OG_URL = re.compile(rb"""<meta[^>]*property=["']og:url["'][^>]*>""", re.I)
_HREF = re.compile(rb"""(?:href|content)=["']([^"']+)["']""", re.I)


def find_corpus(explicit: str | Path | None = None) -> Path | None:
    """The corpus ``articles`` folder: the explicit path, else $NEWSARCHIVE_CORPUS, else
    ``<repo>/../shared/corpus``; None when there is none."""
    candidates = [Path(explicit)] if explicit else []
    if os.environ.get("NEWSARCHIVE_CORPUS"):
        candidates.append(Path(os.environ["NEWSARCHIVE_CORPUS"]))
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "corpus")
    for root in candidates:
        folder = root / "articles" if (root / "articles").is_dir() else root
        if any(folder.glob("*.html")):
            return folder
    return None


class CorpusOutlet(SiteOutlet):
    """Real pages at ``/articles/<id>`` (or ``/articles/<id>/<k>`` copies), same in every edition."""

    key = "corpus"
    name = "Corpus of real pages"

    def __init__(self, folder: Path, base: str, copies: int = 0) -> None:
        super().__init__(base)
        self.folder = folder
        self.copies = copies
        self._pages: dict[str, bytes] = {}
        self._own: dict[str, list[bytes]] = {}

    @cached_property
    def records(self) -> dict[str, dict[str, Any]]:
        """Corpus id -> expected JSON, for pages that have both files."""
        out = {}
        for meta in sorted(self.folder.glob("*.json")):
            if meta.with_suffix(".html").exists():
                out[meta.stem] = json.loads(meta.read_text(encoding="utf-8"))
        return out

    def static_routes(self) -> bool:
        return True

    def served_urls(self) -> dict[str, str]:
        """Served URL -> corpus id, for the URLs the feed and sitemap list."""
        if self.copies <= 0:
            return {f"{self.base}/articles/{i}": i for i in self.records}
        return {f"{self.base}/articles/{i}/{k}": i for i in self.records for k in range(1, self.copies + 1)}

    def article_urls(self, edition: int) -> set[str]:
        return set(self.served_urls())

    def canonical_urls(self, edition: int) -> set[str]:
        return set(self.served_urls())

    def expected(self) -> dict[str, dict[str, Any]]:
        return {url: self.records[i] for url, i in self.served_urls().items()}

    def page(self, corpus_id: str) -> bytes:
        if corpus_id not in self._pages:
            self._pages[corpus_id] = (self.folder / f"{corpus_id}.html").read_bytes()
        return self._pages[corpus_id]

    def _own_urls(self, corpus_id: str) -> list[bytes]:
        """The URLs a page names itself by, longest first; found once per corpus page and reused
        for each of its copies (16 in the benchmark, whose crawl shares the cores with this server)."""
        if corpus_id not in self._own:
            self._own[corpus_id] = self._find_own_urls(corpus_id)
        return self._own[corpus_id]

    def _find_own_urls(self, corpus_id: str) -> list[bytes]:
        raw = self.page(corpus_id)
        found = {self.records[corpus_id]["url"].encode()}
        for tag in (*_CANONICAL.findall(raw), *_OG_URL.findall(raw)):
            match = _HREF.search(tag)
            if match and match.group(1).startswith(b"http"):
                found.add(match.group(1))
        return sorted(found, key=len, reverse=True)

    def _copy(self, corpus_id: str, k: int) -> Response:
        """Copy k: the page's own URLs point at the copy and a comment carries k, so copies are distinct."""
        body = self.page(corpus_id)
        url = f"{self.base}/articles/{corpus_id}/{k}".encode()
        for own in self._own_urls(corpus_id):
            body = body.replace(own, url)
        body += f"\n<!-- fixture copy {k} of {self.copies} -->\n".encode()
        return Response(200, body, "text/html; charset=utf-8", compressible=False)

    def _items(self) -> list[FeedItem]:
        items = []
        for url, i in self.served_urls().items():
            rec = self.records[i]
            when = datetime.fromisoformat(rec["published"])
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            items.append(FeedItem(url, rec["title"].strip(), rec["publisher"], when, when,
                                  tuple(rec.get("authors") or ()), rec["publisher"], url))
        return items

    def routes(self, edition: int) -> dict[str, Route]:
        items = self._items()
        channel = Channel("Corpus of real pages", f"{self.base}/", f"{self.base}/feed.xml",
                          "Real article pages from the test corpus", "mul",
                          datetime(2026, 10, 5, tzinfo=UTC))
        links = "\n".join(f'<li><a href="{esc(it.url)}">{esc(it.title)}</a></li>' for it in items)
        out: dict[str, Route] = {
            "/robots.txt": text_response(f"User-agent: *\nAllow: /\n\nSitemap: {self.base}/sitemap.xml\n"),
            "/": html_response(f"<!DOCTYPE html><html><head><title>Corpus</title></head><body>"
                               f"<h1>Corpus of real pages</h1><ul>{links}</ul></body></html>"),
            "/feed.xml": Response(200, rss(channel, items).encode(), "application/rss+xml; charset=utf-8"),
            "/sitemap.xml": xml_response(news_sitemap(items, self.name, "mul", "offset")),
        }
        for i in self.records:
            out[f"/articles/{i}"] = self._static(i)
            for k in range(1, self.copies + 1):
                out[f"/articles/{i}/{k}"] = self._copier(i, k)
        return out

    def _static(self, corpus_id: str) -> Route:
        return lambda: Response(200, self.page(corpus_id), "text/html; charset=utf-8", compressible=False)

    def _copier(self, corpus_id: str, k: int) -> Route:
        return lambda: self._copy(corpus_id, k)

    def sources_entry(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "home": f"{self.base}/", "language": "mul",
                "country": "ZZ", "feeds": [f"{self.base}/feed.xml"], "sitemaps": [f"{self.base}/sitemap.xml"],
                "frontpages": [f"{self.base}/"]}
