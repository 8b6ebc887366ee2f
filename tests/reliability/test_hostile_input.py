"""Nothing lost, nothing let in: crawl the fixture web's ``hostile`` outlet once and check every row.

Each row is one hostile page or response and the outcome the archive must show for it: stored
(with the right fields) or a capture whose error_kind says why it was skipped. The crawl itself
must finish (exit 0) and the crawler's processes must stay under 1 GB of memory.
"""

from __future__ import annotations

import re
import resource
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from archive import models
from archive.db import open_archive
from crawler.fixtureweb import FixtureWeb
from crawler.fixtureweb.hostile import (
    FEED_ONLY_PATH,
    MILLION,
    HostileCase,
    HostileOutlet,
)
from crawler.listings import MAX_ENTRIES
from tests.integration.crawling import crawl

pytestmark = pytest.mark.slow

STORED = {"new_article", "new_version", "unchanged"}
RSS_LIMIT_KB = 1024 * 1024  # 1 GB


@dataclass
class Row:
    outcome: str
    error_kind: str | None
    requested_url: str
    headline: str | None = None
    body: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None


@dataclass
class Crawled:
    web: FixtureWeb
    proc: subprocess.CompletedProcess[str]
    rows: dict[str, Row]  # by requested URL
    targets: list[str]  # every path the fixture web was asked for
    peak_rss_kb: int


def _rows(url: str) -> dict[str, Row]:
    archive = open_archive(url)
    try:
        with archive.session() as session:
            out: dict[str, Row] = {}
            for capture in session.scalars(select(models.Capture)):
                row = Row(capture.outcome, capture.error_kind, capture.requested_url)
                if capture.version_id is not None:
                    v = session.get(models.Version, capture.version_id)
                    assert v is not None
                    row.headline, row.body, row.language = v.headline, list(v.body), v.language
                    row.published_at, row.updated_at = v.published_at, v.updated_at
                out[capture.requested_url] = row
            return out
    finally:
        archive.dispose()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("hostile")
    with FixtureWeb(seed=7) as web:
        site = web.site("hostile")
        assert isinstance(site, HostileOutlet)
        for name in ("gzip-bomb", "huge-page"):  # build the big answers before the crawler's clock runs
            web.fetch(site.url(name))
        web.fetch(site.base + "/sitemap-million.xml.gz")
        web.clear_requests()
        sources = web.write_sources(tmp / "sources.toml", ["hostile"])
        db_url = f"sqlite:///{tmp / 'archive.sqlite3'}"
        proc = crawl(sources, db_url, cwd=tmp)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB; largest child so far
        yield Crawled(web, proc, _rows(db_url), [r.target for r in web.requests], peak)


def _cases() -> list[HostileCase]:
    return HostileOutlet("http://hostile.localhost:1").cases()


def _find(crawled: Crawled, case: HostileCase) -> Row:
    site = crawled.web.site("hostile")
    assert isinstance(site, HostileOutlet)
    url = site.url(case.url.rsplit("/", 1)[-1])
    for candidate in (url, case.location):
        if candidate and candidate in crawled.rows:
            return crawled.rows[candidate]
    raise AssertionError(f"no capture for {case.name} ({url}); captures: {sorted(crawled.rows)}")


#: Rows that show a bug in code this suite does not own; strict, so fixing the bug turns them red.
_XFAIL: dict[str, str] = {  # rows expected to fail, with the bug and the file to fix
}


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=_XFAIL[c.name])]
                 if c.name in _XFAIL else [])
    for c in _cases()])
def test_row(crawled: Crawled, case: HostileCase) -> None:
    row = _find(crawled, case)
    if row.outcome in STORED or case.expected == ("stored",):
        assert "stored" in case.expected and row.outcome in STORED, f"{case.name}: {row.outcome} {row.error_kind}"
        assert row.headline, "a stored story has a headline"
        if case.headline is not None:
            assert row.headline == case.headline
        for text in (row.headline, *row.body):
            assert "\x00" not in text, "NUL bytes must not reach the archive (PostgreSQL refuses them)"
        now = datetime.now(UTC)
        for when in (row.published_at, row.updated_at):
            assert when is None or (when.tzinfo is not None and 1900 <= when.year and when <= now), when
    else:
        assert row.outcome == "error" and row.error_kind in case.expected, (row.outcome, row.error_kind)


def test_right_to_left_article_is_stored_intact(crawled: Crawled) -> None:
    site = crawled.web.site("hostile")
    assert isinstance(site, HostileOutlet)
    row = crawled.rows[site.url("rtl-arabic")]
    assert row.language == "ar"
    assert any("أربعين ألف كتاب" in p for p in row.body)


def test_long_headline_is_kept_whole_or_cut_cleanly(crawled: Crawled) -> None:
    site = crawled.web.site("hostile")
    assert isinstance(site, HostileOutlet)
    row = crawled.rows[site.url("long-headline")]
    assert row.headline and site.long_headline().startswith(row.headline.rstrip(" …."))


def test_private_redirect_targets_are_never_attempted(crawled: Crawled) -> None:
    # Nothing listens on 10.0.0.1 or 169.254.169.254: a fetch attempt would end as timeout or
    # connection error, never as blocked_address, so the error kind proves the guard refused it.
    for name in ("redirect_private", "redirect_metadata"):
        case = next(c for c in _cases() if c.name == name)
        assert _find(crawled, case).error_kind == "blocked_address"
    assert "169.254.169.254" not in "".join(crawled.targets)


def test_billion_laughs_feed_costs_nothing(crawled: Crawled) -> None:
    texts = [t for r in crawled.rows.values() for t in (r.headline or "", *r.body)]
    assert not any("lollollol" in t for t in texts)
    assert crawled.targets.count("/laughs.xml") <= 2


def test_billion_laughs_feed_keeps_its_real_item(crawled: Crawled) -> None:
    site = crawled.web.site("hostile")
    assert isinstance(site, HostileOutlet)
    row = crawled.rows.get(site.base + FEED_ONLY_PATH)
    assert row is not None and row.outcome in STORED


def test_sitemap_bomb_is_read_once_and_never_expanded(crawled: Crawled) -> None:
    assert crawled.targets.count("/sitemap-bomb.xml") <= 2  # listed once; the self-reference is not followed forever
    assert not any("lol" in t for t in crawled.targets)


def test_million_url_sitemap_is_capped(crawled: Crawled) -> None:
    fetched = [t for t in crawled.targets if t.startswith("/m/")]
    assert len(fetched) <= MAX_ENTRIES < MILLION
    assert crawled.targets.count("/sitemap-million.xml.gz") <= 2
    log = "".join((crawled.proc.stdout + crawled.proc.stderr).split())  # rich wraps log lines
    assert re.search(r"cannotreadlisting\S{0,120}sitemap-million\.xml\.gz", log), "the refusal is logged"


def test_crawl_finished_and_stayed_small(crawled: Crawled) -> None:
    assert crawled.proc.returncode == 0
    assert crawled.peak_rss_kb < RSS_LIMIT_KB, f"peak RSS {crawled.peak_rss_kb / 1024:.0f} MB"
    assert {c.name for c in _cases()} >= {"huge_page", "gzip_bomb", "redirect_loop", "rtl_arabic"}
