"""Run crawl passes in this process: one reactor, any number of passes, spiders side by side.

Scrapy's reactor cannot be restarted, so everything a command wants to crawl (the demo crawls,
advances the fixture web, and crawls again) runs inside one ``run_passes`` call.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from crawler.spiders.feeds import FeedsSpider
from crawler.spiders.frontpages import FrontpagesSpider
from crawler.spiders.sitemaps import SitemapsSpider
from crawler.workers import shutdown_workers

__all__ = ["SPIDERS", "CrawlPass", "PassResult", "crawler_settings", "crawl_options", "run_passes"]

SPIDERS = {"feeds": FeedsSpider, "sitemaps": SitemapsSpider, "frontpages": FrontpagesSpider}


@dataclass(slots=True)
class CrawlPass:
    """One crawl of some outlets by some spiders; ``before`` runs first (e.g. to advance a test web)."""

    spiders: list[str]
    outlets: list[str] | None = None
    before: Callable[[], None] | None = None
    label: str = "crawl"


@dataclass(slots=True)
class PassResult:
    label: str
    stats: dict[str, Any] = field(default_factory=dict)
    #: Why each spider closed ("finished" when it ran out of work; "shutdown" after Ctrl-C...).
    reasons: list[str] = field(default_factory=list)

    def count(self, prefix: str) -> dict[str, int]:
        """Counters whose name starts with ``prefix``, keyed by the rest of the name."""
        return {k[len(prefix):]: int(v) for k, v in self.stats.items() if k.startswith(prefix)}


def crawler_settings(database_url: str, sources: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Project settings plus the archive, the sources file and any overrides (highest priority)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("NEWSARCHIVE_DATABASE_URL", database_url, priority="cmdline")
    settings.set("NEWSARCHIVE_SOURCES", str(sources), priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the caller sets up logging
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl_options(*, redis: str | None = None, run_id: str | None = None, workers: int | None = None,
                  refetch: bool = False) -> dict[str, Any]:
    """Settings for the ``crawl`` command's options: ``--redis URL`` (share the crawl with other
    workers), ``--run-id ID`` (which shared crawl), ``--workers N`` (extraction processes) and
    ``--refetch`` (fetch every listed article again)."""
    out: dict[str, Any] = {}
    if redis:
        out["NEWSARCHIVE_REDIS_URL"] = redis
    if run_id:
        out["NEWSARCHIVE_RUN_ID"] = run_id
    if workers is not None:
        out["NEWSARCHIVE_EXTRACT_WORKERS"] = workers
    if refetch:
        out["NEWSARCHIVE_REFETCH_KNOWN"] = True
    return out


def _merge_stats(into: dict[str, Any], stats: dict[str, Any]) -> None:
    for key, value in stats.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            into[key] = into.get(key, 0) + value


def _finish_reason(stats: Any) -> str:
    """Why a spider closed; a spider that ran out of work but could not store every page it
    fetched did not finish: its run must stay resumable, or those pages would be lost."""
    # Late: the pipelines load the extraction stack (trafilatura, ~1 s), which importers of this
    # module such as the service supervisor do not need; a crawl has loaded it by now anyway.
    from crawler.pipelines import ARCHIVE_FAILED_STAT

    reason = str(stats.get_value("finish_reason", "unknown"))
    if reason == "finished" and stats.get_value(ARCHIVE_FAILED_STAT):
        return "archive_write_failed"
    return reason


def _run_id(process: AsyncCrawlerProcess, index: int) -> str:
    """The run id spiders share: NEWSARCHIVE_RUN_ID when given (every worker of a shared crawl
    passes the same one), else a fresh one; passes after the first get their own suffix."""
    given = process.settings.get("NEWSARCHIVE_RUN_ID")
    if not given:
        return uuid.uuid4().hex
    return given if index == 0 else f"{given}-{index + 1}"


async def _run_pass(process: AsyncCrawlerProcess, crawl: CrawlPass,
                    on_item: Callable[[Any], None] | None, index: int = 0) -> PassResult:
    if crawl.before is not None:
        crawl.before()
    run_id = _run_id(process, index)
    crawlers = []
    for name in crawl.spiders:
        crawler = process.create_crawler(SPIDERS[name])
        crawler.settings.set("NEWSARCHIVE_RUN_ID", run_id, priority="cmdline")
        if crawl.outlets:
            crawler.settings.set("NEWSARCHIVE_OUTLETS", crawl.outlets, priority="cmdline")
        if on_item is not None:
            crawler.signals.connect(lambda item, **_: on_item(item), signal=signals.item_scraped, weak=False)
        crawlers.append(crawler)
    await asyncio.gather(*(process.crawl(c) for c in crawlers))
    result = PassResult(crawl.label)
    for crawler in crawlers:
        _merge_stats(result.stats, crawler.stats.get_stats())
        result.reasons.append(_finish_reason(crawler.stats))
    return result


def run_passes(settings: Settings, passes: list[CrawlPass],
               on_item: Callable[[Any], None] | None = None,
               on_start: Callable[[CrawlPass], None] | None = None,
               on_pass: Callable[[PassResult], None] | None = None) -> list[PassResult]:
    """Run the passes one after another in a fresh reactor; returns each pass's merged stats.

    ``on_start``/``on_pass`` are told when each pass begins and ends, ``on_item`` of every item
    the pipelines finish (for progress displays).
    """
    for crawl in passes:
        unknown = [s for s in crawl.spiders if s not in SPIDERS]
        if unknown:
            raise ValueError(f"unknown spider(s) {', '.join(unknown)}; known: {', '.join(SPIDERS)}")
    process = AsyncCrawlerProcess(settings)
    results: list[PassResult] = []
    failure: list[BaseException] = []

    async def main() -> None:
        from twisted.internet import reactor

        try:
            for index, crawl in enumerate(passes):
                if on_start is not None:
                    on_start(crawl)
                result = await _run_pass(process, crawl, on_item, index)
                results.append(result)
                if on_pass is not None:
                    on_pass(result)
        except BaseException as exc:  # noqa: BLE001 - re-raised after the reactor stops
            failure.append(exc)
        finally:
            reactor.callLater(0, reactor.stop)  # type: ignore[arg-type,misc]

    _schedule(main())
    try:
        process.start(stop_after_crawl=False)
    finally:
        shutdown_workers()
    if failure:
        raise failure[0]
    return results


def _schedule(coro: Awaitable[None]) -> None:
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(coro)
