"""Downloader middleware: refuse requests (and redirects, and rendered pages) to forbidden addresses."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response

from crawler.netguard import AddressPolicy, literal_address
from crawler.resolver import is_localhost_alias, policy_from_settings

__all__ = ["NetworkGuardMiddleware"]

_CACHE_SECONDS = 300.0


class NetworkGuardMiddleware:
    """Resolve each request's host and check every address against the policy before fetching.

    Redirects come back through here as new requests, so each hop is checked; the final URL of a
    browser-rendered page (the browser follows redirects itself) is checked on the response.
    """

    def __init__(self, policy: AddressPolicy, stats: Any) -> None:
        self.policy = policy
        self.stats = stats
        self._resolved: dict[str, tuple[float, list[str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetworkGuardMiddleware:
        return cls(policy_from_settings(crawler.settings), crawler.stats)

    async def process_request(self, request: Request) -> None:
        await self._check(request.url)

    async def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(response.url).hostname != urlsplit(request.url).hostname:
            await self._check(response.url)
        return response

    async def _check(self, url: str) -> None:
        try:
            self.policy.check_url(url)
            host = (urlsplit(url).hostname or "").lower().rstrip(".")
            if host and literal_address(host) is None and not is_localhost_alias(host):
                for address in await self._addresses(host):
                    self.policy.check(host, address)
        except Exception:
            self.stats.inc_value("newsarchive/blocked_address")
            raise

    async def _addresses(self, host: str) -> list[str]:
        cached = self._resolved.get(host)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return []  # the download itself reports the DNS failure as dns_error
        addresses = sorted({str(info[4][0]) for info in infos})
        self._resolved[host] = (time.monotonic() + _CACHE_SECONDS, addresses)
        return addresses
