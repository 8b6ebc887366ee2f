"""Helpers for tests that crawl the fixture web with the real `newsarchive` command in a subprocess.

A subprocess per crawl, because Scrapy's reactor runs once per process, and because that is how
users run it.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import models
from archive.db import open_archive
from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.urls import canonical_article_url

__all__ = ["crawl", "ArchiveState", "archive_state", "archive_session", "normal"]


def crawl(sources: Path, database_url: str, *extra: str, cwd: Path | None = None,
          timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run `newsarchive crawl` on ``sources`` into ``database_url``; fails the test on a non-zero exit."""
    settings = [arg for name, value in LOCAL_WEB_SETTINGS.items() for arg in ("--set", f"{name}={value}")]
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", database_url,
               *settings, *extra]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    assert proc.returncode == 0, f"crawl failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


def normal(url: str) -> str:
    """The archive's canonical form of a URL as linked (tracking parameters and fragment dropped)."""
    return canonical_article_url(url, None, lambda _host: False)


@dataclass
class ArchiveState:
    captures: int
    versions: int
    articles: set[str]
    versions_per_article: dict[str, int]
    errors: list[tuple[str, str]]  # (requested URL, error kind)
    outcomes: Counter[str]


@contextmanager
def archive_session(database_url: str) -> Iterator[Session]:
    """A session on the archive a crawl subprocess wrote; the engine is released afterwards."""
    archive = open_archive(database_url)
    try:
        with archive.session() as session:
            yield session
    finally:
        archive.dispose()


def archive_state(database_url: str) -> ArchiveState:
    with archive_session(database_url) as session:
        articles = {a.id: a.canonical_url for a in session.scalars(select(models.Article))}
        per_article: Counter[str] = Counter()
        for version in session.scalars(select(models.Version)):
            per_article[articles[version.article_id]] += 1
        captures = list(session.scalars(select(models.Capture)))
        return ArchiveState(
            captures=len(captures), versions=sum(per_article.values()), articles=set(articles.values()),
            versions_per_article=dict(per_article),
            errors=[(c.requested_url, c.error_kind or "") for c in captures if c.outcome == "error"],
            outcomes=Counter(c.outcome for c in captures),
        )
