"""Discover articles through the outlets' RSS and Atom feeds."""

from __future__ import annotations

from collections.abc import Iterable

from scrapy.http import Response

from crawler.listings import ListingError, parse_feed
from crawler.sources import Outlet
from crawler.spiders.base import DiscoverySpider, Listing


class FeedsSpider(DiscoverySpider):
    name = "feeds"
    discovery = "feeds"
    listing_kind = "feed"

    def entry_urls(self, outlet: Outlet) -> Iterable[str]:
        return outlet.feeds

    def read_listing(self, response: Response, outlet: Outlet) -> Listing | None:
        try:
            entries = parse_feed(response.body, response.url)
        except ListingError as exc:
            self.listing_unreadable(response, str(exc))
            return None
        self.crawler.stats.inc_value("newsarchive/feed_entries", len(entries))
        return Listing("feed", entries)
