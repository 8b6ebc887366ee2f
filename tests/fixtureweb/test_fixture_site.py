"""The fixture web answers like a small set of real news sites: robots, feeds, sitemaps, pages."""

from __future__ import annotations

import json
import tomllib
from urllib.parse import urljoin, urlsplit

import lxml.html
from defusedxml import ElementTree

from crawler.fixtureweb import DEMO, FixtureWeb

from .conftest import get

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9",
      "atom": "http://www.w3.org/2005/Atom"}


def _sources(web: FixtureWeb) -> dict[str, dict]:
    return {o["key"]: o for o in tomllib.loads(web.sources_toml())["outlet"]}


def _feed_links(web: FixtureWeb, url: str) -> set[str]:
    root = ElementTree.fromstring(get(web, url).body)
    if root.tag == "rss":
        return {el.text for el in root.iter("link") if el.text and "/feed" not in el.text} - {
            root.find("channel/link").text}
    return {el.get("href") for el in root.iterfind("atom:entry/atom:link", NS)}


def _sitemap_links(web: FixtureWeb, url: str) -> set[str]:
    root = ElementTree.fromstring(get(web, url).body)
    if root.tag.endswith("sitemapindex"):
        children = [el.text for el in root.iterfind("sm:sitemap/sm:loc", NS)]
        assert len(children) == 2
        return set().union(*(_sitemap_links(web, c) for c in children))
    return {el.text for el in root.iterfind("sm:url/sm:loc", NS)}


def test_sources_file_lists_the_demo_outlets(web: FixtureWeb) -> None:
    sources = _sources(web)
    assert list(sources) == list(DEMO)
    for key, entry in sources.items():
        assert entry["home"] == web.base(key) + "/"
        assert entry["feeds"] and entry["sitemaps"] and len(entry["frontpages"]) >= 3
        assert all(u.startswith(web.base(key)) for u in entry["feeds"] + entry["sitemaps"])


def test_robots_disallow_a_path_the_front_page_links(web: FixtureWeb) -> None:
    for key in DEMO:
        robots = get(web, web.base(key) + "/robots.txt")
        assert robots.status == 200 and robots.headers["content-type"].startswith("text/plain")
        assert "Disallow:" in robots.body.decode()
    assert "Crawl-delay: 0" in get(web, web.base("ledger") + "/robots.txt").body.decode()
    for blocked in web.disallowed_urls():
        key = urlsplit(blocked).hostname.split(".")[0]
        front = get(web, web.base(key) + "/").body.decode()
        assert blocked.removeprefix(web.base(key)).replace("&", "&amp;") in front
        path = urlsplit(blocked).path
        robots = get(web, web.base(key) + "/robots.txt").body.decode()
        assert f"Disallow: {'/'.join(path.split('/')[:2])}" in robots


def test_feeds_and_sitemaps_list_exactly_the_articles(web: FixtureWeb) -> None:
    sources = _sources(web)
    for key in DEMO:
        expected = web.article_urls(outlets=[key])
        assert 8 <= len(expected) <= 12
        for feed in sources[key]["feeds"]:
            assert _feed_links(web, feed) == expected, feed
        for sitemap in sources[key]["sitemaps"]:
            assert _sitemap_links(web, sitemap) == expected, sitemap


def test_news_sitemap_carries_news_fields(web: FixtureWeb) -> None:
    root = ElementTree.fromstring(get(web, web.base("herald") + "/sitemap-news.xml").body)
    for url in root.iterfind("sm:url", NS):
        assert url.find("news:news/news:publication/news:name", NS).text == "The Harbour Herald"
        assert url.find("news:news/news:publication_date", NS).text.endswith("+01:00")
        assert url.find("news:news/news:title", NS).text


def test_front_pages_link_every_article_in_varied_forms(web: FixtureWeb) -> None:
    for key in DEMO:
        home = web.base(key) + "/"
        doc = lxml.html.fromstring(get(web, home).body)
        hrefs = doc.xpath("//a/@href")
        assert any(h.startswith("/") for h in hrefs) and any(h.startswith("http") for h in hrefs)
        assert any("utm_source=" in h for h in hrefs) and any("#" in h for h in hrefs)
        found = {urljoin(home, h).split("#")[0].split("?")[0] for h in hrefs}
        assert web.canonical_urls(outlets=[key]) <= found


def test_every_article_answers_with_metadata(web: FixtureWeb) -> None:
    truths = {t.url: t for t in web.articles()}
    for url in web.article_urls():
        got = get(web, url)
        assert got.status == 200, url
        doc = lxml.html.fromstring(got.body)
        truth = truths[url]
        assert doc.findtext(".//title").startswith(truth.headline + " ")
        for script in doc.xpath('//script[@type="application/ld+json"]/text()'):
            data = json.loads(script)
            nodes = data if isinstance(data, list) else data.get("@graph", [data])
            article = next(n for n in nodes if n["@type"] == "NewsArticle")
            assert article["headline"] == truth.headline
        og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
        assert og["og:url"] == truth.canonical_url and og["og:image"] == truth.image_url
        assert get(web, truth.image_url).headers["content-type"] == "image/png"


def test_metadata_shapes_differ_by_outlet(web: FixtureWeb) -> None:
    shapes = {}
    for key in DEMO:
        url = sorted(web.article_urls(outlets=[key]))[0]
        doc = lxml.html.fromstring(get(web, url).body)
        data = json.loads(doc.xpath('//script[@type="application/ld+json"]/text()')[0])
        canonical = doc.xpath('//link[@rel="canonical"]/@href')
        graph = isinstance(data, dict) and "@graph" in data
        shapes[key] = (type(data).__name__, graph, bool(canonical))
    assert shapes == {"herald": ("dict", False, True), "ledger": ("dict", True, False),
                      "courier": ("list", False, True)}


def test_one_article_is_linked_with_tracking_parameters(web: FixtureWeb) -> None:
    tracked = [u for u in web.article_urls() if "?" in u]
    assert len(tracked) == 1 and "utm_source=" in tracked[0]
    doc = lxml.html.fromstring(get(web, tracked[0]).body)
    assert doc.xpath('//link[@rel="canonical"]/@href') == [tracked[0].split("?")[0]]


def test_unknown_host_and_path(web: FixtureWeb) -> None:
    unknown = get(web, f"http://nowhere.localhost:{web.port}/")
    assert unknown.status == 404 and b"unknown host" in unknown.body
    assert get(web, web.base("herald") + "/no/such/page").status == 404
    section = get(web, web.base("herald") + "/news")
    assert section.status == 301 and section.headers["location"] == "/news/"


def test_conditional_and_compressed_answers(web: FixtureWeb) -> None:
    url = web.base("herald") + "/"
    first = get(web, url)
    again = get(web, url, {"If-None-Match": first.headers["etag"]})
    assert again.status == 304 and again.body == b""
    zipped = get(web, url, {"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    import gzip

    assert gzip.decompress(zipped.body) == first.body


def test_request_log_and_control_endpoints(web: FixtureWeb) -> None:
    web.clear_requests()
    get(web, web.base("courier") + "/feed/", {"User-Agent": "probe/1"})
    assert [(r.target, r.status, r.user_agent) for r in web.requests] == [("/feed/", 200, "probe/1")]
    state = json.loads(get(web, f"http://127.0.0.1:{web.port}/__fixture__/state").body)
    assert state["edition"] == web.edition and state["seed"] == 7 and "herald" in state["outlets"]
    truth = json.loads(get(web, web.base("herald") + "/__fixture__/truth").body)
    assert set(truth["article_urls"]) == web.article_urls()
    assert len(web.requests) == 1
