"""What every discovery spider shares: outlets, listing polls, incremental article fetches, failures."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from scrapy import Request, Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from archive.listings_state import ListingPoll, ListingValidators, known_urls, load_validators, record_polls
from crawler.failures import failure_kind, header_dict
from crawler.frontier import Frontier, frontier_for
from crawler.incremental import body_digest, conditional_headers, should_fetch
from crawler.items import FetchedPage
from crawler.listings import Entry
from crawler.rendering import render_meta
from crawler.sources import Outlet, load_sources, select_outlets
from crawler.traps import dedupe_key, strip_session_ids
from crawler.urls import is_http_url, strip_tracking
from crawler.workers import archive_reader, archive_writer

__all__ = ["DiscoverySpider", "Listing", "failure_kind"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: Error statuses reach the article callback so they are recorded; redirects (3xx) are still
#: followed by Scrapy (``handle_httpstatus_all`` would switch that off too).
_ERROR_STATUSES = list(range(400, 600))
#: Listings polled with validators: a 304 reaches the callback instead of failing.
_CONDITIONAL_KINDS = ("feed", "sitemap")


@dataclass(slots=True)
class Listing:
    """What a subclass read from one listing: announced articles and listings to read next."""

    kind: str
    entries: list[Entry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # more listings of the same kind (sitemap index)
    follow: list[Request] = field(default_factory=list)


class DiscoverySpider(Spider):
    """Base class: subclasses name their ``discovery`` and ``listing_kind`` and read their listings.

    Outlets come from the sources file (``-a sources=FILE`` or the NEWSARCHIVE_SOURCES setting),
    optionally limited with ``-a outlets=key1,key2`` (or NEWSARCHIVE_OUTLETS).
    """

    discovery = "base"
    listing_kind = "frontpage"
    frontier: Frontier
    refetch_known = False
    render_fallback = True
    frontpage_refetch_after = timedelta(hours=6)
    database_url = ""

    def __init__(self, *args: Any, sources: str | None = None, outlets: str | list[str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sources_arg = sources
        self._outlets_arg = outlets.split(",") if isinstance(outlets, str) else outlets
        self.outlets: list[Outlet] = []
        self.polls: list[ListingPoll] = []

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> DiscoverySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        path = spider._sources_arg or settings.get("NEWSARCHIVE_SOURCES")
        keys = spider._outlets_arg or settings.getlist("NEWSARCHIVE_OUTLETS") or None
        spider.outlets = select_outlets(load_sources(path), keys)
        spider.frontier = frontier_for(settings, settings.get("NEWSARCHIVE_RUN_ID") or f"spider-{id(spider)}")
        spider.refetch_known = settings.getbool("NEWSARCHIVE_REFETCH_KNOWN")
        spider.frontpage_refetch_after = timedelta(seconds=settings.getint("NEWSARCHIVE_FRONTPAGE_REFETCH_AFTER"))
        spider.database_url = settings.get("NEWSARCHIVE_DATABASE_URL")
        spider.render_fallback = settings.getbool("NEWSARCHIVE_RENDER_FALLBACK")
        return spider

    # -- the archive, off the event loop --------------------------------------------------------------
    async def archive_read(self, function: Callable[..., T], *args: Any) -> T:
        archive, reader = archive_reader(self.database_url)

        def run() -> T:
            with archive.session() as session:
                return function(session, *args)

        return await asyncio.wrap_future(reader.submit(run))

    def outlet(self, key: str) -> Outlet:
        return next(o for o in self.outlets if o.key == key)

    # -- listings ----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        starts = [(outlet, url) for outlet in self.outlets for url in self.entry_urls(outlet)]
        validators = await self.validators([url for _, url in starts])
        for outlet, url in starts:
            yield self.listing_request(url, outlet, validators.get(url))

    async def validators(self, urls: list[str]) -> dict[str, ListingValidators]:
        if self.listing_kind not in _CONDITIONAL_KINDS or not urls:
            return {}
        return await self.archive_read(load_validators, urls)

    def listing_request(self, url: str, outlet: Outlet, validators: ListingValidators | None = None,
                        *, depth: int = 0, render: bool = False) -> Request:
        meta: dict[str, Any] = {"newsarchive_outlet": outlet.key, "newsarchive_listing_depth": depth}
        headers = {}
        if validators is not None and validators.kind in _CONDITIONAL_KINDS:
            headers = conditional_headers(validators.etag, validators.last_modified)
            meta["handle_httpstatus_list"] = [304]
        if render or (outlet.render == "browser" and self.listing_kind == "frontpage"):
            meta.update(render_meta())
        return Request(url, callback=self.parse_listing, errback=self.listing_failed, headers=headers,
                       cb_kwargs={"outlet": outlet}, meta=meta, dont_filter=render)

    def entry_urls(self, outlet: Outlet) -> Iterable[str]:
        raise NotImplementedError("a discovery spider names the URLs it starts from")

    def read_listing(self, response: Response, outlet: Outlet) -> Listing | None:
        """The listing's entries and follow-ups, or None after reporting it unreadable."""
        raise NotImplementedError("a discovery spider reads its own listings")

    async def parse_listing(self, response: Response, outlet: Outlet) -> AsyncIterator[Request]:
        if response.status == 304:
            self.crawler.stats.inc_value("newsarchive/listing_not_modified")
            self._poll(response, outlet, self.listing_kind)
            return
        if response.status >= 400:
            self.listing_unreadable(response, f"HTTP {response.status}")
            return
        listing = self.read_listing(response, outlet)
        if listing is None:
            self._poll(response, outlet, self.listing_kind, failed=True)
            return
        self._poll(response, outlet, listing.kind, entries=len(listing.entries))
        for request in listing.follow:
            yield request
        if listing.children:
            depth = response.meta.get("newsarchive_listing_depth", 0) + 1
            validators = await self.validators(listing.children)
            for url in listing.children:
                yield self.listing_request(url, outlet, validators.get(url), depth=depth)
        for request in await self.article_requests(listing.entries, outlet):
            yield request

    def _poll(self, response: Response, outlet: Outlet, kind: str, *, entries: int | None = None,
              failed: bool = False) -> None:
        headers = header_dict(response.headers)
        self.polls.append(ListingPoll(
            url=response.request.url if response.request else response.url, kind=kind, status=response.status,
            fetched_at=datetime.now(UTC), source_key=outlet.key, etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            body_sha256=body_digest(response.body) if response.status != 304 else None, entries=entries,
            failed=failed))

    def listing_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind = failure_kind(failure)
        self.crawler.stats.inc_value(f"newsarchive/listing_error/{kind}")
        logger.error("%s: cannot read listing %s: %s (%s)", self.discovery, request.url, kind, failure.value)

    def listing_unreadable(self, response: Response, problem: str) -> None:
        self.crawler.stats.inc_value("newsarchive/listing_error/unreadable")
        logger.error("%s: cannot read listing %s: %s", self.discovery, response.url, problem)

    async def closed(self, reason: str) -> None:
        """Keep the listings' validators, only after a crawl that finished: a crawl cut short must
        not leave a 304 hiding entries it never fetched. Written on the writer thread, awaited
        without blocking the other spiders' event loop (a coroutine: Scrapy deprecates Deferreds)."""
        if reason != "finished" or not self.polls:
            return
        archive, writer = archive_writer(self.database_url)
        polls = list(self.polls)

        def write() -> int:
            with archive.session() as session:
                return record_polls(session, polls)

        await asyncio.wrap_future(writer.submit(write))

    # -- articles ----------------------------------------------------------------------------------
    async def article_requests(self, entries: list[Entry], outlet: Outlet) -> list[Request]:
        """Requests for the entries worth fetching: new to the archive, or changed since captured."""
        wanted = [(entry, strip_session_ids(strip_tracking(entry.url))) for entry in entries
                  if is_http_url(entry.url)]
        known: dict[str, datetime] = {}
        if not self.refetch_known and wanted:
            known = await self.archive_read(known_urls, [url for _, url in wanted])
        now = datetime.now(UTC)
        requests = []
        for entry, url in wanted:
            if not should_fetch(entry, known.get(url), kind=self.listing_kind, now=now,
                                frontpage_refetch_after=self.frontpage_refetch_after):
                self.crawler.stats.inc_value("newsarchive/article_skipped_known")
                continue
            request = self.article_request(url, outlet)
            if request is not None:
                requests.append(request)
        return requests

    def article_request(self, url: str, outlet: Outlet, *, render: bool | None = None) -> Request | None:
        """A request for an article URL, or None when this run already has it."""
        if not is_http_url(url):
            return None
        url = strip_session_ids(strip_tracking(url))
        if not self.frontier.claim(dedupe_key(url)):
            return None
        meta: dict[str, Any] = {"handle_httpstatus_list": _ERROR_STATUSES, "newsarchive_outlet": outlet.key,
                                "newsarchive_article": True}
        if render if render is not None else outlet.render == "browser":
            meta.update(render_meta())
        return Request(url, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
                       cb_kwargs={"outlet": outlet}, meta=meta)

    def render_again(self, page: FetchedPage) -> Request:
        """The same article fetched once more through the browser (the automatic fallback)."""
        outlet = self.outlet(page.outlet_key)
        meta: dict[str, Any] = {"handle_httpstatus_list": _ERROR_STATUSES, "newsarchive_outlet": outlet.key,
                                "newsarchive_article": True, "newsarchive_rendered_fallback": True,
                                **render_meta()}
        return Request(page.requested_url, callback=self.parse_article, errback=self.article_failed,
                       dont_filter=True, cb_kwargs={"outlet": outlet}, meta=meta)

    def parse_article(self, response: Response, outlet: Outlet) -> FetchedPage:
        requested = response.request.meta.get("redirect_urls", [response.url])[0] if response.request else response.url
        return FetchedPage(
            outlet_key=outlet.key, requested_url=requested, final_url=response.url, status=response.status,
            fetched_at=datetime.now(UTC), discovered_via=self.discovery, body=response.body,
            headers=header_dict(response.headers),
            request_headers=header_dict(response.request.headers, keep=None) if response.request else {},
            fetch_method="browser" if "playwright" in response.flags else "http",
        )

    def article_failed(self, failure: Failure) -> FetchedPage | None:
        request = failure.request  # type: ignore[attr-defined]
        kind = failure_kind(failure)
        if kind == "robots_disallowed":
            self.crawler.stats.inc_value("newsarchive/robots_disallowed")
            logger.info("%s: %s is disallowed by robots.txt; not fetched", self.discovery, request.url)
            return None
        outlet_key = request.meta.get("newsarchive_outlet", "")
        return FetchedPage(
            outlet_key=outlet_key, requested_url=request.meta.get("redirect_urls", [request.url])[0],
            final_url=request.url, status=None,
            fetched_at=datetime.now(UTC), discovered_via=self.discovery, error_kind=kind,
            error_detail=str(failure.value)[:500],
        )
