"""Captures prepared ahead (archive.prepare) and the crawler's batching writer (crawler.writer)."""

from __future__ import annotations

import threading
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select

from archive import models
from archive.blobs import get_blob
from archive.clusters import cluster_of
from archive.db import Archive
from archive.prepare import prepare
from archive.versioning import record_capture
from crawler.writer import ArchiveWriter

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
