"""The discovery and revisit spiders as the service runs them: told which outlets to read, which
listings to leave out while they back off, and noting per outlet which listings failed.

The plain spiders count listing failures in the crawl's stats, which cannot say which outlet's
feed failed; the service needs exactly that to back off one feed and keep polling the rest.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archive.schedule import DueItem
from crawler.failures import failure_kind
from crawler.service.schedule import due_revisits
from crawler.sources import Outlet
from crawler.spiders.base import DiscoverySpider
from crawler.spiders.feeds import FeedsSpider
from crawler.spiders.frontpages import FrontpagesSpider
from crawler.spiders.revisit import RevisitSpider
from crawler.spiders.sitemaps import SitemapsSpider

__all__ = ["ListingLog", "PollFeedsSpider", "PollSitemapsSpider", "PollFrontpagesSpider", "DueRevisitSpider"]


@dataclass(slots=True)
class ListingLog:
    """One cycle's listing requests per outlet, and the failed ones with the reason."""

    polled: dict[str, set[str]] = field(default_factory=dict)
    failed: dict[str, dict[str, str]] = field(default_factory=dict)

    def tried(self, outlet: str, url: str) -> None:
        self.polled.setdefault(outlet, set()).add(url)

    def fail(self, outlet: str, url: str, why: str) -> None:
        self.failed.setdefault(outlet, {})[url] = why


def _first_url(request: Request) -> str:
    """The URL as first requested (the listing's own URL, not where a redirect led)."""
    return str(request.meta.get("redirect_urls", [request.url])[0])


def _why(failure: Failure) -> str:
    if isinstance(failure.value, HttpError):
        return f"http_{failure.value.response.status}"
    return failure_kind(failure)


class _ServiceListings(DiscoverySpider):
    """Mixed into a discovery spider: leaves out backing-off listings and logs each listing's fate."""

    listings: ListingLog
    skip: frozenset[str]

    def __init__(self, *args: Any, listings: ListingLog | None = None, skip: Iterable[str] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listings = listings if listings is not None else ListingLog()
        self.skip = frozenset(skip)

    def entry_urls(self, outlet: Outlet) -> Iterable[str]:
        return [url for url in super().entry_urls(outlet) if url not in self.skip]

    def listing_request(self, url: str, outlet: Outlet, validators: Any = None, *, depth: int = 0,
                        render: bool = False) -> Request:
        self.listings.tried(outlet.key, url)
        return super().listing_request(url, outlet, validators, depth=depth, render=render)

    def listing_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.listings.fail(request.meta.get("newsarchive_outlet", ""), _first_url(request), _why(failure))
        super().listing_failed(failure)

    def listing_unreadable(self, response: Response, problem: str) -> None:
        request = response.request
        url = _first_url(request) if request is not None else response.url
        outlet = request.meta.get("newsarchive_outlet", "") if request is not None else ""
        self.listings.fail(outlet, url, f"unreadable: {problem}"[:300])
        super().listing_unreadable(response, problem)


class PollFeedsSpider(_ServiceListings, FeedsSpider):
    pass


class PollSitemapsSpider(_ServiceListings, SitemapsSpider):
    pass


class PollFrontpagesSpider(_ServiceListings, FrontpagesSpider):
    pass


class DueRevisitSpider(RevisitSpider):
    """Fetches the claimed outlets' due articles again, by the service's (scaled) schedule.

    Sitemaps are not read here: the cycle's sitemaps spider already fetches what their lastmod
    says changed, and reading them twice would fetch them twice in one cycle.
    """

    def __init__(self, *args: Any, factor: float = 1.0, limit: int = 5000, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.factor = factor
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> DueRevisitSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, DueRevisitSpider)
        spider.read_sitemaps = False
        return spider

    async def start(self) -> AsyncIterator[Request]:
        keys = [outlet.key for outlet in self.outlets]
        due = await self.archive_read(_due, keys, self.limit, self.factor)
        self.crawler.stats.set_value("newsarchive/revisit_due", len(due))
        for item in due:
            request = self.revisit_request(item, "schedule")
            if request is not None:
                yield request


def _due(session: Any, outlets: list[str], limit: int, factor: float) -> list[DueItem]:
    return due_revisits(session, now=datetime.now(UTC), outlets=outlets, factor=factor, limit=limit)
