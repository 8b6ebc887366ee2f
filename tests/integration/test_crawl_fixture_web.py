"""Crawl the fixture web end to end: exact capture and version counts, broken pages, robots.

Runs on SQLite and on PostgreSQL (``archive_url``). These are the foundation's promises: an
unchanged re-crawl fetches no article again (or, with NEWSARCHIVE_REFETCH_KNOWN, adds captures
and no versions); one edition adds exactly the versions the web changed; every broken page gives
a clear log line and stores nothing wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.fixtureweb import DEMO, FixtureWeb
from tests.integration.crawling import archive_state, crawl, normal

pytestmark = pytest.mark.slow


@pytest.fixture
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb(seed=7, edition=1, slow_seconds=6.0) as served:  # far past the 2 s time-out, even on a busy machine
        yield served


def _article_requests(web: FixtureWeb, urls: set[str]) -> list[str]:
    """Requests the web answered for any of these article URLs (path and query as requested)."""
    from urllib.parse import urlsplit

    wanted = {(urlsplit(u).hostname, urlsplit(u).path) for u in urls}
    return [r.target for r in web.requests if (r.host.split(":")[0], r.target.split("?")[0]) in wanted]


def test_recrawl_and_one_edition_give_exact_counts(web: FixtureWeb, archive_url: str, tmp_path: Path) -> None:
    sources = web.write_sources(tmp_path / "sources.toml")
    listed_1 = {normal(u) for u in web.article_urls(edition=1, outlets=DEMO)}
    broken = web.broken_cases(outlets=DEMO)
    stored_broken = {normal(c.final_url or c.url) for c in broken if c.expected == "stored"}
    failing = [c for c in broken if c.expected != "stored"]
    per_pass_1 = len(listed_1) + len(broken)  # each broken URL is fetched once per crawl

    first = crawl(sources, archive_url, cwd=tmp_path)
    state = archive_state(archive_url)
    assert state.articles == listed_1 | stored_broken
    assert state.captures == per_pass_1
    assert state.versions == len(state.articles)

    # Incremental (the default): an unchanged web gives no article fetch again; failures are retried.
    web.clear_requests()
    crawl(sources, archive_url, cwd=tmp_path)
    quiet = archive_state(archive_url)
    assert _article_requests(web, web.article_urls(edition=1, outlets=DEMO)) == []
    assert quiet.captures == per_pass_1 + len(failing)
    assert quiet.versions == state.versions and quiet.articles == state.articles
    assert any(r.status == 304 for r in web.requests), "feeds and sitemaps are polled conditionally"

    # NEWSARCHIVE_REFETCH_KNOWN=True: every listed article again, no new version.
    crawl(sources, archive_url, "--set", "NEWSARCHIVE_REFETCH_KNOWN=True", cwd=tmp_path)
    again = archive_state(archive_url)
    assert again.captures == quiet.captures + per_pass_1
    assert again.versions == state.versions and again.articles == state.articles
    assert again.outcomes["unchanged"] == len(state.articles)

    web.set_edition(2)
    changes = {normal(u): kinds for u, kinds in web.changes(1, 2, outlets=DEMO).items()}
    listed_2 = {normal(u) for u in web.article_urls(edition=2, outlets=DEMO)}
    crawl(sources, archive_url, "--set", "NEWSARCHIVE_REFETCH_KNOWN=True", cwd=tmp_path)
    after = archive_state(archive_url)
    new = {u for u, kinds in changes.items() if "new" in kinds}
    edited = {u for u, kinds in changes.items() if "new" not in kinds}
    assert after.articles == state.articles | new
    assert after.captures == again.captures + len(listed_2) + len(broken)
    assert after.versions == again.versions + len(changes)
    assert {u for u, n in after.versions_per_article.items() if n == 2} == edited
    assert "timeout" in first.stderr or "timeout" in first.stdout


def test_incremental_crawl_of_a_new_edition_fetches_new_articles(web: FixtureWeb, tmp_path: Path) -> None:
    archive_url = f"sqlite:///{tmp_path / 'incremental.sqlite3'}"
    sources = web.write_sources(tmp_path / "sources.toml")
    crawl(sources, archive_url, cwd=tmp_path)
    before = archive_state(archive_url)
    web.set_edition(2)
    new = {normal(u) for u, kinds in web.changes(1, 2, outlets=DEMO).items() if "new" in kinds}
    web.clear_requests()
    crawl(sources, archive_url, cwd=tmp_path)
    after = archive_state(archive_url)
    assert after.articles == before.articles | new
    unchanged = web.article_urls(edition=1, outlets=DEMO) - set(web.changes(1, 2, outlets=DEMO))
    assert _article_requests(web, unchanged) == []


def test_broken_pages_are_logged_and_store_nothing_wrong(web: FixtureWeb, archive_url: str, tmp_path: Path) -> None:
    sources = web.write_sources(tmp_path / "sources.toml")
    proc = crawl(sources, archive_url, "--outlet", "ledger", "--outlet", "herald", "--outlet", "courier",
                 cwd=tmp_path)
    log = " ".join((proc.stdout + proc.stderr).split())
    state = archive_state(archive_url)
    errors = dict(state.errors)
    cases = web.broken_cases(outlets=DEMO)
    assert len(cases) >= 9
    for case in cases:
        if case.expected == "stored":
            assert normal(case.final_url or case.url) in state.articles, case
            continue
        assert errors.get(case.url) == case.expected, (case, errors)
        assert normal(case.url) not in state.articles, case
        assert case.expected in log, f"no log line for {case.name}"
    assert len(state.errors) == sum(1 for c in cases if c.expected != "stored")


def test_stored_broken_pages_have_the_right_text(web: FixtureWeb, archive_url: str, tmp_path: Path) -> None:
    from archive import queries
    from archive.db import open_archive

    sources = web.write_sources(tmp_path / "sources.toml")
    crawl(sources, archive_url, "--spider", "frontpages", cwd=tmp_path)
    archive = open_archive(archive_url)
    try:
        with archive.session() as session:
            for case in (c for c in web.broken_cases(outlets=DEMO) if c.expected == "stored"):
                found = queries.get_story(session, normal(case.final_url or case.url))
                assert found is not None, case
                assert found.story.headline == case.headline
                assert case.text_sample and case.text_sample in " ".join(found.story.body)
    finally:
        archive.dispose()


def test_robots_txt_is_obeyed_and_user_agent_is_descriptive(web: FixtureWeb, archive_url: str,
                                                            tmp_path: Path) -> None:
    sources = web.write_sources(tmp_path / "sources.toml")
    crawl(sources, archive_url, "--spider", "frontpages", cwd=tmp_path)
    requested = {(r.host.split(":")[0], r.target) for r in web.requests}
    disallowed = web.disallowed_urls(outlets=DEMO)
    assert disallowed
    from urllib.parse import urlsplit

    for url in disallowed:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        assert (parts.hostname, target) not in requested, url
    assert all(r.user_agent.startswith("newsarchive/") and "+" in r.user_agent for r in web.requests)


@pytest.mark.parametrize("spider", ["feeds", "sitemaps", "frontpages"])
def test_each_spider_alone_finds_the_outlets_articles(web: FixtureWeb, tmp_path: Path, spider: str) -> None:
    archive_url = f"sqlite:///{tmp_path / 'spider.sqlite3'}"  # what a spider finds does not depend on the backend
    sources = web.write_sources(tmp_path / "sources.toml")
    crawl(sources, archive_url, "--spider", spider, "--outlet", "herald", cwd=tmp_path)
    state = archive_state(archive_url)
    listed = {normal(u) for u in web.article_urls(edition=1, outlets=["herald"])}
    assert listed <= state.articles
    assert all(u.startswith(web.base("herald")) for u in state.articles)
