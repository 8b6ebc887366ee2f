"""The crawl worker: one Scrapy reactor kept across cycles, running the supervisor's jobs one by one.

Started by the supervisor as ``python -m crawler.service.worker --db URL --sources FILE``; reads
one CycleJob per line on stdin and answers each with one CycleReport line on its original stdout
(everything else, Scrapy's log included, goes to stderr). SIGTERM or SIGINT stops the running
cycle gracefully (requests in flight are finished and archived, queued ones dropped; the report
says the cycle did not finish) and ends the worker; so does the end of stdin. A worker whose
supervisor disappears exits at once rather than crawl on unsupervised.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import threading
import time
import warnings
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.exceptions import ScrapyDeprecationWarning

from crawler.runner import crawler_settings
from crawler.service.protocol import CycleJob, CycleReport
from crawler.service.spiders import (
    DueRevisitSpider,
    ListingLog,
    PollFeedsSpider,
    PollFrontpagesSpider,
    PollSitemapsSpider,
)
from crawler.workers import shutdown_workers

__all__ = ["CycleRunner", "main"]

logger = logging.getLogger("crawler.service.worker")
ORPHAN_EXIT = 75


class _Reported(logging.Filter):
    """Drops the crawl's own lines about failed listings and given-up retries: the supervisor
    logs each failure once, with the outlet, the count and the next try."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not ("cannot read listing" in message or message.startswith("Gave up retrying"))


def _merge_numbers(into: dict[str, float], stats: dict[str, Any]) -> None:
    for key, value in stats.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            into[key] = into.get(key, 0) + value


class CycleRunner:
    """Runs cycles in one AsyncCrawlerProcess; ``stop()`` ends the current one gracefully."""

    def __init__(self, process: AsyncCrawlerProcess) -> None:
        self.process = process
        self.stopping = False
        self._running: list[Crawler] = []

    def stop(self) -> None:
        self.stopping = True
        if self._running:
            logger.warning("stopping the cycle: fetches in flight are finished and archived, queued ones dropped")
        for crawler in self._running:
            asyncio.ensure_future(crawler.stop_async())

    def _crawlers(self, job: CycleJob, log: ListingLog) -> list[tuple[Crawler, dict[str, Any]]]:
        listing_args = {"listings": log, "skip": job.skip}
        plan: list[tuple[type, list[str], dict[str, Any]]] = [
            (PollFeedsSpider, job.poll, listing_args), (PollSitemapsSpider, job.poll, listing_args),
            (PollFrontpagesSpider, job.frontpages, listing_args),
            (DueRevisitSpider, job.revisit, {"factor": job.revisit_factor, "limit": job.revisit_limit}),
        ]
        out = []
        for spider, outlets, kwargs in plan:
            if outlets:
                crawler = self.process.create_crawler(spider)
                crawler.settings.set("NEWSARCHIVE_RUN_ID", job.run_id, priority="cmdline")
                out.append((crawler, {"outlets": outlets, **kwargs}))
        return out

    async def run(self, job: CycleJob) -> CycleReport:
        started = time.monotonic()
        log = ListingLog()
        reasons: list[str] = []
        report = CycleReport(job.cycle, finished=False, seconds=0.0)
        try:
            crawlers = self._crawlers(job, log)
            for crawler, _ in crawlers:
                crawler.signals.connect(lambda reason, **_: reasons.append(reason), signal=signals.spider_closed,
                                        weak=False)
            if not self.stopping:
                self._running = [crawler for crawler, _ in crawlers]
                await asyncio.gather(*(self.process.crawl(crawler, **kwargs) for crawler, kwargs in crawlers))
            for crawler, _ in crawlers:
                if crawler.stats is not None:
                    _merge_numbers(report.stats, crawler.stats.get_stats())
            report.finished = len(reasons) == len(crawlers) and all(r == "finished" for r in reasons)
        except Exception as exc:  # noqa: BLE001 - reported to the supervisor, which backs off
            logger.exception("cycle %s failed", job.cycle)
            report.error = f"{type(exc).__name__}: {exc}"[:500]
        finally:
            self._running = []
        report.seconds = time.monotonic() - started
        report.polled = {outlet: sorted(urls) for outlet, urls in log.polled.items()}
        report.failed = log.failed
        return report


def _read_jobs(loop: asyncio.AbstractEventLoop, jobs: asyncio.Queue[str | None]) -> None:
    """Stdin, line by line, onto the loop (a daemon thread: it never keeps the worker alive)."""
    for line in sys.stdin:
        loop.call_soon_threadsafe(jobs.put_nowait, line)
    loop.call_soon_threadsafe(jobs.put_nowait, None)


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(ORPHAN_EXIT)  # the supervisor is gone (SIGKILL): in-flight fetches are all we lose


async def serve(runner: CycleRunner, reports: IO[str]) -> None:
    from twisted.internet import reactor

    loop = asyncio.get_running_loop()
    jobs: asyncio.Queue[str | None] = asyncio.Queue()

    def on_signal(signum: int, _frame: Any) -> None:
        loop.call_soon_threadsafe(runner.stop)
        loop.call_soon_threadsafe(jobs.put_nowait, None)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    threading.Thread(target=_read_jobs, args=(loop, jobs), name="jobs", daemon=True).start()
    try:
        while not runner.stopping:
            line = await jobs.get()
            if line is None:
                break
            report = await runner.run(CycleJob.from_line(line))
            reports.write(report.to_line())
            reports.flush()
    finally:
        reactor.callLater(0, reactor.stop)  # type: ignore[arg-type,misc]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The ingestion service's crawl worker (started by `newsarchive run`).")
    parser.add_argument("--db", required=True)
    parser.add_argument("--sources", required=True)
    parser.add_argument("--settings-json", default="{}", help="Scrapy settings overrides, as a JSON object")
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)
    reports = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # stray prints must not corrupt the report stream
    sys.stdout = sys.stderr
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("worker %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(args.log_level)  # Scrapy resets the root logger's level, so filter at the handler
    handler.addFilter(_Reported())
    logging.getLogger().addHandler(handler)
    warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning)  # for developers, not operators
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    settings = crawler_settings(args.db, args.sources, json.loads(args.settings_json))
    settings.set("LOG_LEVEL", args.log_level, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    runner = CycleRunner(process)
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(serve(runner, reports))
    try:
        process.start(stop_after_crawl=False, install_signal_handlers=False)
    finally:
        shutdown_workers()


if __name__ == "__main__":
    main()
