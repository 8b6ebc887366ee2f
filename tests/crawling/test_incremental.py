"""Incremental fetching: conditional listing polls, only new or changed entries, front-page intervals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.db import Archive
from archive.listings_state import ListingPoll, load_validators, record_polls
from crawler.incremental import should_fetch
from crawler.listings import Entry
from tests.crawling.server import ScriptedWeb, article_html, sitemap, sources
from tests.integration.crawling import crawl

ALLOW = ("--set", "NEWSARCHIVE_ALLOW_LOOPBACK=True")
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_should_fetch_rules() -> None:
    captured = NOW - HOUR
    rules = {"now": NOW, "frontpage_refetch_after": 6 * HOUR}
    assert should_fetch(Entry("u"), None, kind="feed", **rules)  # new to the archive
    assert not should_fetch(Entry("u", published=NOW - 2 * HOUR), captured, kind="feed", **rules)
    assert should_fetch(Entry("u", published=NOW - 2 * HOUR, updated=NOW - HOUR / 2), captured, kind="feed", **rules)
    assert not should_fetch(Entry("u", updated=(NOW - 2 * HOUR).replace(tzinfo=None)), captured, kind="sitemap",
                            **rules)
    assert not should_fetch(Entry("u"), captured, kind="sitemap", **rules)  # no date: no sign of change
    assert not should_fetch(Entry("u"), captured, kind="frontpage", **rules)
    assert should_fetch(Entry("u"), NOW - 7 * HOUR, kind="frontpage", **rules)


def test_listing_validators_round_trip(archive: Archive) -> None:
    with archive.session() as session:
        record_polls(session, [ListingPoll("http://a/feed.xml", "feed", 200, NOW, etag='"v1"',
                                           last_modified="Fri, 27 Nov 2026 10:00:00 GMT", body_sha256="aa",
                                           entries=3)])
    with archive.session() as session:
        record_polls(session, [ListingPoll("http://a/feed.xml", "feed", 304, NOW + HOUR)])
        record_polls(session, [ListingPoll("http://a/sitemap.xml", "sitemap", 500, NOW, failed=True)])
    with archive.session() as session:
        found = load_validators(session, ["http://a/feed.xml", "http://a/sitemap.xml", "http://a/none"])
    assert found["http://a/feed.xml"].etag == '"v1"'  # a 304 keeps the validators
    assert found["http://a/feed.xml"].last_modified == "Fri, 27 Nov 2026 10:00:00 GMT"
    assert found["http://a/sitemap.xml"].etag is None and "http://a/none" not in found


@pytest.fixture
def scripted() -> Iterator[ScriptedWeb]:
    web = ScriptedWeb()
    yield web
    web.close()


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


@pytest.mark.slow
def test_only_new_or_changed_sitemap_entries_are_fetched(scripted: ScriptedWeb, tmp_path: Path) -> None:
    scripted.add("maps", "/robots.txt", (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"))
    urls = [scripted.add("maps", f"/news/map-story-{i}-here", (200, {}, article_html(i))) for i in range(3)]
    past = datetime.now(UTC) - 2 * HOUR
    entries = [(u, _stamp(past)) for u in urls]
    listing = {"body": sitemap(entries)}
    scripted.add("maps", "/sitemap.xml", lambda n: (200, {"Content-Type": "application/xml",
                                                           "Last-Modified": "Fri, 27 Nov 2026 06:00:00 GMT"},
                                                    listing["body"]))
    path = tmp_path / "sources.toml"
    path.write_text(sources({"maps": {"sitemaps": [scripted.base("maps") + "/sitemap.xml"]}}, scripted.base))
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"

    def article_hits() -> list[str]:
        return sorted(h.path for h in scripted.hits if h.path.startswith("/news/"))

    crawl(path, db, *ALLOW, cwd=tmp_path)
    assert len(article_hits()) == 3
    crawl(path, db, *ALLOW, cwd=tmp_path)
    assert len(article_hits()) == 3, "an unchanged sitemap fetched articles again"
    polls = scripted.hits_for("/sitemap.xml")
    assert polls[-1].headers.get("If-Modified-Since") == "Fri, 27 Nov 2026 06:00:00 GMT"
    # One entry changes after our capture, one new entry appears: exactly those two are fetched.
    new = scripted.add("maps", "/news/map-story-new-here", (200, {}, article_html(5)))
    entries[1] = (urls[1], _stamp(datetime.now(UTC) + HOUR))
    listing["body"] = sitemap([*entries, (new, _stamp(past))])
    crawl(path, db, *ALLOW, cwd=tmp_path)
    assert article_hits() == sorted(["/news/map-story-0-here", "/news/map-story-1-here", "/news/map-story-1-here",
                                     "/news/map-story-2-here", "/news/map-story-new-here"])


@pytest.mark.slow
def test_front_page_articles_wait_for_the_refetch_interval(scripted: ScriptedWeb, tmp_path: Path) -> None:
    scripted.add("front", "/robots.txt", (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"))
    urls = [scripted.add("front", f"/news/front-story-{i}-here", (200, {}, article_html(i))) for i in range(2)]
    links = "".join(f'<a href="{u}">A headline for story number {i}</a>' for i, u in enumerate(urls))
    scripted.add("front", "/", (200, {}, f"<html><body>{links}</body></html>".encode()))
    path = tmp_path / "sources.toml"
    path.write_text(sources({"front": {"frontpages": [scripted.base("front") + "/"]}}, scripted.base))
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    count = lambda: sum(1 for h in scripted.hits if h.path.startswith("/news/"))  # noqa: E731
    crawl(path, db, *ALLOW, cwd=tmp_path)
    crawl(path, db, *ALLOW, cwd=tmp_path)
    assert count() == 2
    crawl(path, db, *ALLOW, "--set", "NEWSARCHIVE_FRONTPAGE_REFETCH_AFTER=0", cwd=tmp_path)
    assert count() == 4
