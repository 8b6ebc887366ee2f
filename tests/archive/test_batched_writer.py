"""Captures prepared ahead (archive.prepare) and the crawler's batching writer (crawler.writer)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from archive import models
from archive.blob_store import get_blob
from archive.clusters import cluster_of, lock_signatures
from archive.db import Archive, is_transient
from archive.prepare import prepare
from archive.similarity import bucket_keys
from archive.upsert import insert_or_ignore
from archive.versioning import record_capture, record_captures
from crawler.writer import ArchiveWriter
from tests.conftest import _empty
from tests.service.running import wait_until

PAYWALLED = b'<html><div class="paywall">Subscribe to continue reading</div></html>'


def _prepared(capture: Any) -> Any:
    """The capture as the crawler's extraction processes hand it over: prepared, without its body."""
    capture.prepared = prepare(capture)
    return replace(capture, body=b"")


def test_a_prepared_capture_is_recorded_as_the_unprepared_one_is(archive: Archive, build: Any) -> None:
    wire = build.story("https://herald.example/a")
    copy = build.story("https://courier.example/a", source=build.courier, headline="Flood defences approved")
    plain = build.capture(wire, html=PAYWALLED)
    prepared = _prepared(build.capture(copy, html=PAYWALLED))
    assert prepared.prepared.blob.compression == "zstd" and prepared.prepared.paywall
    with archive.session() as session:
        first = record_capture(session, plain)
        second = record_capture(session, prepared)
    with archive.session() as session:
        assert get_blob(session, second.blob_sha256) == get_blob(session, first.blob_sha256) == PAYWALLED
        assert first.flag == second.flag == "paywalled"
        cluster = cluster_of(session, second.article_id)
        assert cluster is not None and cluster.article_ids == {first.article_id, second.article_id}


def test_one_batch_records_an_article_its_edit_and_a_refetch_in_order(archive: Archive, build: Any) -> None:
    """A new article is stored with its first version's number and no later UPDATE: an edit and a
    re-fetch of it in the same transaction must still see version 1 and make version 2 once."""
    first = build.story("https://herald.example/a")
    edited = replace(first, body=[*first.body, "The council later added a second sea wall."])
    walled = build.story("https://herald.example/b", headline="Harbour tolls rise")
    batch = [build.capture(first), build.capture(edited, minutes=5), build.capture(edited, minutes=9),
             build.capture(walled, minutes=1, html=PAYWALLED)]
    with archive.session() as session:
        results = record_captures(session, batch)
    assert [(r.outcome, r.version_number, r.flag) for r in results] == [
        ("new_article", 1, None), ("new_version", 2, None), ("unchanged", 2, None), ("new_article", 1, "paywalled")]
    with archive.session() as session:
        articles = {a.id: a.last_version_number for a in session.scalars(select(models.Article))}
        assert articles == {results[0].article_id: 2, results[3].article_id: 1}
        versions = session.execute(select(models.Version.id, models.Version.number, models.Version.capture_id)
                                   .order_by(models.Version.id)).all()
        captures = dict(session.execute(select(models.Capture.id, models.Capture.version_id)).all())
        assert [(number, capture) for _, number, capture in versions] == [
            (1, results[0].capture_id), (2, results[1].capture_id), (1, results[3].capture_id)]
        assert captures == {results[0].capture_id: versions[0].id, results[1].capture_id: versions[1].id,
                            results[2].capture_id: versions[1].id, results[3].capture_id: versions[2].id}
        assert session.scalar(select(models.CaptureFlag.flag)) == "paywalled"
        assert session.scalars(select(models.SearchDoc.version_number).order_by(models.SearchDoc.article_id)).all() == [2, 1]


def test_blobs_written_with_zlib_stay_readable(archive: Archive) -> None:
    body = b"<html>" + b"old archive " * 500 + b"</html>"
    with archive.session() as session:
        session.add(models.Blob(sha256="a" * 64, size=len(body), data=zlib.compress(body, 6), compression="zlib",
                                created_at=datetime.now(UTC)))
    with archive.session() as session:
        assert get_blob(session, "a" * 64) == body


@pytest.fixture
def commits(archive: Archive) -> list[int]:
    seen: list[int] = []
    event.listen(archive.engine, "commit", lambda _conn: seen.append(1))
    return seen


def _held(writer: ArchiveWriter) -> threading.Event:
    """Keep the writer busy until the returned event is set, so what is queued meanwhile piles up."""
    release = threading.Event()
    writer.submit(release.wait, 30)
    return release


def test_waiting_captures_share_one_transaction_and_settle_after_it(archive: Archive, build: Any,
                                                                    commits: list[int]) -> None:
    writer = ArchiveWriter(archive)
    try:
        release = _held(writer)
        captures = [_prepared(build.capture(build.story(f"https://herald.example/{i}", headline=f"Story {i}")))
                    for i in range(10)]
        visible: list[bool] = []

        def check(_future: Any) -> None:  # runs on the writer thread as soon as the future settles
            with archive.engine.connect() as connection:  # read only: no COMMIT to count
                visible.append(connection.scalar(select(models.Capture.id).limit(1)) is not None)

        futures = [writer.record(c) for c in captures]
        futures[0].add_done_callback(check)
        release.set()
        outcomes = [f.result(timeout=60).outcome for f in futures]
    finally:
        writer.shutdown()
    assert outcomes == ["new_article"] * 10
    assert visible == [True]  # settled only once committed
    assert len(commits) == 1
    with archive.session() as session:
        assert len(session.scalars(select(models.Version)).all()) == 10


def test_captures_arriving_a_moment_apart_share_a_transaction(archive: Archive, build: Any,
                                                            commits: list[int]) -> None:
    writer = ArchiveWriter(archive, linger=0.5)
    try:
        first = writer.record(_prepared(build.capture(build.story("https://herald.example/1", headline="One"))))
        time.sleep(0.1)  # the writer is idle and the first capture waits for company
        second = writer.record(_prepared(build.capture(build.story("https://herald.example/2", headline="Two"))))
        assert [f.result(timeout=60).outcome for f in (first, second)] == ["new_article"] * 2
    finally:
        writer.shutdown()
    assert len(commits) == 1


def test_a_failing_capture_fails_alone(archive: Archive, build: Any) -> None:
    writer = ArchiveWriter(archive)
    try:
        release = _held(writer)
        good = [build.capture(build.story(f"https://herald.example/{i}", headline=f"Story {i}")) for i in range(3)]
        broken = build.capture(build.story("https://herald.example/broken"),
                               source=replace(build.herald, key=None))  # violates NOT NULL
        futures = [writer.record(c) for c in (good[0], broken, *good[1:])]
        release.set()
        with pytest.raises(Exception, match="NOT NULL|null value"):
            futures[1].result(timeout=60)
        assert [f.result(timeout=60).outcome for f in (futures[0], *futures[2:])] == ["new_article"] * 3
    finally:
        writer.shutdown()
    with pytest.raises(RuntimeError, match="shut down"):
        writer.record(good[0])


# -- other writers: deadlocks and busy files ---------------------------------------------------------
def _waiting_for_advisory_lock(archive: Archive) -> bool:
    with archive.engine.connect() as connection:
        return bool(connection.scalar(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")))


@pytest.mark.postgres
def test_a_capture_that_deadlocks_with_another_writer_is_written_again(
        postgres_archive: Archive, build: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A real deadlock: another transaction holds one of the story's similarity locks and then waits
    for the blob row the writer has just inserted. PostgreSQL aborts the writer (the other side
    checks for deadlocks only after 10 s); the writer tries again once the other side is gone."""
    archive = postgres_archive
    _empty(archive)
    capture = _prepared(build.capture(build.story("https://herald.example/deadlock")))
    bucket = bucket_keys(capture.prepared.signature)[0][1]
    other_side_done = threading.Event()

    def other_writer() -> None:
        with archive.engine.connect() as connection, connection.begin() as transaction:
            connection.execute(text("SET LOCAL deadlock_timeout = '10s'"))
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": bucket})
            holding.set()
            wait_until(lambda: _waiting_for_advisory_lock(archive), 30, "the writer waiting for the lock")
            insert_or_ignore(Session(bind=connection), models.Blob, {  # waits for the writer's blob row
                "sha256": capture.prepared.blob.sha256, "size": 1, "data": b"x", "compression": "none",
                "created_at": datetime.now(UTC)}, keys=("sha256",))
            transaction.rollback()
        other_side_done.set()

    holding = threading.Event()
    thread = threading.Thread(target=other_writer)
    thread.start()
    assert holding.wait(30)
    writer = ArchiveWriter(archive)
    try:
        with caplog.at_level(logging.INFO, logger="crawler.writer"):
            result = writer.record(capture).result(timeout=60)
    finally:
        writer.shutdown()
        thread.join(timeout=30)
    assert other_side_done.is_set()
    assert result.outcome == "new_article"
    assert "lost a race with another writer (DeadlockDetected)" in caplog.text
    with archive.session() as session:
        assert get_blob(session, result.blob_sha256)


def test_a_busy_sqlite_file_counts_as_a_lost_race_and_a_broken_row_does_not(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (x INTEGER NOT NULL)")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        with pytest.raises(OperationalError) as busy, engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
        holder.execute("ROLLBACK")
        with pytest.raises(IntegrityError) as broken, engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (NULL)"))
    finally:
        holder.close()
        engine.dispose()
    assert is_transient(busy.value)
    assert not is_transient(broken.value)
    assert not is_transient(RuntimeError("database is locked"))


@pytest.mark.postgres
def test_a_batch_takes_every_similarity_lock_before_writing_anything(postgres_archive: Archive, build: Any) -> None:
    """Two writers' batches then wait for each other in one order instead of deadlocking."""
    archive = postgres_archive
    _empty(archive)
    captures = [_prepared(build.capture(build.story(f"https://herald.example/lock-{i}", headline=f"Lock story {i}",
                                                    body=[f"Paragraph {i} about subject {i * 7} and more."] * 3)))
                for i in range(3)]
    last = bucket_keys(captures[-1].prepared.signature)[0][1]
    with archive.session() as session:
        lock_signatures(session, [c.prepared.signature for c in captures])
        with archive.engine.connect() as other:
            assert not other.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": last})
    with archive.engine.connect() as other:
        assert other.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": last})
        other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": last})
