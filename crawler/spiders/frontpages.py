"""Discover articles through the outlets' front and section pages."""

from __future__ import annotations

from collections.abc import Iterable

from scrapy.http import Response

from crawler.listings import Entry, frontpage_links
from crawler.shell import looks_like_shell
from crawler.sources import Outlet
from crawler.spiders.base import DiscoverySpider, Listing


class FrontpagesSpider(DiscoverySpider):
    name = "frontpages"
    discovery = "frontpages"
    listing_kind = "frontpage"

    def entry_urls(self, outlet: Outlet) -> Iterable[str]:
        return outlet.frontpages

    def read_listing(self, response: Response, outlet: Outlet) -> Listing | None:
        links = frontpage_links(response.body, response.url, outlet.owns_host)
        self.crawler.stats.inc_value("newsarchive/frontpage_links", len(links))
        listing = Listing("frontpage", [Entry(url) for url in links])
        rendered = "playwright" in response.flags
        if not links and not rendered and outlet.render == "auto" and self.render_fallback \
                and looks_like_shell(response.body):
            # A headline list filled in by script: read the page once more, rendered.
            self.crawler.stats.inc_value("newsarchive/render_fallback/frontpage")
            listing.follow.append(self.listing_request(response.url, outlet, render=True))
        return listing
