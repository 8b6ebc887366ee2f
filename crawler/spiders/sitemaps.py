"""Discover articles through the outlets' news sitemaps and sitemap indexes."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy.http import Response

from crawler.listings import ListingError, parse_sitemap
from crawler.sources import Outlet
from crawler.spiders.base import DiscoverySpider, Listing

MAX_INDEX_DEPTH = 2  # an index of indexes is allowed; deeper nesting is a trap


class SitemapsSpider(DiscoverySpider):
    name = "sitemaps"
    discovery = "sitemaps"
    listing_kind = "sitemap"

    def entry_urls(self, outlet: Outlet) -> Iterable[str]:
        return outlet.sitemaps

    def read_listing(self, response: Response, outlet: Outlet) -> Listing | None:
        try:
            kind, entries = parse_sitemap(response.body, response.url)
        except ListingError as exc:
            self.listing_unreadable(response, str(exc))
            return None
        if kind == "index":
            if response.meta.get("newsarchive_listing_depth", 0) + 1 > MAX_INDEX_DEPTH:
                self.listing_unreadable(response, f"sitemap indexes nested deeper than {MAX_INDEX_DEPTH}")
                return None
            children = [e.url for e in entries if outlet.owns_host(urlsplit(e.url).hostname)]
            return Listing("sitemapindex", children=children)
        self.crawler.stats.inc_value("newsarchive/sitemap_entries", len(entries))
        return Listing("sitemap", entries)
