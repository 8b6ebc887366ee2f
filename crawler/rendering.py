"""JavaScript rendering through scrapy-playwright and Debian's chromium, started only when needed.

Outlets marked ``render = "browser"`` have every article and front page rendered; for the others a
page that gives no article text but looks like a script-filled shell is fetched once more,
rendered. The download handler here serves plain requests itself and builds the playwright handler
(and with it the browser) on the first request that asks for rendering, so a crawl that never
renders pays nothing for it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from crawler.netguard import literal_address
from crawler.resolver import is_localhost_alias, policy_from_settings
from crawler.shell import looks_like_shell

__all__ = ["RenderingDownloadHandler", "looks_like_shell", "render_meta", "BROWSER_ARGS", "wants_rendering"]

logger = logging.getLogger(__name__)

#: Chromium flags: no sandbox (containers), no GPU, no QUIC, and no phoning home of any kind.
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--disable-dev-shm-usage", "--mute-audio", "--no-default-browser-check",
]
def render_meta(**extra: Any) -> dict[str, Any]:
    """Request meta that has a page fetched through the browser (page closed once read)."""
    return {"playwright": True, "playwright_context": "render",
            "playwright_page_goto_kwargs": {"wait_until": "load"}, **extra}


def wants_rendering(request: Request) -> bool:
    return bool(request.meta.get("playwright"))


class _AbortRules:
    """What the browser may not load: unwanted resource types (memory) and forbidden hosts (guard).

    The browser resolves names itself, so every sub-request (scripts, XHR, frames) is checked
    here on its resolved addresses too, not only the page the crawler asked for.
    """

    def __init__(self, settings: Any) -> None:
        allowed = {t.lower() for t in settings.getlist("NEWSARCHIVE_RENDER_RESOURCES")}
        self.blocked_types = {"image", "font", "media", "imageset", "texttrack", "object", "beacon",
                              "csp_report", "websocket", "eventsource", "manifest"} - allowed
        self.policy = policy_from_settings(settings)
        self._verdicts: dict[str, bool] = {}

    async def __call__(self, playwright_request: Any) -> bool:
        if playwright_request.resource_type in self.blocked_types:
            return True
        host = (urlsplit(playwright_request.url).hostname or "").lower()
        if not host:
            return False  # data: and blob: URLs
        if host not in self._verdicts:
            self._verdicts[host] = await self._host_allowed(host)
        return not self._verdicts[host]

    async def _host_allowed(self, host: str) -> bool:
        literal = literal_address(host)
        if literal is not None:
            return self.policy.allows(literal)
        if is_localhost_alias(host):
            return self.policy.allow_loopback or self.policy.allow_private
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None)
        except OSError:
            return True  # the browser's own lookup fails the same way
        return all(self.policy.allows(ip) for ip in (literal_address(str(i[4][0])) for i in infos) if ip)


class _SharedBrowser:
    """One scrapy-playwright handler (one browser) per process, shared by every spider's handler,
    so the contexts and pages in flight are capped for the whole process, not per spider."""

    handler: Any = None
    users = 0
    lock: asyncio.Lock | None = None

    @classmethod
    async def get(cls, crawler: Any) -> Any:
        cls.lock = cls.lock or asyncio.Lock()
        async with cls.lock:
            if cls.handler is None:
                from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

                handler = ScrapyPlaywrightDownloadHandler(crawler)
                handler.abort_request = _AbortRules(crawler.settings)
                # The handler normally starts on engine_started; that signal is long gone here.
                await handler._launch()
                crawler.stats.inc_value("newsarchive/browser_started")
                logger.info("started the browser for JavaScript rendering")
                cls.handler = handler
            return cls.handler

    @classmethod
    async def release(cls) -> None:
        cls.users -= 1
        if cls.users <= 0 and cls.handler is not None:
            handler, cls.handler, cls.lock = cls.handler, None, None
            await handler.close()


class RenderingDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, plus scrapy-playwright for requests with ``meta["playwright"]``."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._crawler_ref = crawler
        _SharedBrowser.users += 1

    @classmethod
    def from_crawler(cls, crawler: Any) -> RenderingDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        if wants_rendering(request):
            handler = await _SharedBrowser.get(self._crawler_ref)
            return await handler.download_request(request)  # type: ignore[no-any-return]
        return await super().download_request(request)

    async def close(self) -> None:
        await _SharedBrowser.release()
        await super().close()
