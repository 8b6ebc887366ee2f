"""`newsarchive run`: ingest around the clock (polls, new articles, revisits) until stopped."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from archive.cli import DbOption, app, fail, friendly_errors
from archive.db import open_archive
from archive.settings import load_settings
from crawler.cli import parse_setting
from crawler.sources import SourcesError, load_sources, select_outlets

__all__ = ["run"]


def _configure_logging(verbose: bool) -> None:
    """One plain line per event on stderr (journald and log files read it as it is)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("newsarchive.service").setLevel(logging.DEBUG if verbose else logging.INFO)


@app.command()
def run(
    sources: Annotated[Path, typer.Option("--sources", "-s", help="The outlets file (TOML).")] = Path("sources.toml"),
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Only these outlet keys (repeatable).")] = None,
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option("--workers", min=0, help="Extraction processes of the crawl worker (0: extract in the crawler process; default: one per core).")] = None,
    min_interval: Annotated[float, typer.Option("--min-interval", min=0.1, help="Shortest poll interval per outlet, seconds.")] = 60.0,
    max_interval: Annotated[float, typer.Option("--max-interval", min=0.1, help="Longest poll interval per outlet, seconds.")] = 3600.0,
    initial_interval: Annotated[float, typer.Option("--initial-interval", min=0.1, help="Poll interval of an outlet new to the schedule, seconds.")] = 300.0,
    max_backoff: Annotated[float, typer.Option("--max-backoff", min=0.1, help="Longest wait before retrying a failing feed or sitemap, seconds.")] = 6 * 3600.0,
    grace: Annotated[float, typer.Option("--grace", min=0.0, help="On SIGTERM/SIGINT, seconds to let fetches in flight finish before they are dropped.")] = 30.0,
    cycle_timeout: Annotated[float, typer.Option("--cycle-timeout", min=1.0, help="A cycle running longer is stopped and counted as failed, seconds.")] = 1800.0,
    revisit_factor: Annotated[float, typer.Option("--revisit-factor", min=0.0, help="Scale the revisit schedule of `newsarchive due` (0.5: twice as often).")] = 1.0,
    revisit_limit: Annotated[int, typer.Option("--revisit-limit", min=1, help="At most this many revisits per outlet batch and cycle.")] = 5000,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Outlets taken per cycle (several `run` processes share the rest).")] = 20,
    metrics_port: Annotated[int | None, typer.Option("--metrics-port", min=1, max=65535, help="Serve Prometheus metrics at http://127.0.0.1:PORT/metrics.")] = None,
    redis: Annotated[str | None, typer.Option("--redis", help="Redis URL: the cycle's request queue and URL claims live there (NEWSARCHIVE_REDIS_URL).")] = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Scrapy setting NAME=VALUE for the crawls (repeatable).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the crawler's log at INFO level.")] = False,
) -> None:
    """Poll feeds and sitemaps as often as each outlet publishes, fetch what they announce and
    revisit archived articles when due, until SIGTERM or Ctrl-C (see docs/service.md)."""
    from crawler.runner import crawl_options
    from crawler.service.metrics import Metrics
    from crawler.service.policy import PollPolicy
    from crawler.service.supervisor import Service, ServiceConfig

    try:
        chosen = select_outlets(load_sources(sources), outlet)
        policy = PollPolicy(min_interval, max_interval, initial_interval, max_backoff)
    except (SourcesError, ValueError) as exc:
        fail(str(exc))
    overrides: dict[str, Any] = crawl_options(redis=redis, workers=workers)
    overrides.update(dict(parse_setting(s) for s in setting or []))
    _configure_logging(verbose)
    with friendly_errors():
        settings = load_settings(database_url=db)
        archive = open_archive(settings.database_url)
        metrics = Metrics()
        if metrics_port:
            metrics.serve(metrics_port)
        config = ServiceConfig(settings.database_url, sources.resolve(), policy, grace=grace,
                               cycle_timeout=cycle_timeout, revisit_factor=revisit_factor,
                               revisit_limit=revisit_limit, batch=batch, settings=overrides,
                               worker_log_level="INFO" if verbose else "WARNING")
        service = Service(config, chosen, archive, metrics)
        service.install_signal_handlers()
        try:
            code = service.run()
        finally:
            archive.dispose()
    raise typer.Exit(code)
