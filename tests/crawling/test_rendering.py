"""JavaScript rendering: JS-only outlets through Debian's chromium, and the automatic fallback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from archive import models
from crawler.fixtureweb import FixtureWeb
from crawler.shell import looks_like_shell
from tests.integration.crawling import archive_session, archive_state, crawl, normal

ALLOW = ("--set", "NEWSARCHIVE_ALLOW_LOOPBACK=True")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb(seed=7) as served:
        yield served


def test_shell_detection_tells_app_shells_from_articles(web: FixtureWeb) -> None:
    for key in ("pulse", "pulsar"):
        url = sorted(web.article_urls(outlets=[key]))[0]
        assert looks_like_shell(web.fetch(url).body), url
        assert looks_like_shell(web.fetch(web.base(key) + "/").body)
    for url in sorted(web.article_urls(outlets=["herald", "ledger", "courier"]))[:6]:
        assert not looks_like_shell(web.fetch(url).body), url
    assert not looks_like_shell(b"<html><body><div id='app'>" + b"<p>Real words here.</p>" * 40 + b"</div></body></html>")


def test_browser_outlets_ask_for_rendering(tmp_path: Path, web: FixtureWeb) -> None:
    from crawler.spiders.feeds import FeedsSpider
    from tests.crawler.test_spiders import _spider

    spider = _spider(FeedsSpider, tmp_path)
    sources = web.write_sources(tmp_path / "sources.toml", outlets=["pulse", "pulsar"])
    spider.outlets = __import__("crawler.sources", fromlist=["load_sources"]).load_sources(sources)
    pulse, pulsar = spider.outlets
    assert spider.article_request(web.base("pulse") + "/story/a-b-c", pulse).meta.get("playwright") is True
    assert not spider.article_request(web.base("pulsar") + "/story/a-b-c", pulsar).meta.get("playwright")


@pytest.fixture
def chromium() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def _fetch_methods(db: str) -> dict[str, str]:
    with archive_session(db) as session:
        rows = session.execute(select(models.Capture.requested_url, models.Capture.fetch_method))
        return {normal(url): method for url, method in rows}


@pytest.mark.browser
@pytest.mark.slow
def test_js_outlets_are_rendered_with_the_real_browser(chromium: None, web: FixtureWeb, tmp_path: Path) -> None:
    """pulse is marked render = "browser"; pulsar is not, and falls back to the browser by itself."""
    from archive import queries

    db = f"sqlite:///{tmp_path / 'js.sqlite3'}"
    sources = web.write_sources(tmp_path / "sources.toml", outlets=["pulse", "pulsar"])
    crawl(sources, db, *ALLOW, "--spider", "feeds", "--spider", "sitemaps", cwd=tmp_path)
    state = archive_state(db)
    truth = {normal(t.url): t for t in web.articles(outlets=["pulse", "pulsar"]) if t.listed}
    assert set(truth) <= state.articles
    assert not state.errors
    methods = _fetch_methods(db)
    assert all(methods[url] == "browser" for url in truth)
    with archive_session(db) as session:
        for url, expected in truth.items():
            found = queries.get_story(session, url)
            assert found is not None and found.story.headline == expected.headline
            assert expected.paragraphs[0] in " ".join(found.story.body)


@pytest.mark.browser
@pytest.mark.slow
def test_script_filled_front_pages_are_rendered(chromium: None, web: FixtureWeb, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'front.sqlite3'}"
    sources = web.write_sources(tmp_path / "sources.toml", outlets=["pulse", "pulsar"])
    proc = crawl(sources, db, *ALLOW, "--spider", "frontpages", "-v", cwd=tmp_path)
    listed = {normal(u) for u in web.article_urls(outlets=["pulse", "pulsar"])}
    assert listed <= archive_state(db).articles
    assert "started the browser" in proc.stdout + proc.stderr


@pytest.mark.slow
def test_plain_crawls_never_start_the_browser(web: FixtureWeb, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    sources = web.write_sources(tmp_path / "sources.toml", outlets=["courier"])
    proc = crawl(sources, db, *ALLOW, "--set", "NEWSARCHIVE_RENDER_FALLBACK=False", "-v", cwd=tmp_path)
    assert archive_state(db).articles
    assert "started the browser" not in proc.stdout + proc.stderr
    assert "Launching browser" not in proc.stdout + proc.stderr
