"""Spider units on built responses: what each listing yields, dedup across spiders, failure kinds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.internet import error as net_errors
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from crawler.items import FetchedPage
from crawler.spiders.base import failure_kind
from crawler.spiders.feeds import FeedsSpider
from crawler.spiders.frontpages import FrontpagesSpider
from crawler.spiders.sitemaps import SitemapsSpider

SOURCES = """
[[outlet]]
key = "herald"
name = "The Harbour Herald"
home = "http://herald.localhost:8000/"
feeds = ["http://herald.localhost:8000/feed.xml"]
sitemaps = ["http://herald.localhost:8000/sitemap.xml"]
frontpages = ["http://herald.localhost:8000/"]

[[outlet]]
key = "ledger"
name = "Midland Ledger"
home = "http://ledger.localhost:8000/"
feeds = ["http://ledger.localhost:8000/atom.xml"]
"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>H</title>
<item><title>One</title><link>http://herald.localhost:8000/world/council-approves-budget?utm_source=rss</link>
<pubDate>Mon, 05 Oct 2026 08:00:00 +0100</pubDate></item>
<item><title>Two</title><link>http://herald.localhost:8000/sport/late-goal-wins-derby</link></item>
</channel></rss>"""


def _spider(cls: type, tmp_path: Path, run_id: str = "run-1", **kwargs: str):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES)
    crawler = get_crawler(cls, {"NEWSARCHIVE_SOURCES": str(sources), "NEWSARCHIVE_RUN_ID": run_id,
                                "NEWSARCHIVE_REFETCH_KNOWN": True,
                                "NEWSARCHIVE_DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}"})
    return cls.from_crawler(crawler, **kwargs)


def collect(results: object) -> list:
    """Everything an (async) listing callback yields."""
    async def gather() -> list:
        return [r async for r in results]  # type: ignore[attr-defined]

    return asyncio.run(gather())



def test_outlets_can_be_limited(tmp_path: Path) -> None:
    spider = _spider(FeedsSpider, tmp_path, outlets="ledger")
    assert [o.key for o in spider.outlets] == ["ledger"]


def test_feeds_spider_yields_article_requests_once_per_run(tmp_path: Path) -> None:
    feeds = _spider(FeedsSpider, tmp_path, run_id="shared")
    outlet = feeds.outlets[0]
    response = XmlResponse(url=outlet.feeds[0], body=RSS)
    requests = collect(feeds.parse_listing(response, outlet))
    assert [r.url for r in requests] == [
        "http://herald.localhost:8000/world/council-approves-budget",
        "http://herald.localhost:8000/sport/late-goal-wins-derby",
    ]
    assert all(r.dont_filter and 404 in r.meta["handle_httpstatus_list"] for r in requests)
    assert all(301 not in r.meta["handle_httpstatus_list"] for r in requests)
    # another spider of the same run finds the same articles on the front page: nothing new
    front = _spider(FrontpagesSpider, tmp_path, run_id="shared")
    page = HtmlResponse(url=outlet.frontpages[0], body=b'<a href="/world/council-approves-budget">x</a>'
                        b'<a href="/world/new-bridge-opens-today">y</a>')
    assert [r.url for r in collect(front.parse_listing(page, outlet))] == ["http://herald.localhost:8000/world/new-bridge-opens-today"]


def test_sitemap_index_follows_children_on_the_outlets_site_only(tmp_path: Path) -> None:
    spider = _spider(SitemapsSpider, tmp_path, run_id="sm")
    outlet = spider.outlets[0]
    index = XmlResponse(url=outlet.sitemaps[0], request=Request(outlet.sitemaps[0]), body=b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>http://herald.localhost:8000/sitemap-news.xml</loc></sitemap>
      <sitemap><loc>http://elsewhere.example/sitemap.xml</loc></sitemap></sitemapindex>""")
    [child] = collect(spider.parse_listing(index, outlet))
    assert child.url == "http://herald.localhost:8000/sitemap-news.xml" and child.callback == spider.parse_listing
    urlset = XmlResponse(url=child.url, body=b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>http://herald.localhost:8000/world/council-approves-budget</loc></url></urlset>""",
                         request=child)
    [article] = collect(spider.parse_listing(urlset, outlet))
    assert article.callback == spider.parse_article


def test_broken_listing_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    spider = _spider(FeedsSpider, tmp_path)
    outlet = spider.outlets[0]
    assert collect(spider.parse_listing(TextResponse(url=outlet.feeds[0], body=b"<html>nope</html>"), outlet)) == []
    assert collect(spider.parse_listing(TextResponse(url=outlet.feeds[0], status=500, body=b""), outlet)) == []
    assert "cannot read listing http://herald.localhost:8000/feed.xml" in caplog.text


def test_article_response_becomes_a_fetched_page(tmp_path: Path) -> None:
    spider = _spider(FeedsSpider, tmp_path)
    outlet = spider.outlets[0]
    request = spider.article_request("http://herald.localhost:8000/world/a-b-c", outlet)
    response = HtmlResponse(url=request.url, status=404, body=b"gone", request=request,
                            headers={"Content-Type": "text/html", "X-Secret": "no", "ETag": '"abc"'})
    page = spider.parse_article(response, outlet)
    assert isinstance(page, FetchedPage)
    assert page.status == 404 and page.body == b"gone" and page.discovered_via == "feeds"
    assert page.headers == {"content-type": "text/html", "etag": '"abc"'}


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
        (CancelledError("Cancelling download: expected response size larger than download max size"), "too_large"),
        (net_errors.TimeoutError("timed out"), "timeout"),
        (DownloadTimeoutError("Getting http://x took longer than 2.0 seconds."), "timeout"),
        (net_errors.DNSLookupError("no such host"), "dns_error"),
        (net_errors.ConnectionRefusedError(), "connection_refused"),
        (RuntimeError("weird"), "fetch_failed"),
    ],
)
def test_failure_kinds(exc: Exception, kind: str) -> None:
    assert failure_kind(Failure(exc)) == kind


def test_failed_article_becomes_an_error_page_but_robots_is_skipped(tmp_path: Path) -> None:
    spider = _spider(FeedsSpider, tmp_path)
    request = spider.article_request("http://herald.localhost:8000/world/slow-page-here", spider.outlets[0])
    failure = Failure(net_errors.TimeoutError("took too long"))
    failure.request = request  # type: ignore[attr-defined]
    page = spider.article_failed(failure)
    assert page is not None and page.error_kind == "timeout" and page.outlet_key == "herald"
    robots = Failure(IgnoreRequest("Forbidden by robots.txt"))
    robots.request = request  # type: ignore[attr-defined]
    assert spider.article_failed(robots) is None
