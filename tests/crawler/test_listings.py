"""Feeds, sitemaps and front pages give article URLs; hostile XML costs nothing."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from crawler.listings import ListingError, frontpage_links, looks_like_article_url, parse_feed, parse_sitemap

CORPUS = Path(os.environ.get("NEWSARCHIVE_CORPUS", Path(__file__).resolve().parents[3] / "shared" / "corpus"))
FEEDS = CORPUS / "feeds"
needs_corpus = pytest.mark.skipif(not FEEDS.is_dir(), reason="shared corpus not found")


@needs_corpus
@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("guardian_us_2018-01-31.rss", 55),
        ("heise_developer_2016-02-01.atom", 15),
        ("jn_pt_ultimas_iso-8859-1_2018-01-03.rss", 40),
        ("uol_noticias_no-xml-decl_2018-09.rss", 15),
        ("science_twis_rss1.0.rdf", 69),
    ],
)
def test_real_feeds(name: str, count: int) -> None:
    entries = parse_feed((FEEDS / name).read_bytes(), "https://example.org/")
    assert len(entries) == count
    assert all(e.url.startswith("http") for e in entries)


@needs_corpus
def test_real_feed_dates_keep_offsets() -> None:
    entries = parse_feed((FEEDS / "heise_developer_2016-02-01.atom").read_bytes(), "https://heise.de/")
    assert entries[0].updated is not None and entries[0].updated.utcoffset() is not None


@needs_corpus
def test_real_sitemaps() -> None:
    kind, entries = parse_sitemap((FEEDS / "example_google-news-sitemap_spec.xml").read_bytes(), "https://x/")
    assert kind == "urlset" and len(entries) == 2 and entries[0].published is not None
    kind, entries = parse_sitemap((FEEDS / "example_sitemap-index_cdata.xml").read_bytes(), "https://x/")
    assert kind == "index" and len(entries) == 2
    kind, entries = parse_sitemap((FEEDS / "sitemaps-org_sitemap.xml.gz").read_bytes(), "https://x/")
    assert kind == "urlset" and len(entries) == 84
    kind, entries = parse_sitemap((FEEDS / "hebdenbridgetimes_articles-sitemap_2015.xml").read_bytes(), "https://x/")
    assert len(entries) == 74 and entries[0].updated is not None


def test_billion_laughs_is_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss><channel><item><title>&lol4;</title><link>https://x.example/a-b-c</link></item></channel></rss>"""
    entries = parse_feed(bomb, "https://x.example/")
    assert [e.url for e in entries] == ["https://x.example/a-b-c"]
    assert not entries[0].title or len(entries[0].title) < 100


def test_deeply_nested_entities_do_not_lose_the_feed() -> None:
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = (f'<?xml version="1.0"?><!DOCTYPE r [{"".join(levels)}]>'
            '<rss><channel><item><title>&l9;</title><link>https://x.example/real-story-here</link></item>'
            '</channel></rss>').encode()
    entries = parse_feed(bomb, "https://x.example/")
    assert [e.url for e in entries] == ["https://x.example/real-story-here"]


def test_external_entities_are_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
<rss><channel><item><title>&x;</title><link>https://x.example/a-b-c</link></item></channel></rss>""".encode()
    entries = parse_feed(xxe, "https://x.example/")
    assert "TOPSECRET" not in (entries[0].title or "")


def test_gzip_bomb_sitemap_is_refused() -> None:
    body = b"<urlset>" + b" " * (60 * 1024 * 1024) + b"</urlset>"
    with pytest.raises(ListingError, match="expands past"):
        parse_sitemap(gzip.compress(body), "https://x/")


def test_not_a_feed() -> None:
    with pytest.raises(ListingError):
        parse_feed(b"<html><body>hello</body></html>", "https://x/")
    with pytest.raises(ListingError):
        parse_sitemap(b"<rss></rss>", "https://x/")
    with pytest.raises(ListingError):
        parse_feed(b"", "https://x/")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://h.example/world/council-approves-new-budget", True),
        ("https://h.example/politics/2024/05/03/x", True),
        ("https://h.example/story/3000000218734/x", True),
        ("https://h.example/", False),
        ("https://h.example/world/", False),
        ("https://h.example/tag/council-budget-news", False),
        ("https://h.example/about", False),
        ("https://h.example/static/site-main-bundle.css", False),
    ],
)
def test_article_url_heuristic(url: str, expected: bool) -> None:
    assert looks_like_article_url(url) is expected


def test_headline_like_link_text_marks_short_article_links() -> None:
    assert looks_like_article_url("https://h.example/go/transit-plan", "Transit plan approved: what changes")
    assert not looks_like_article_url("https://h.example/go/transit-plan", "Transit")
    assert not looks_like_article_url("https://h.example/about/us", "All about our great newsroom")


def test_frontpage_links_keep_order_and_site() -> None:
    page = b"""<html><body>
      <a href="/world/council-approves-new-budget?utm_source=home">a</a>
      <a href="https://other.example/world/some-other-story-here">off-site</a>
      <a href="/world/">section</a>
      <a href="/sport/late-goal-wins-the-derby#comments">b</a>
      <a href="/world/council-approves-new-budget?utm_source=home">dup</a>
      <a href="javascript:alert(1)">x</a>
    </body></html>"""
    links = frontpage_links(page, "https://h.example/", lambda host: host == "h.example")
    assert links == [
        "https://h.example/world/council-approves-new-budget?utm_source=home",
        "https://h.example/sport/late-goal-wins-the-derby#comments",
    ]
