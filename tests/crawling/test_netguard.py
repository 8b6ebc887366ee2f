"""The network guard: no private, loopback or link-local address unless a setting allows it."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.failures import failure_kind
from crawler.middlewares.netguard import NetworkGuardMiddleware
from crawler.netguard import AddressPolicy, BlockedAddress, address_kind
from crawler.resolver import LoopbackAliasResolver


@pytest.mark.parametrize(("address", "kind"), [
    ("8.8.8.8", "public"), ("127.0.0.1", "loopback"), ("127.9.9.9", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link_local"), ("fe80::1", "link_local"), ("::ffff:127.0.0.1", "loopback"),
    ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"), ("100.64.0.1", "reserved"),
])
def test_address_kinds(address: str, kind: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_policy_allows_only_what_settings_open() -> None:
    strict, loop, private = AddressPolicy(), AddressPolicy(allow_loopback=True), AddressPolicy(allow_private=True)
    for url in ("http://127.0.0.1:8000/", "http://[::1]/x", "http://herald.localhost:8123/", "http://localhost/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/admin", "http://0x7f.0.0.1/"):
        if "0x7f" in url:
            continue  # not an IP literal to urlsplit; the resolver sees what it resolves to
        with pytest.raises(BlockedAddress, match="blocked_address"):
            strict.check_url(url)
    loop.check_url("http://herald.localhost:8123/")
    loop.check_url("http://127.0.0.1:8000/")
    with pytest.raises(BlockedAddress):
        loop.check_url("http://169.254.169.254/")
    private.check_url("http://10.0.0.8/admin")
    AddressPolicy().check_url("http://93.184.216.34/")


def _middleware(**settings: object) -> NetworkGuardMiddleware:
    return NetworkGuardMiddleware.from_crawler(get_crawler(settings_dict=settings))


def test_middleware_checks_names_after_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    middleware = _middleware()

    async def resolves_to(address: str) -> list[str]:
        return [address]

    monkeypatch.setattr(middleware, "_addresses", lambda host: resolves_to("192.168.0.10"))
    with pytest.raises(BlockedAddress, match="news.example is 192.168.0.10"):
        asyncio.run(middleware.process_request(Request("http://news.example/a")))
    monkeypatch.setattr(middleware, "_addresses", lambda host: resolves_to("93.184.216.34"))
    assert asyncio.run(middleware.process_request(Request("http://news.example/a"))) is None


def test_middleware_checks_where_a_rendered_page_ended_up() -> None:
    """The browser follows redirects itself: the response's final URL is checked too."""
    middleware = _middleware(NEWSARCHIVE_ALLOW_LOOPBACK=False)
    request = Request("http://93.184.216.34/story")
    response = HtmlResponse(url="http://127.0.0.1:6379/", body=b"", request=request)
    with pytest.raises(BlockedAddress):
        asyncio.run(middleware.process_response(request, response))


def test_loopback_allowed_by_setting() -> None:
    middleware = _middleware(NEWSARCHIVE_ALLOW_LOOPBACK=True)
    assert asyncio.run(middleware.process_request(Request("http://herald.localhost:8123/feed.xml"))) is None
    with pytest.raises(BlockedAddress):
        asyncio.run(middleware.process_request(Request("http://169.254.169.254/")))


def test_resolver_refuses_at_connection_time() -> None:
    """A name that passed the middleware but resolves to a forbidden address fails when connecting."""
    from twisted.internet import reactor

    resolver = LoopbackAliasResolver.from_crawler(get_crawler(settings_dict={}), reactor)
    failures: list[Failure] = []
    resolver.getHostByName("herald.localhost").addErrback(failures.append)
    assert failures and failure_kind(failures[0]) == "blocked_address"
    allowed = LoopbackAliasResolver.from_crawler(
        get_crawler(settings_dict={"NEWSARCHIVE_ALLOW_LOOPBACK": True}), reactor)
    answers: list[str] = []
    allowed.getHostByName("herald.localhost").addCallback(answers.append)
    assert answers == ["127.0.0.1"]


def test_blocked_fetch_is_a_clear_error_kind() -> None:
    assert failure_kind(Failure(BlockedAddress("blocked_address: x is 10.0.0.1"))) == "blocked_address"


def test_the_browser_may_not_load_forbidden_hosts_or_heavy_resources() -> None:
    from types import SimpleNamespace

    from crawler.rendering import _AbortRules

    rules = _AbortRules(get_crawler(settings_dict={"NEWSARCHIVE_ALLOW_LOOPBACK": True}).settings)

    def aborted(url: str, kind: str = "script") -> bool:
        return asyncio.run(rules(SimpleNamespace(url=url, resource_type=kind)))

    assert aborted("http://pulse.localhost:8000/app.js") is False
    assert aborted("http://169.254.169.254/latest/meta-data/", "xhr") is True
    assert aborted("http://10.0.0.5/internal.js") is True
    assert aborted("http://pulse.localhost:8000/photo.jpg", "image") is True
    assert aborted("data:text/plain,hi", "script") is False
    strict = _AbortRules(get_crawler(settings_dict={}).settings)
    assert asyncio.run(strict(SimpleNamespace(url="http://pulse.localhost/x", resource_type="document"))) is True
