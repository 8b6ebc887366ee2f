"""Spider middleware: drop requests that walk into crawl traps or past an outlet's page and depth limits."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.traps import TrapLimits, trap_reason

__all__ = ["TrapGuardMiddleware"]

logger = logging.getLogger(__name__)


class TrapGuardMiddleware:
    """Every request a spider yields passes here: URL trap rules, then per-outlet budgets.

    The budgets count requests per outlet (``NEWSARCHIVE_MAX_PAGES_PER_OUTLET``) and the link
    depth from the outlet's listings (``NEWSARCHIVE_MAX_DEPTH``; Scrapy's DepthMiddleware keeps
    ``depth`` in the request meta).
    """

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.limits = TrapLimits(
            max_query_params=settings.getint("NEWSARCHIVE_TRAP_MAX_QUERY_PARAMS"),
            max_page_number=settings.getint("NEWSARCHIVE_TRAP_MAX_PAGE_NUMBER"),
            calendar_years_ahead=settings.getint("NEWSARCHIVE_TRAP_CALENDAR_YEARS_AHEAD"),
        )
        self.max_pages = settings.getint("NEWSARCHIVE_MAX_PAGES_PER_OUTLET")
        self.max_depth = settings.getint("NEWSARCHIVE_MAX_DEPTH")
        self.pages: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Any) -> TrapGuardMiddleware:
        return cls(crawler)

    def allowed(self, request: Request) -> bool:
        reason = trap_reason(request.url, self.limits)
        outlet = request.meta.get("newsarchive_outlet", "")
        if reason is None and self.max_depth and request.meta.get("depth", 0) > self.max_depth:
            reason = "too_deep"
        if reason is None and self.max_pages and outlet:
            if self.pages[outlet] >= self.max_pages:
                reason = "outlet_page_budget"
            else:
                self.pages[outlet] += 1
        if reason is not None:
            self.stats.inc_value(f"newsarchive/trap/{reason}")
            logger.debug("not following %s: %s", request.url, reason)
        return reason is None

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            if not isinstance(item, Request) or self.allowed(item):
                yield item

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in result:
            if not isinstance(item, Request) or self.allowed(item):
                yield item
