"""What an extraction process loads: the crawler starts its pool when the first page arrives, so
every import there delays the crawl's first captures."""

from __future__ import annotations

import subprocess
import sys

from crawler.workers import _PRELOAD


def test_extraction_processes_load_no_database_layer() -> None:
    """Preparing bodies needs hashing and zstd only (archive.blobs); SQLAlchemy, the schema and
    Alembic took more than half of the pool's preload import."""
    script = ("import importlib, sys\n"
              f"for name in {_PRELOAD!r}: importlib.import_module(name)\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'archive'}))\n"
              "print(sorted(m for m in sys.modules if m.startswith('archive.')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    top, archive_modules = out.splitlines()
    assert top == "['archive']"
    assert "archive.models" not in archive_modules and "archive.blobs" in archive_modules
