"""`scrapy crawl` keeps working beside `newsarchive crawl`: same spiders, same archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.fixtureweb import FixtureWeb
from tests.integration.crawling import archive_state, normal

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_scrapy_crawl_sitemaps_fills_the_archive(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'scrapy.sqlite3'}"
    with FixtureWeb(seed=7) as web:
        sources = web.write_sources(tmp_path / "sources.toml")
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "sitemaps", "-a", f"sources={sources}", "-a", "outlets=courier",
             "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSARCHIVE_ALLOW_LOOPBACK=1"],
            cwd=REPO, capture_output=True, text=True, timeout=180, env={**os.environ, "DATABASE_URL": db},
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        expected = {normal(u) for u in web.article_urls(outlets=["courier"])}
    assert expected <= archive_state(db).articles
