"""Item pipelines, in order: process (check + extract + normalise) -> archive."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from archive.capture import Capture
from crawler.items import FetchedPage
from crawler.processing import process_page
from crawler.sources import Outlet
from crawler.workers import archive_writer, default_worker_count, started_extraction_pool

__all__ = ["ProcessPipeline", "ArchivePipeline", "ARCHIVE_FAILED_STAT"]

logger = logging.getLogger(__name__)

#: Pages fetched but not stored because the archive refused them (after the writer's retries).
ARCHIVE_FAILED_STAT = "newsarchive/archive_failed"


class ProcessPipeline:
    """FetchedPage -> Capture, in worker processes so extraction never stalls the event loop.

    A page of an unmarked outlet that gave no article but looks like a script-filled shell is not
    archived: it is fetched once more through the browser, and that capture is archived instead.
    """

    def __init__(self, crawler: Any, workers: int) -> None:
        self.crawler = crawler
        self.workers = workers
        self.render_fallback = crawler.settings.getbool("NEWSARCHIVE_RENDER_FALLBACK")
        self._starting: asyncio.Lock | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProcessPipeline:
        workers = crawler.settings.getint("NEWSARCHIVE_EXTRACT_WORKERS", -1)
        return cls(crawler, default_worker_count() if workers < 0 else workers)

    def _outlet(self, key: str) -> Outlet:
        outlets: list[Outlet] = getattr(self.crawler.spider, "outlets", [])
        return next(o for o in outlets if o.key == key)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        outlet = self._outlet(item.outlet_key)
        may_render = self.render_fallback and outlet.render == "auto" and item.fetch_method == "http" \
            and not item.error_kind
        self._starting = self._starting or asyncio.Lock()
        async with self._starting:  # made on the first page, so a crawl with none pays nothing
            pool = await started_extraction_pool(self.workers)
        if pool is None:
            capture, render = process_page(item, outlet, may_render)
        else:
            capture, render = await asyncio.wrap_future(pool.submit(process_page, item, outlet, may_render))
        if render:
            self.crawler.stats.inc_value("newsarchive/render_fallback/article")
            self.crawler.engine.crawl(self.crawler.spider.render_again(item))
            raise DropItem(f"{item.requested_url} looks like a script-filled shell; fetching it rendered",
                           log_level="DEBUG")
        return capture


class ArchivePipeline:
    """Record every capture in the archive and log what happened to it."""

    def __init__(self, crawler: Any, database_url: str) -> None:
        self.crawler = crawler
        _, self.writer = archive_writer(database_url)
        self.pending = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        url = crawler.settings.get("NEWSARCHIVE_DATABASE_URL")
        if not url:
            raise NotConfigured("NEWSARCHIVE_DATABASE_URL is not set")
        return cls(crawler, url)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Capture):
            return item
        stats = self.crawler.stats
        self.pending += 1
        stats.max_value("newsarchive/writer_queue_max", self.pending)  # does the one writer keep up?
        try:
            outcome = (await asyncio.wrap_future(self.writer.record(item))).outcome
        except Exception as exc:
            # Not stored, so not fetched as far as the run knows: the run ends unfinished (see
            # runner._finish_reason) and `crawl --resume` fetches the page again.
            stats.inc_value(ARCHIVE_FAILED_STAT)
            logger.error("%s: %s could not be written to the archive (%s: %s); the run stays unfinished, "
                         "so `newsarchive crawl --resume` fetches it again", item.source.key, item.requested_url,
                         type(exc).__name__, exc)
            raise DropItem(f"{item.requested_url} was not archived", log_level="DEBUG") from exc
        finally:
            self.pending -= 1
        stats.inc_value(f"newsarchive/outcome/{outcome}")
        stats.inc_value(f"newsarchive/fetch_method/{item.fetch_method}")
        if item.error_kind:
            stats.inc_value(f"newsarchive/error/{item.error_kind}")
            logger.warning("%s: %s not archived as a story: %s (%s)", item.source.key, item.requested_url,
                           item.error_kind, item.error_detail)
        item.prepared = None  # the archive has the compressed body now; keep memory flat on long crawls
        return item
