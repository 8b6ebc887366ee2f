"""Fetch archived articles again, on the archive's revisit schedule, to catch their edits.

Two reasons to fetch an article again: its revisit time has come (archive.schedule: often while
young or recently changed, rarely once settled), or its outlet's sitemap says it was modified
after our last capture (``lastmod``). Every request carries the last capture's validators, so an
unchanged page costs a 304, recorded as an unchanged capture of the current version.

Settings: NEWSARCHIVE_REVISIT_ALL (fetch every archived article now, ignoring the schedule),
NEWSARCHIVE_REVISIT_LIMIT (most articles per run, default 5000), NEWSARCHIVE_REVISIT_SCHEDULE
(fetch what the schedule says is due, default on), NEWSARCHIVE_REVISIT_SITEMAPS (read sitemaps for
lastmod, default on).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from archive.capture import Capture
from archive.schedule import DueItem, conditional_headers, due_now, revisit_state
from crawler.failures import header_dict
from crawler.incremental import entry_date
from crawler.items import FetchedPage
from crawler.listings import Entry
from crawler.sources import Outlet
from crawler.spiders.sitemaps import SitemapsSpider

__all__ = ["RevisitSpider"]

logger = logging.getLogger(__name__)


class RevisitSpider(SitemapsSpider):
    name = "revisit"
    discovery = "revisit"
    revisit_all = False
    revisit_limit = 5000
    read_sitemaps = True
    use_schedule = True

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RevisitSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, RevisitSpider)
        settings = crawler.settings
        spider.revisit_all = settings.getbool("NEWSARCHIVE_REVISIT_ALL", False)
        spider.revisit_limit = settings.getint("NEWSARCHIVE_REVISIT_LIMIT", 5000)
        spider.read_sitemaps = settings.getbool("NEWSARCHIVE_REVISIT_SITEMAPS", True)
        spider.use_schedule = settings.getbool("NEWSARCHIVE_REVISIT_SCHEDULE", True) or spider.revisit_all
        return spider

    async def start(self) -> AsyncIterator[Request]:
        keys = [outlet.key for outlet in self.outlets]
        due = await self.archive_read(_due, keys, self.revisit_limit, self.revisit_all) if self.use_schedule else []
        self.crawler.stats.set_value("newsarchive/revisit_due", len(due))
        for item in due:
            request = self.revisit_request(item, "schedule")
            if request is not None:
                yield request
        if self.read_sitemaps:
            async for request in super().start():
                yield request

    async def validators(self, urls: list[str]) -> dict[str, Any]:
        """Sitemaps are always read in full: their validators belong to the sitemaps spider."""
        return {}

    async def closed(self, reason: str) -> None:
        """Record no listing polls: a revisit reads sitemaps only for lastmod, not for discovery."""

    async def article_requests(self, entries: list[Entry], outlet: Outlet) -> list[Request]:
        """Archived articles the sitemap says changed after our last capture (new ones are not ours)."""
        dated = [e for e in entries if entry_date(e) is not None]
        if not dated:
            return []
        known = await self.archive_read(_state, [e.url for e in dated])
        requests = []
        for entry in dated:
            item = known.get(entry.url)
            changed = entry_date(entry)
            if item is None or changed is None or changed <= item.last_checked:
                continue
            request = self.revisit_request(item, "sitemap")
            if request is not None:
                requests.append(request)
        return requests

    def revisit_request(self, item: DueItem, why: str) -> Request | None:
        outlet = next((o for o in self.outlets if o.key == item.outlet), None)
        if outlet is None:
            return None
        request = self.article_request(item.url, outlet)
        if request is None:
            return None  # already fetched in this run
        self.crawler.stats.inc_value(f"newsarchive/revisit/{why}")
        meta = dict(request.meta)
        meta["handle_httpstatus_list"] = [304, *meta.get("handle_httpstatus_list", [])]
        meta["newsarchive_revisit"] = why
        headers = dict(request.headers.to_unicode_dict())
        headers.update(conditional_headers(item))
        return request.replace(headers=headers, meta=meta)

    def parse_article(self, response: Response, outlet: Outlet) -> FetchedPage | Capture:  # type: ignore[override]
        if response.status != 304:
            return super().parse_article(response, outlet)
        self.crawler.stats.inc_value("newsarchive/revisit_not_modified")
        request = response.request
        return Capture(
            source=outlet.ref, requested_url=request.url if request else response.url, final_url=response.url,
            status=304, fetched_at=datetime.now(UTC), body=b"", headers=header_dict(response.headers),
            request_headers=header_dict(request.headers, keep=None) if request else {},
            discovered_via=self.discovery)


def _due(session: Any, outlets: list[str], limit: int, everything: bool) -> list[DueItem]:
    return due_now(session, outlets=outlets, limit=limit, everything=everything)


def _state(session: Any, urls: list[str]) -> dict[str, DueItem]:
    return revisit_state(session, urls, now=datetime.now(UTC))
