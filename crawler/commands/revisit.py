"""`newsarchive revisit`: fetch archived articles again when the revisit schedule says so."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from archive.cli import DbOption, app, console, fail, friendly_errors
from archive.settings import load_settings
from crawler.cli import parse_setting
from crawler.sources import SourcesError, load_sources, select_outlets

__all__ = ["revisit", "register_spider"]


def register_spider() -> None:
    """Make ``revisit`` a spider name the runner knows (not one of ``crawl``'s defaults)."""
    from crawler.runner import SPIDERS
    from crawler.spiders.revisit import RevisitSpider

    SPIDERS.setdefault("revisit", RevisitSpider)  # type: ignore[arg-type]


@app.command()
def revisit(
    sources: Annotated[Path, typer.Option("--sources", "-s", help="The outlets file (TOML).")] = Path("sources.toml"),
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Only these outlet keys (repeatable).")] = None,
    db: DbOption = None,
    everything: Annotated[bool, typer.Option("--all", help="Fetch every archived article now, whatever the schedule.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Fetch at most this many due articles.")] = 5000,
    sitemaps: Annotated[bool, typer.Option("--sitemaps/--no-sitemaps", help="Also fetch articles whose sitemap lastmod is newer than our last capture.")] = True,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Scrapy setting NAME=VALUE (repeatable).")] = None,
) -> None:
    """Re-fetch archived articles that are due (see `newsarchive due`), with conditional requests."""
    from crawler.progress import CrawlProgress, configure_console_logging
    from crawler.runner import CrawlPass, crawler_settings, run_passes

    try:
        select_outlets(load_sources(sources), outlet)
    except SourcesError as exc:
        fail(str(exc))
    register_spider()
    overrides: dict[str, object] = {"NEWSARCHIVE_REVISIT_ALL": everything, "NEWSARCHIVE_REVISIT_LIMIT": limit,
                                    "NEWSARCHIVE_REVISIT_SITEMAPS": sitemaps}
    overrides.update(dict(parse_setting(s) for s in setting or []))
    with friendly_errors():
        settings = load_settings(database_url=db)
        configure_console_logging(console, logging.WARNING)
        with CrawlProgress(console) as progress:
            results = run_passes(
                crawler_settings(settings.database_url, sources, overrides),
                [CrawlPass(["revisit"], outlets=outlet or None, label="revisit")],
                on_item=progress.on_item, on_start=lambda c: progress.start_pass(c.label),
                on_pass=lambda _: progress.finish())
    stats = results[0]
    outcomes = stats.count("newsarchive/outcome/")
    reasons = stats.count("newsarchive/revisit/")
    console.print(f"revisit finished: {stats.stats.get('newsarchive/revisit_due', 0)} due by schedule, "
                  f"{reasons.get('sitemap', 0)} by sitemap lastmod, "
                  f"{stats.stats.get('newsarchive/revisit_not_modified', 0)} not modified (304); "
                  + (", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) or "nothing fetched"))
