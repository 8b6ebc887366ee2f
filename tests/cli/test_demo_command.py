"""`newsarchive demo` from a fresh folder: crawls, advances an edition, summarises, exports, in under a minute."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.db import open_archive
from archive.queries import summary
from crawler.fixtureweb import DEMO, FixtureWeb

pytestmark = pytest.mark.slow


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "demo"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=180, env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert elapsed < 60, f"demo took {elapsed:.1f} s"
    for heading in ("Crawl passes", "Archive", "Errors by kind", "edition 1", "edition 2", "changed articles"):
        assert heading in proc.stdout

    web = FixtureWeb(seed=7)  # same seed, same web: the ground truth of what the demo crawled
    changed = web.changes(1, 2, outlets=DEMO)
    archive = open_archive(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    with archive.session() as session:
        counts = summary(session)
    archive.dispose()
    edited = sum(1 for kinds in changed.values() if "new" not in kinds)
    assert counts.changed_articles == edited
    assert counts.errors_by_kind and "timeout" in counts.errors_by_kind
    exported = (tmp_path / "exports" / "demo.jsonl").read_text().splitlines()
    assert len(exported) == counts.versions
    assert all(json.loads(line)["headline"] for line in exported)
