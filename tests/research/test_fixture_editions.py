"""Crawl the fixture web through editions 1 -> 2 -> 3 and revisit: exact versions and edit classes per
article (against web.changes()), no version from page noise, stealth edits, 304s, sitemap lastmod,
and the expected story clusters. SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from archive import models
from archive.clusters import list_clusters
from archive.db import open_archive
from archive.edit_log import edits_of
from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.fixtureweb import FixtureWeb
from crawler.fixtureweb.model import edition_time
from tests.integration.crawling import crawl, normal

pytestmark = pytest.mark.slow

OUTLETS = ["herald", "ledger", "courier", "wire-a", "wire-b", "wire-c"]
LOCAL = {**LOCAL_WEB_SETTINGS, "NEWSARCHIVE_ALLOW_LOOPBACK": "true"}
#: web.changes() kinds -> the edit classes the archive must store for that version.
EXPECTED = {
    "headline": {"headline_rewrite"}, "paragraph_added": {"paragraph_added"}, "correction": {"correction"},
    "updated_bumped": {"modified_bump"}, "stealth": {"paragraph_rewritten", "stealth_edit"},
}


@pytest.fixture
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb(seed=7, edition=1, slow_seconds=3.0) as served:
        yield served


def _settings() -> list[str]:
    return [arg for name, value in LOCAL.items() for arg in ("--set", f"{name}={value}")]


def _crawl(sources: Path, db: str, cwd: Path, *extra: str) -> None:
    crawl(sources, db, "--set", "NEWSARCHIVE_ALLOW_LOOPBACK=true", *extra, cwd=cwd)


def _revisit(sources: Path, db: str, cwd: Path, *extra: str) -> str:
    command = [sys.executable, "-m", "crawler.cli", "revisit", "--sources", str(sources), "--db", db,
               *_settings(), *extra]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=cwd)
    assert proc.returncode == 0, f"revisit failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc.stdout


def _versions(db: str) -> dict[str, int]:
    archive = open_archive(db)
    try:
        with archive.session() as session:
            return dict(session.execute(select(models.Article.canonical_url, models.Article.last_version_number))
                        .all())  # type: ignore[arg-type]
    finally:
        archive.dispose()


def _kinds_of_last_version(db: str) -> dict[str, set[str]]:
    archive = open_archive(db)
    try:
        with archive.session() as session:
            out = {}
            for article in session.scalars(select(models.Article).where(models.Article.last_version_number > 1)):
                entries = [e for e in edits_of(session, article.id) if e.version == article.last_version_number]
                out[article.canonical_url] = set(entries[0].kinds) if entries else set()
            return out
    finally:
        archive.dispose()


def _flags(db: str) -> dict[str, int]:
    archive = open_archive(db)
    try:
        with archive.session() as session:
            flags: dict[str, int] = {}
            for flag in session.scalars(select(models.CaptureFlag.flag)):
                flags[flag] = flags.get(flag, 0) + 1
            return flags
    finally:
        archive.dispose()


def test_editions_give_exact_versions_edits_and_clusters(web: FixtureWeb, archive_url: str, tmp_path: Path) -> None:
    sources = web.write_sources(tmp_path / "sources.toml", OUTLETS)
    _crawl(sources, archive_url, tmp_path)
    before = _versions(archive_url)
    assert before and set(before.values()) == {1}

    # Same edition: every page is byte-identical, so every conditional request is answered 304.
    out = _revisit(sources, archive_url, tmp_path, "--all")
    assert _versions(archive_url) == before
    assert _flags(archive_url).get("not_modified") == len(before), out

    archive = open_archive(archive_url)
    with archive.session() as session:
        found = sorted(sorted(normal(m.canonical_url) for m in c.members) for c in list_clusters(session))
    archive.dispose()
    expected = sorted(sorted(normal(u) for u in group) for group in web.story_groups(1) if len(group) > 1)
    assert found == expected and len(expected) == 3

    for edition in (2, 3):
        web.set_edition(edition)
        changes = {normal(u): kinds for u, kinds in web.changes(edition - 1, edition, OUTLETS).items()}
        _crawl(sources, archive_url, tmp_path)  # discovers this edition's new articles
        _revisit(sources, archive_url, tmp_path, "--all")  # re-fetches every archived one
        after = _versions(archive_url)
        kinds = _kinds_of_last_version(archive_url)
        for url, number in before.items():
            change = changes.get(url)
            if change is None:  # only page noise changed (views, "minutes ago", most-read lists)
                assert after[url] == number, f"edition {edition}: a version from noise alone on {url}"
                continue
            assert after[url] == number + 1, (edition, url, change)
            wanted = set().union(*(EXPECTED[k] for k in change))
            assert kinds[url] == wanted, (edition, url, change, kinds[url])
        listed = {normal(u) for u in web.article_urls(edition, OUTLETS)}
        assert set(after) - set(before) <= listed  # revisits add no articles; discovery adds listed ones
        before = after
    stealthy = [url for url, k in kinds.items() if "stealth_edit" in k]
    assert stealthy, "edition 3 has a stealth edit"


def test_sitemap_lastmod_then_schedule_catch_edits(web: FixtureWeb, archive_url: str, tmp_path: Path) -> None:
    sources = web.write_sources(tmp_path / "sources.toml", ["ledger"])
    _crawl(sources, archive_url, tmp_path)
    archive = open_archive(archive_url)
    with archive.engine.begin() as connection:  # as if crawled in the fixture web's edition-1 morning
        connection.execute(update(models.Capture.__table__).values(fetched_at=edition_time(1)))
    archive.dispose()
    web.set_edition(3)
    changes = {normal(u): k for u, k in web.changes(1, 3, ["ledger"]).items() if "new" not in k}
    bumped = {u for u, k in changes.items() if "updated_bumped" in k}
    stealth_only = {u for u, k in changes.items() if k == {"stealth"}}
    assert bumped and stealth_only
    before = _versions(archive_url)

    out = _revisit(sources, archive_url, tmp_path, "--set", "NEWSARCHIVE_REVISIT_SCHEDULE=false")
    assert f"{len(bumped)} by sitemap lastmod" in out, out
    after = _versions(archive_url)
    assert {u for u in before if after[u] > before[u]} == bumped  # the sitemap cannot show a stealth edit
    assert set(after) == set(before)  # a revisit never adds articles

    out = _revisit(sources, archive_url, tmp_path)  # the schedule: everything is overdue by now
    final = _versions(archive_url)
    assert {u for u in before if final[u] > after[u]} == stealth_only, out
    assert all("stealth_edit" in k for u, k in _kinds_of_last_version(archive_url).items() if u in stealth_only)
