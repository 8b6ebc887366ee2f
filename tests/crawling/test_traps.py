"""Crawl traps: calendars, pagination, session ids, parameter permutations, per-outlet limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.traps import TrapGuardMiddleware
from crawler.traps import dedupe_key, strip_session_ids, trap_reason

NOW = datetime(2026, 11, 27, tzinfo=UTC)


@pytest.mark.parametrize(("url", "reason"), [
    ("http://n.example/news/2026/10/04/council-approves-budget", None),
    ("http://n.example/articles/local/farid-wins-ward-3-by-election-for-5f5198", None),
    ("http://n.example/2019/05/17/old-story", None),
    ("http://n.example/events/calendar/2031/05/", "calendar"),
    ("http://n.example/calendar?date=2040-01-01", "calendar"),
    ("http://n.example/agenda?year=1850", "calendar"),
    ("http://n.example/news?page=7", None),
    ("http://n.example/news?page=500", "pagination_too_deep"),
    ("http://n.example/news/page/99/", "pagination_too_deep"),
    ("http://n.example/a/b/a/b/a/b/", "repeated_path_segment"),
    ("http://n.example/" + "/".join(f"s{i}" for i in range(20)), "path_too_deep"),
    ("http://n.example/s?" + "&".join(f"f{i}=1" for i in range(12)), "too_many_parameters"),
    ("http://n.example/" + "x" * 2100, "url_too_long"),
])
def test_trap_rules(url: str, reason: str | None) -> None:
    assert trap_reason(url, now=NOW) == reason


def test_session_ids_and_parameter_order_give_one_key() -> None:
    assert strip_session_ids("http://n.example/a;jsessionid=ABC?id=4&PHPSESSID=x&sid=9") == "http://n.example/a?id=4"
    same = {dedupe_key(u) for u in ("http://n.example/a?b=2&a=1", "http://n.example/a?a=1&b=2&sessionid=77",
                                    "http://n.example/a;jsessionid=Z?a=1&b=2")}
    assert len(same) == 1


def _guard(**settings: object) -> TrapGuardMiddleware:
    return TrapGuardMiddleware.from_crawler(get_crawler(settings_dict=settings))


def test_middleware_drops_traps_and_enforces_outlet_budget_and_depth() -> None:
    guard = _guard(NEWSARCHIVE_MAX_PAGES_PER_OUTLET=3, NEWSARCHIVE_MAX_DEPTH=2)
    response = HtmlResponse(url="http://n.example/", body=b"")
    requests = [Request(f"http://n.example/story-{i}-a-b", meta={"newsarchive_outlet": "n", "depth": 1})
                for i in range(5)]
    requests += [Request("http://n.example/cal/2099/01/", meta={"newsarchive_outlet": "m"}),
                 Request("http://n.example/deep-one-a-b", meta={"newsarchive_outlet": "m", "depth": 3}),
                 Request("http://n.example/fine-one-a-b", meta={"newsarchive_outlet": "m", "depth": 2})]
    kept = [r.url for r in guard.process_spider_output(response, requests)]
    assert kept == [r.url for r in requests[:3]] + ["http://n.example/fine-one-a-b"]
    stats = guard.stats.get_stats()
    assert stats["newsarchive/trap/outlet_page_budget"] == 2
    assert stats["newsarchive/trap/calendar"] == 1 and stats["newsarchive/trap/too_deep"] == 1


def test_frontier_claims_session_variants_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crawler.spiders.frontpages import FrontpagesSpider
    from tests.crawler.test_spiders import _spider

    spider = _spider(FrontpagesSpider, tmp_path, run_id="traps")
    outlet = spider.outlets[0]
    first = spider.article_request("http://herald.localhost:8000/world/a-b-c?x=1&y=2&sid=1", outlet)
    again = spider.article_request("http://herald.localhost:8000/world/a-b-c;jsessionid=2?y=2&x=1", outlet)
    assert first is not None and "sid" not in first.url and again is None
