"""`newsarchive import`: bring pages from other crawlers' WARC files into the archive.

Heritrix, Browsertrix, wget and Common Crawl all write WARC ``response`` records; each HTML page
answered 200 goes through the crawler's own extraction, normalisation and versioning
(``page_to_capture`` then ``record_capture``), with the capture time taken from ``WARC-Date``.
Everything else (requests, revisits, non-200 answers, images, scripts...) is skipped and counted.

A page's outlet is the one of a ``--sources`` file whose host matches; else, for WARCs written by
``newsarchive export``, the outlet named in the capture's metadata record; else an ad-hoc outlet
named after the host (as ``newsarchive extract`` does).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer
from dateutil import parser as date_parser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.capture import KEPT_HEADERS, Capture
from archive.cli import DbOption, app, console, fail, friendly_errors
from archive.db import open_archive
from archive.exporters.warc import METADATA_PROFILE
from archive.settings import load_settings
from archive.story import SourceRef
from archive.versioning import record_capture
from crawler.cli import adhoc_outlet
from crawler.items import FetchedPage
from crawler.processing import looks_like_html, page_to_capture
from crawler.sources import Outlet, SourcesError, load_sources

__all__ = ["WarcPage", "ImportReport", "NotAWarc", "read_warc", "import_warcs"]

_BATCH = 100
_DECODED = ("content-encoding", "transfer-encoding")  # warcio hands us the payload decoded


class NotAWarc(ValueError):
    """The file holds something other than WARC records."""


@dataclass(slots=True)
class WarcPage:
    """A response record worth importing, with what our own metadata record says about it."""

    url: str
    status: int
    fetched_at: datetime
    body: bytes
    headers: dict[str, str]
    record_id: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ImportReport:
    """What an import did: outcomes of recorded captures and why other records were skipped."""

    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failed_files: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(self.outcomes.values())


def _headers(record: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in record.http_headers.headers:
        key = name.lower()
        if key in KEPT_HEADERS and key not in _DECODED:
            out[key] = value
    return out


def _when(record: Any) -> datetime:
    raw = record.rec_headers.get_header("WARC-Date") or ""
    try:
        parsed = date_parser.isoparse(raw)
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _our_metadata(record: Any) -> dict[str, Any] | None:
    if record.rec_headers.get_header("Content-Type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        data = json.loads(record.content_stream().read())
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("profile") == METADATA_PROFILE else None


def _response(record: Any, skipped: Counter[str]) -> WarcPage | None:
    """The page of a response record, or None (counted in ``skipped``) when it is not an HTML 200."""
    if record.http_headers is None:
        skipped["not_http"] += 1
        return None
    status = int(record.http_headers.get_statuscode() or 0)
    if status != 200:
        skipped[f"status_{status}"] += 1
        return None
    body = record.content_stream().read()
    headers = _headers(record)
    if not looks_like_html(headers.get("content-type"), body):
        skipped["not_html"] += 1
        return None
    return WarcPage(url=record.rec_headers.get_header("WARC-Target-URI") or "", status=status,
                    fetched_at=_when(record), body=body, headers=headers,
                    record_id=record.rec_headers.get_header("WARC-Record-ID") or "")


def read_warc(path: Path, skipped: Counter[str]) -> Iterator[WarcPage]:
    """The importable pages of one WARC (plain or gzipped), in file order.

    A response is held back until the next record, so that a metadata record written right
    after it (as ``newsarchive export`` does) can be attached.
    """
    pending: WarcPage | None = None
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.format != "warc":  # warcio reads any text as an old ARC record
                raise NotAWarc(f"not a WARC file (found a {record.format} record at {stream.tell()} bytes)")
            kind = record.rec_type
            if kind == "metadata" and pending is not None:
                meta = _our_metadata(record)
                if meta is not None and record.rec_headers.get_header("WARC-Concurrent-To") == pending.record_id:
                    pending.meta = meta
                continue
            if kind in ("warcinfo", "request", "metadata"):
                continue
            if pending is not None:
                yield pending
                pending = None
            if kind == "response":
                pending = _response(record, skipped)
            else:
                skipped[kind] += 1  # revisit, resource, conversion, continuation
    if pending is not None:
        yield pending


class OutletResolver:
    """The outlet of a page: the sources file's, else our metadata's, else one made from the host."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets = list(outlets)

    def __call__(self, page: WarcPage) -> Outlet:
        host = urlsplit(page.url).hostname
        for outlet in self.outlets:
            if outlet.owns_host(host):
                return outlet
        known = page.meta.get("outlet")
        if isinstance(known, dict) and known.get("key") and known.get("home_url"):
            ref = SourceRef(key=str(known["key"]), name=str(known.get("name") or known["key"]),
                            home_url=str(known["home_url"]), country=known.get("country"))
            home_host = urlsplit(ref.home_url).hostname or ""
            return Outlet(key=ref.key, name=ref.name, home=ref.home_url, country=ref.country,
                          frontpages=(ref.home_url,), hosts=frozenset({home_host.removeprefix("www.")}))
        return adhoc_outlet(page.url)


def _fetched(page: WarcPage, outlet: Outlet) -> FetchedPage:
    found = page.meta.get("capture")
    capture: dict[str, Any] = found if isinstance(found, dict) else {}
    return FetchedPage(outlet_key=outlet.key, requested_url=str(capture.get("requested_url") or page.url),
                       final_url=page.url, status=page.status, fetched_at=page.fetched_at,
                       discovered_via="import", body=page.body, headers=page.headers)


def _extract(job: tuple[FetchedPage, Outlet]) -> Capture:
    return page_to_capture(*job)


def _captures(pages: Iterable[WarcPage], resolve: OutletResolver, pool: Executor | None,
              window: int) -> Iterator[Capture]:
    """Captures in page order; extraction runs in ``pool`` with at most ``window`` pages in flight."""
    jobs = ((_fetched(page, outlet), outlet) for page in pages for outlet in [resolve(page)])
    if pool is None:
        yield from map(_extract, jobs)
        return
    in_flight: list[Future[Capture]] = []
    for job in jobs:
        in_flight.append(pool.submit(_extract, job))
        if len(in_flight) >= window:
            yield in_flight.pop(0).result()
    for future in in_flight:
        yield future.result()


def import_warcs(paths: Iterable[Path], database_url: str, outlets: Iterable[Outlet] = (), *,
                 workers: int = 0) -> ImportReport:
    """Import every HTML 200 response of ``paths`` into the archive at ``database_url``."""
    report = ImportReport()
    resolve = OutletResolver(outlets)
    archive = open_archive(database_url)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        for path in paths:
            try:
                _import_one(archive, read_warc(path, report.skipped), resolve, pool, max(1, workers) * 4, report)
            except (ArchiveLoadFailed, NotAWarc, OSError, EOFError) as exc:
                report.failed_files.append(f"{path}: {exc}")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        archive.dispose()
    return report


def _import_one(archive: Any, pages: Iterable[WarcPage], resolve: OutletResolver, pool: Executor | None,
                window: int, report: ImportReport) -> None:
    batch: list[Capture] = []
    for capture in _captures(pages, resolve, pool, window):
        batch.append(capture)
        if len(batch) >= _BATCH:
            _record(archive, batch, report)
    _record(archive, batch, report)


def _record(archive: Any, batch: list[Capture], report: ImportReport) -> None:
    if not batch:
        return
    with archive.session() as session:
        for capture in batch:
            report.outcomes[record_capture(session, capture).outcome] += 1
    batch.clear()


@app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz) from any crawler.")],
    db: DbOption = None,
    sources: Annotated[Path | None, typer.Option("--sources", "-s", help="Outlets file: pages on an outlet's host get that outlet.")] = None,
    workers: Annotated[int, typer.Option(min=0, help="Extraction processes (0: extract in this process).")] = 0,
) -> None:
    """Import HTML pages from WARC files through extraction and versioning; other records are skipped and counted."""
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        fail(f"no such WARC file: {', '.join(missing)}")
    try:
        outlets = load_sources(sources) if sources is not None else []
    except SourcesError as exc:
        fail(str(exc))
    with friendly_errors():
        settings = load_settings(database_url=db)
        report = import_warcs(files, settings.database_url, outlets, workers=workers)
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(report.outcomes.items())) or "none"
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())) or "none"
    console.print(f"imported {report.imported} page(s): {outcomes}; skipped: {skipped}", highlight=False, soft_wrap=True)
    for failure in report.failed_files:
        console.print(f"[bold red]error:[/] cannot read {failure}", highlight=False, soft_wrap=True)
    if report.failed_files:
        raise typer.Exit(1)
