"""`newsarchive demo`: crawl the bundled fixture web twice, one edition apart, and report."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from archive import queries
from archive.db import open_archive
from archive.exporters.jsonl import export_jsonl
from crawler.fixtureweb import DEMO, FixtureWeb
from crawler.progress import CrawlProgress
from crawler.runner import SPIDERS, CrawlPass, PassResult, crawler_settings, run_passes

__all__ = ["LOCAL_WEB_SETTINGS", "DemoReport", "run_demo"]

#: Settings for crawling the local fixture web: loopback allowed (the network guard refuses it
#: otherwise), no politeness delays (it is our own server) and short time-outs, so the slow page
#: fails fast. Everything else stays as a real crawl runs.
LOCAL_WEB_SETTINGS: dict[str, Any] = {
    "NEWSARCHIVE_ALLOW_LOOPBACK": True,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 1.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 1,
}
SLOW_PAGE_SECONDS = 4.0  # past the 2 s time-out above


@dataclass(slots=True)
class DemoReport:
    passes: list[PassResult]
    summary: Any
    export_path: Path
    exported: int


def _pass_table(passes: list[PassResult]) -> Table:
    table = Table(title="Crawl passes")
    for column in ("pass", "captures", "new articles", "new versions", "unchanged", "errors"):
        table.add_column(column, justify="right" if column != "pass" else "left")
    for result in passes:
        outcomes = result.count("newsarchive/outcome/")
        table.add_row(result.label, str(sum(outcomes.values())), str(outcomes.get("new_article", 0)),
                      str(outcomes.get("new_version", 0)), str(outcomes.get("unchanged", 0)),
                      str(outcomes.get("error", 0)))
    return table


def summary_tables(summary: Any) -> list[Table]:
    """The archive's summary: per outlet, totals, and errors by kind."""
    outlets = Table(title="Archive")
    for column in ("outlet", "articles", "captures", "versions", "changed articles", "errors"):
        outlets.add_column(column, justify="right" if column != "outlet" else "left")
    for row in summary.outlets:
        outlets.add_row(row.name, str(row.articles), str(row.captures), str(row.versions),
                        str(row.changed_articles), str(row.errors))
    outlets.add_row("[bold]all outlets", str(summary.articles), str(summary.captures), str(summary.versions),
                    str(summary.changed_articles), str(sum(summary.errors_by_kind.values())), end_section=True)
    errors = Table(title="Errors by kind")
    errors.add_column("kind")
    errors.add_column("captures", justify="right")
    for kind, count in sorted(summary.errors_by_kind.items()):
        errors.add_row(kind, str(count))
    return [outlets, errors]


def run_demo(database_url: str, export_path: Path, console: Console, seed: int = 7) -> DemoReport:
    """Serve the fixture web, crawl edition 1, advance to edition 2, crawl again, summarise, export."""
    with FixtureWeb(seed=seed, edition=1, slow_seconds=SLOW_PAGE_SECONDS) as web, \
            tempfile.TemporaryDirectory(prefix="newsarchive-demo-") as tmp:
        sources = web.write_sources(Path(tmp) / "sources.toml")
        console.print(f"Fixture web serving {len(DEMO)} outlets on 127.0.0.1:{web.port}; "
                      f"archive: {database_url}")
        # The demo re-fetches every listed article (a plain re-crawl skips known, unchanged
        # entries), so the second pass shows every edit, the stealth edit included.
        settings = crawler_settings(database_url, sources, {**LOCAL_WEB_SETTINGS, "NEWSARCHIVE_REFETCH_KNOWN": True})
        spiders = list(SPIDERS)
        passes = [
            CrawlPass(spiders, label="edition 1"),
            CrawlPass(spiders, before=lambda: web.set_edition(2), label="edition 2"),
        ]
        with CrawlProgress(console) as progress:
            results = run_passes(settings, passes, on_item=progress.on_item,
                                 on_start=lambda crawl: progress.start_pass(crawl.label),
                                 on_pass=lambda _: progress.finish())
    archive = open_archive(database_url)
    with archive.session() as session:
        summary = queries.summary(session)
        exported = export_jsonl(session, export_path, latest_only=False)
    archive.engine.dispose()
    console.print(_pass_table(results))
    for table in summary_tables(summary):
        console.print(table)
    console.print(f"Exported {exported.count} story versions to {exported.path}")
    return DemoReport(results, summary, exported.path, exported.count)
