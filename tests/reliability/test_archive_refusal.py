"""A page the archive will not store is not lost: the crawl ends unfinished and `--resume` stores it.

The archive here refuses one article for real (a SQLite trigger aborts its capture's INSERT, as a
full disk or a broken constraint would); the crawl goes on with the rest, says which page failed,
exits 1 with the resume command, and the resumed run fetches only that page.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from archive import models
from archive.db import open_archive
from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.fixtureweb import FixtureWeb
from tests.integration.crawling import archive_session

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {**LOCAL_WEB_SETTINGS, "NEWSARCHIVE_ALLOW_LOOPBACK": True, "DOWNLOAD_TIMEOUT": 15,
            "NEWSARCHIVE_EXTRACT_WORKERS": 0}


def _crawl(sources: Path, db: str, *extra: str) -> tuple[int, str]:
    args = [a for name, value in SETTINGS.items() for a in ("--set", f"{name}={value}")]
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", db,
                           *args, *extra], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "COLUMNS": "400"})
    return proc.returncode, proc.stdout + proc.stderr


def _captured(db: str) -> Counter[str]:
    with archive_session(db) as session:
        return Counter(session.scalars(select(models.Capture.requested_url)))


def test_a_page_the_archive_refuses_leaves_the_run_resumable_and_resume_stores_it(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    db = f"sqlite:///{path}"
    open_archive(db).dispose()
    with FixtureWeb(seed=7, slow_seconds=0.2) as web:
        sources = web.write_sources(tmp_path / "sources.toml", outlets=["ledger"])
        refused = urlsplit(sorted(web.canonical_urls(outlets=["ledger"]))[0]).path
        with sqlite3.connect(path) as connection:
            connection.execute(f"""CREATE TRIGGER refuse BEFORE INSERT ON captures
                                   WHEN NEW.requested_url LIKE '%{refused}%'
                                   BEGIN SELECT RAISE(ABORT, 'refused by the test'); END""")
        code, out = _crawl(sources, db)
        assert code == 1, out[-3000:]
        assert "could not be written to the archive" in out and refused in out, out[-3000:]
        assert "crawl interrupted (archive_write_failed" in out and "--resume" in out
        first = _captured(db)
        assert first and not [url for url in first if refused in url]

        with sqlite3.connect(path) as connection:
            connection.execute("DROP TRIGGER refuse")
        code, out = _crawl(sources, db, "--resume")
        assert code == 0, out[-3000:]
        assert "crawl finished" in out
    after = _captured(db)
    fetched_again = after - first
    assert [url for url in fetched_again if refused in url] == list(fetched_again), fetched_again
    assert sum(fetched_again.values()) == 1
