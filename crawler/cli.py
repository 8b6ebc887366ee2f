"""The `newsarchive` command: the archive's commands plus those that crawl or extract pages."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

import typer

from archive.cli import DbOption, app, console, fail, friendly_errors
from archive.db import Archive, open_archive
from archive.settings import load_settings
from crawler.items import FetchedPage
from crawler.processing import page_to_capture
from crawler.resume import NothingToResume, ResumeError, RunPlan, begin_run, end_run_for, new_run, plan_resume
from crawler.sources import Outlet, SourcesError, load_sources, select_outlets

if TYPE_CHECKING:
    from crawler.runner import PassResult

__all__ = ["app", "main"]


def parse_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        fail(f"--set expects NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


@app.command()
def crawl(
    sources: Annotated[Path, typer.Option("--sources", "-s", help="The outlets file (TOML).")] = Path("sources.toml"),
    spider: Annotated[list[str] | None, typer.Option("--spider", help="feeds, sitemaps or frontpages (repeatable; default: all).")] = None,
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Only these outlet keys (repeatable).")] = None,
    db: DbOption = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Scrapy setting NAME=VALUE (repeatable).")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue a crawl that did not finish (killed, crashed, Ctrl-C): the newest one of the same "
                         "sources, outlets and spiders, or the run --run-id names. Pages it fetched are not fetched "
                         "again; a finished run is left alone (exit 0).")] = False,
    run_id: Annotated[str | None, typer.Option(
        "--run-id", help="The run's id (default: NEWSARCHIVE_RUN_ID, else a new one): workers of one shared Redis "
                         "crawl use the same id; with --resume, the run to continue.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Scrapy's log at INFO level.")] = False,
) -> None:
    """Crawl the outlets of a sources file into the archive, as a run that --resume can continue."""
    from crawler.runner import SPIDERS, crawl_options, crawler_settings

    spiders = spider or list(SPIDERS)
    unknown = [s for s in spiders if s not in SPIDERS]
    if unknown:
        fail(f"unknown spider(s) {', '.join(unknown)}; choose from {', '.join(SPIDERS)}")
    overrides: dict[str, Any] = dict(parse_setting(s) for s in setting or [])
    overrides.update(crawl_options(run_id=run_id))
    with friendly_errors():
        settings = load_settings(database_url=db)
        given = crawler_settings(settings.database_url, sources, overrides)
        given_id = given.get("NEWSARCHIVE_RUN_ID") or None
        if not (resume and given_id):
            _check_outlets(sources, outlet)  # else the run's own sources file is checked once known
        archive = open_archive(settings.database_url)
        try:
            plan = _plan(archive, resume, given_id, sources, spiders, outlet or [], explicit=bool(spider or outlet),
                         shared=bool(given.get("NEWSARCHIVE_REDIS_URL")))
            overrides.update(crawl_options(run_id=plan.run_id))
            scrapy_settings = crawler_settings(settings.database_url, plan.sources, overrides)
            _announce(plan, begin_run(archive, plan, scrapy_settings))
            result, finished = _crawl_run(archive, plan, scrapy_settings, verbose)
        finally:
            archive.dispose()
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result.count("newsarchive/outcome/").items()))
    if finished:
        console.print("crawl finished: " + (outcomes or "nothing fetched"))
    else:
        console.print(f"crawl interrupted ({', '.join(sorted(set(result.reasons)))}): "
                      f"{outcomes or 'nothing fetched'}; continue it with: newsarchive crawl --resume "
                      f"--run-id {plan.run_id}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def _crawl_run(archive: Archive, plan: RunPlan, settings: Any, verbose: bool) -> tuple[PassResult, bool]:
    """Run the plan's spiders; the run is closed whatever happens (except SIGKILL, which --resume is for)."""
    from crawler.progress import CrawlProgress, configure_console_logging
    from crawler.runner import CrawlPass, run_passes

    configure_console_logging(console, logging.INFO if verbose else logging.WARNING)
    reasons: list[str] = []
    try:
        with CrawlProgress(console) as progress:
            [result] = run_passes(settings, [CrawlPass(plan.spiders, outlets=plan.outlets or None)],
                                  on_item=progress.on_item, on_start=lambda c: progress.start_pass(c.label),
                                  on_pass=lambda _: progress.finish())
        reasons = result.reasons
    finally:
        finished = end_run_for(archive, plan.run_id, reasons)
    return result, finished


def _check_outlets(sources: Path, outlets: list[str] | None) -> None:
    try:
        select_outlets(load_sources(sources), outlets)
    except SourcesError as exc:
        fail(str(exc))


def _plan(archive: Archive, resume: bool, given_id: str | None, sources: Path, spiders: list[str],
          outlets: list[str], *, explicit: bool, shared: bool) -> RunPlan:
    """The run this process works on: a new one, or the one to resume (exits when there is none)."""
    if not resume:
        return new_run(sources, spiders, outlets, given_id)
    try:
        with archive.session() as session:
            plan = plan_resume(session, given_id, sources=sources, spiders=spiders, outlets=outlets,
                               explicit=explicit, shared=shared)
    except NothingToResume as exc:
        console.print(str(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(0) from None
    except ResumeError as exc:
        fail(str(exc))
    if given_id:
        _check_outlets(plan.sources, plan.outlets or None)
    return plan


def _announce(plan: RunPlan, skipped: int) -> None:
    if plan.warning:
        console.print(f"[yellow]warning:[/] {plan.warning}", highlight=False, soft_wrap=True)
    if plan.resumed is None:
        console.print(f"run {plan.run_id}", style="dim", highlight=False)
        return
    started = plan.resumed.started_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    console.print(f"resuming run {plan.run_id} (started {started}): {skipped} page(s) it fetched are not "
                  "fetched again", highlight=False, soft_wrap=True)


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Archive for the demo; recreated on every run when it is a SQLite file.")] = "sqlite:///demo.sqlite3",
    out: Annotated[Path, typer.Option("--out", help="Where the export goes.")] = Path("exports/demo.jsonl"),
    seed: Annotated[int, typer.Option(help="Seed of the generated fixture web (same seed, same web).")] = 7,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Scrapy's log at INFO level.")] = False,
) -> None:
    """Crawl the bundled local news web, advance one edition, crawl again, summarise and export."""
    from crawler.demo import run_demo
    from crawler.progress import configure_console_logging

    if db.startswith("sqlite:///") and db != "sqlite:///:memory:":
        Path(db.removeprefix("sqlite:///")).unlink(missing_ok=True)
    configure_console_logging(console, logging.INFO if verbose else logging.WARNING)
    with friendly_errors():
        run_demo(db, out, console, seed=seed)


def adhoc_outlet(url: str) -> Outlet:
    parts = urlsplit(url)
    host = (parts.hostname or "unknown").lower()
    key = "".join(c if c.isalnum() or c in "-_" else "-" for c in host.removeprefix("www."))[:64] or "unknown"
    bare = host.removeprefix("www.")
    return Outlet(key=key, name=bare, home=f"{parts.scheme or 'https'}://{host}/", frontpages=(url,),
                  hosts=frozenset({bare}))


def extract_page(path: Path, url: str) -> dict[str, Any]:
    """Extract one saved page into the story JSON, or ``{"error": ...}`` saying why it could not."""
    if not urlsplit(url).scheme.startswith("http"):
        return {"url": url, "path": str(path), "error": f"bad_url: {url!r} is not an http(s) URL"}
    try:
        body = path.read_bytes()
    except OSError as exc:
        return {"url": url, "path": str(path), "error": f"unreadable: {exc.strerror or exc}"}
    page = FetchedPage(outlet_key="", requested_url=url, final_url=url, status=200,
                       fetched_at=datetime.now(UTC), discovered_via="file", body=body)
    capture = page_to_capture(page, adhoc_outlet(url))
    if capture.story is None:
        return {"url": url, "path": str(path), "error": f"{capture.error_kind}: {capture.error_detail}"}
    return capture.story.to_dict()


@app.command()
def extract(
    page: Annotated[str, typer.Argument(help="A saved HTML page, or '-' to read JSON lines {\"url\", \"path\"} on stdin.")],
    url: Annotated[str | None, typer.Option("--url", help="The page's URL (required for a single page).")] = None,
) -> None:
    """Extract stories from saved pages and print them as JSON (one per line with '-')."""
    if page != "-":
        if not url:
            fail("--url is required with a single page (it decides the canonical URL and the outlet)")
        result = extract_page(Path(page), url)
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        if "error" in result:
            raise typer.Exit(1)
        return
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            result = extract_page(Path(request["path"]), str(request["url"]))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            result = {"line": number, "error": f"bad_request: expected {{\"url\": ..., \"path\": ...}} ({exc})"}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def main() -> None:
    app()


def _load_feature_commands() -> None:
    from crawler import commands

    commands.load_all()


_load_feature_commands()


if __name__ == "__main__":
    main()
