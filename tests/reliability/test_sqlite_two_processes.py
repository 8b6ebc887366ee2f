"""Two processes writing to one SQLite file at once, and a third reading, never hit "database is locked"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive import models
from archive.db import open_archive

pytestmark = pytest.mark.slow

PER_WRITER = 200
ROOT = Path(__file__).resolve().parents[2]


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.reliability._sqlite_worker", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_writers_and_a_reader_share_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    open_archive(url).dispose()  # migrate once; the race under test is the writes
    procs = [_start("write", url, "alpha", str(PER_WRITER)), _start("write", url, "beta", str(PER_WRITER)),
             _start("read", url, "4")]
    results = [(p.wait(timeout=240), *p.communicate()) for p in procs]
    for code, _out, err in results:
        assert "database is locked" not in err
        assert code == 0, err[-3000:]
    assert int(results[2][1].split()[-1]) > 0  # the reader really read while the writers wrote
    archive = open_archive(url)
    try:
        with archive.session() as session:
            assert session.scalar(select(func.count()).select_from(models.Capture)) == 2 * PER_WRITER
            shared = session.scalar(select(func.count()).select_from(models.Article)
                                    .where(models.Article.canonical_url.like("%/shared-%")))
            assert shared == 10  # odd i % 20: ten articles both writers update
    finally:
        archive.dispose()
