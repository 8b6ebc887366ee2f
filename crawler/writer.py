"""The one thread that writes a crawl's captures to the archive, many to a transaction.

A transaction per capture costs a BEGIN, a COMMIT and (on SQLite) a write-lock hand-over for every
page; the writer instead records the captures that arrive within a moment of each other
(LINGER_SECONDS) in one transaction, each capture in its own savepoint. A capture counts as archived
only once its transaction has committed: its future is settled after the COMMIT, so a crash
never acknowledges a page that is not stored. When anything in a batch fails (a broken page, a
deadlock with another crawler writing the same PostgreSQL archive), the batch is rolled back and
its captures are written again one transaction each, so each gets its own result or error. A
transaction that lost a race with another writer (a deadlock, a busy SQLite file) is tried again
a few times before its capture counts as failed.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from archive.capture import Capture
from archive.db import Archive, is_transient
from archive.versioning import RecordResult, record_capture, record_captures

__all__ = ["ArchiveWriter", "LINGER_SECONDS", "MAX_BATCH", "WRITE_ATTEMPTS"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Most captures in one transaction: enough to spread the commit over many pages, few enough
#: that another process waiting for the SQLite write lock is not kept waiting long.
MAX_BATCH = 32

#: How long the writer waits for more captures to share a transaction with the first one
#: waiting. Recording the benchmark's 2,032 corpus captures one transaction each took about
#: 1.5 ms more per capture than eight to a transaction; with this wait, a benchmark crawl wrote
#: its captures about nine to a transaction.
LINGER_SECONDS = 0.05

#: How often one capture's transaction is tried when it keeps losing races with other writers.
WRITE_ATTEMPTS = 6


@dataclass(slots=True)
class _Record:
    capture: Capture
    future: Future[RecordResult] = field(default_factory=Future)


@dataclass(slots=True)
class _Call:
    function: Callable[[], Any]
    future: Future[Any] = field(default_factory=Future)


_STOP = object()


class ArchiveWriter:
    """Writes captures (``record``) and runs other writes (``submit``) in order, on one thread."""

    def __init__(self, archive: Archive, max_batch: int = MAX_BATCH, linger: float = LINGER_SECONDS) -> None:
        self.archive = archive
        self.max_batch = max_batch
        self.linger = linger
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="archive-writer", daemon=True)
        self._thread.start()

    # -- the callers' side ---------------------------------------------------------------------------
    def record(self, capture: Capture) -> Future[RecordResult]:
        """Record ``capture``; the future settles once it is committed."""
        return self._put(_Record(capture))

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``function(*args)`` on the writer thread, alone (it opens its own transaction)."""
        return self._put(_Call(partial(function, *args)))

    def shutdown(self, wait: bool = True) -> None:
        """Finish what is queued, then stop the thread."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._jobs.put(_STOP)
        if wait:
            self._thread.join()

    def _put(self, job: Any) -> Any:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the archive writer for {self.archive.url} is shut down")
            self._jobs.put(job)
        return job.future

    # -- the writer thread ---------------------------------------------------------------------------
    def _run(self) -> None:
        job = self._jobs.get()
        while job is not _STOP:
            if isinstance(job, _Call):
                _settle(job.future, job.function)
                job = self._jobs.get()
                continue
            batch, job = self._gather(job)
            self._write(batch)
            if job is None:
                job = self._jobs.get()

    def _gather(self, first: _Record) -> tuple[list[_Record], Any]:
        """``first`` and the captures that arrive within ``linger`` seconds of it; also the first
        other job found (or None)."""
        batch = [first]
        deadline = time.monotonic() + self.linger
        while len(batch) < self.max_batch:
            try:
                job = self._jobs.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return batch, None
            if not isinstance(job, _Record):
                return batch, job
            batch.append(job)
        return batch, None

    def _write(self, batch: list[_Record]) -> None:
        if len(batch) > 1:
            try:
                with self.archive.session() as session:
                    results = record_captures(session, [job.capture for job in batch])
            except Exception as exc:  # noqa: BLE001 - each capture is written again alone below
                logger.debug("a batch of %d captures failed (%s); writing them one at a time", len(batch), exc)
            else:
                for job, result in zip(batch, results, strict=True):
                    job.future.set_result(result)
                return
        for job in batch:
            _settle(job.future, partial(self._write_one, job.capture))

    def _write_one(self, capture: Capture) -> RecordResult:
        attempt = 1
        while True:
            try:
                with self.archive.session() as session:
                    return record_capture(session, capture)
            except DBAPIError as exc:
                if attempt == WRITE_ATTEMPTS or not is_transient(exc):
                    raise
                # Another writer holds what this one needs: let it finish, and wake at a random
                # moment so that two writers that just deadlocked do not meet again.
                delay = random.uniform(0.05, 0.2) * 2**attempt  # noqa: S311 - jitter, not secrets
                logger.info("writing %s lost a race with another writer (%s); trying again in %.1f s",
                            capture.requested_url, type(exc.orig).__name__, delay)
                time.sleep(delay)
                attempt += 1


def _settle(future: Future[T], function: Callable[[], T]) -> None:
    try:
        result = function()
    except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
        future.set_exception(exc)
    else:
        future.set_result(result)
