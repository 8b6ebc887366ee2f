"""A subprocess for the concurrency test: write captures to, or read from, one SQLite archive.

``python -m tests.reliability._sqlite_worker write URL NAME COUNT`` records COUNT captures (half on
articles shared with the other writer, half on its own), one transaction each;
``... read URL SECONDS`` counts captures and lists stories in a loop for SECONDS.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import func, select

from archive import models, queries
from archive.db import open_archive
from archive.versioning import record_capture
from tests.archive.conftest import Build


def write(url: str, name: str, count: int) -> None:
    archive, build = open_archive(url), Build()
    try:
        for i in range(count):
            slug = f"shared-{i % 20}" if i % 2 else f"{name}-{i}"
            story = build.story(f"https://herald.example/news/{slug}", headline=f"{name} edition {i}")
            with archive.session() as session:  # commits when the block ends
                record_capture(session, build.capture(story, minutes=i))
    finally:
        archive.dispose()


def read(url: str, seconds: float) -> None:
    archive = open_archive(url)
    deadline, loops = time.monotonic() + seconds, 0
    try:
        while time.monotonic() < deadline:
            with archive.session() as session:
                session.scalar(select(func.count()).select_from(models.Capture))
                queries.list_stories(session, limit=20)
            loops += 1
    finally:
        archive.dispose()
    print(f"reads {loops}")


if __name__ == "__main__":
    mode, url, *rest = sys.argv[1:]
    if mode == "write":
        write(url, rest[0], int(rest[1]))
    else:
        read(url, float(rest[0]))
