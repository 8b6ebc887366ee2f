"""Process-wide workers: a process pool for extraction and one archive writer thread.

Every spider of a run shares them: extraction (the costly part) runs on all cores and off the
event loop, and archive writes go through one thread (crawler.writer) so SQLite sees one writer
per process.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from archive.db import Archive, open_archive
from crawler.writer import ArchiveWriter

__all__ = ["extraction_pool", "started_extraction_pool", "archive_writer", "archive_reader", "shutdown_workers", "default_worker_count"]

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_writers: dict[str, tuple[Archive, ArchiveWriter]] = {}
_readers: dict[str, ThreadPoolExecutor] = {}
_PRELOAD = ["crawler.processing"]


def default_worker_count() -> int:
    return max(1, os.cpu_count() or 1)


def extraction_pool(workers: int) -> Executor | None:
    """The shared extraction pool, or None when ``workers`` is 0 (extract inline)."""
    global _pool
    if workers <= 0:
        return None
    with _lock:
        if _pool is None:
            # forkserver: children start from a clean, single-threaded server process, not from a
            # copy of the reactor with its threads and sockets.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                        initializer=_exit_with, initargs=(os.getpid(),))
        return _pool


def _exit_with(crawler_pid: int) -> None:
    """Pool initializer: end this worker as soon as the crawler process that made it is gone.

    A crawler killed with SIGKILL cannot shut its pool down, and a worker waits for work forever
    (it holds its own queue's write end), keeping the fork server alive too: without this, every
    killed crawl would leave its extraction processes behind. The worker's parent is the fork
    server, not the crawler, so a parent-death signal would not do.
    """
    threading.Thread(target=_watch_crawler, args=(crawler_pid,), name="crawler-watch", daemon=True).start()


def _watch_crawler(crawler_pid: int) -> None:
    try:
        handle = os.pidfd_open(crawler_pid)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # no pidfd (not Linux >= 5.3): poll instead
        while _alive(crawler_pid):
            time.sleep(1.0)
        os._exit(0)
    select.select([handle], [], [])  # readable once the process has exited
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _spawn_all(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start every worker process now (each one imports the extraction stack once)."""
    for future in [pool.submit(os.getpid) for _ in range(workers * 2)]:
        future.result()


async def started_extraction_pool(workers: int) -> Executor | None:
    """``extraction_pool``, with its processes started in a thread: spawning them (a fork server
    that imports the extraction stack) takes seconds and must not block the event loop."""
    import asyncio

    if workers <= 0:
        return None
    with _lock:
        ready = _pool is not None
    pool = extraction_pool(workers)
    if not ready and isinstance(pool, ProcessPoolExecutor):
        await asyncio.to_thread(_spawn_all, pool, workers)
    return pool


def archive_writer(database_url: str) -> tuple[Archive, ArchiveWriter]:
    """The archive for ``database_url`` and the single thread that writes to it."""
    with _lock:
        if database_url not in _writers:
            archive = open_archive(database_url)
            _writers[database_url] = (archive, ArchiveWriter(archive))
        return _writers[database_url]


def archive_reader(database_url: str) -> tuple[Archive, ThreadPoolExecutor]:
    """The archive for ``database_url`` and a thread for the spiders' look-ups (never on the event loop)."""
    archive, _ = archive_writer(database_url)
    with _lock:
        if database_url not in _readers:
            _readers[database_url] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="archive-reader")
        return archive, _readers[database_url]


def shutdown_workers() -> None:
    """Wait for pending work and release the pool and writers (called at the end of a run)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=False)
            _pool = None
        for reader in _readers.values():
            reader.shutdown(wait=True)
        _readers.clear()
        for archive, writer in _writers.values():
            writer.shutdown(wait=True)
            archive.engine.dispose()
        _writers.clear()


atexit.register(shutdown_workers)
