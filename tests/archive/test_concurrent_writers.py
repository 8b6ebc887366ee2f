"""Several writers recording the same new article at once end with one article and clean versions."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select

from archive import models
from archive.db import open_archive
from archive.migrate import current_revision, head_revision
from archive.story import Story
from archive.versioning import record_capture

WRITERS = 4


def _record_all(url: str, captures: list[Any]) -> list[str]:
    """Record each capture from its own thread and session, all released at the same instant."""
    archive = open_archive(url)
    barrier = threading.Barrier(len(captures))

    def work(capture: Any) -> str:
        barrier.wait()
        with archive.session() as session:
            return record_capture(session, capture).outcome

    try:
        with ThreadPoolExecutor(len(captures)) as pool:
            return list(pool.map(work, captures))
    finally:
        archive.dispose()


def _versions(url: str) -> list[tuple[int, int]]:
    archive = open_archive(url)
    try:
        with archive.session() as session:
            return [tuple(r) for r in session.execute(  # type: ignore[misc]
                select(models.Version.article_id, models.Version.number).order_by(models.Version.number))]
    finally:
        archive.dispose()


def test_threads_recording_the_same_new_article(archive_url: str, build: Any) -> None:
    story = build.story()
    outcomes = _record_all(archive_url, [build.capture(story, minutes=i) for i in range(WRITERS)])
    assert sorted(outcomes) == ["new_article"] + ["unchanged"] * (WRITERS - 1)
    [(_, number)] = _versions(archive_url)
    assert number == 1


def test_threads_recording_different_content_of_one_new_article(archive_url: str, build: Any) -> None:
    captures = [build.capture(build.story(headline=f"Edition {i}"), minutes=i) for i in range(WRITERS)]
    outcomes = _record_all(archive_url, captures)
    assert sorted(outcomes) == ["new_article"] + ["new_version"] * (WRITERS - 1)
    versions = _versions(archive_url)
    assert len({article for article, _ in versions}) == 1
    assert [number for _, number in versions] == list(range(1, WRITERS + 1))


def _process_writer(url: str, story: Story, capture: Any, barrier: Any, results: Any) -> None:
    archive = open_archive(url)
    barrier.wait()
    with archive.session() as session:
        results.put(record_capture(session, capture).outcome)
    archive.dispose()


def test_processes_recording_the_same_new_article(archive_url: str, build: Any) -> None:
    open_archive(archive_url).dispose()  # migrate first; the race under test is the article's
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    story = build.story()
    workers = [context.Process(target=_process_writer,
                               args=(archive_url, story, build.capture(story, minutes=i), barrier, results))
               for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert sorted(results.get(timeout=5) for _ in workers) == ["new_article", "unchanged"]
    assert len(_versions(archive_url)) == 1


def test_concurrent_opening_of_a_fresh_database_migrates_once(archive_url: str) -> None:
    barrier = threading.Barrier(WRITERS)

    def opener(_: int) -> str | None:
        barrier.wait()
        archive = open_archive(archive_url)
        try:
            with archive.engine.connect() as connection:
                return current_revision(connection)
        finally:
            archive.dispose()

    with ThreadPoolExecutor(WRITERS) as pool:
        revisions = list(pool.map(opener, range(WRITERS)))
    assert revisions == [head_revision()] * WRITERS
