"""`newsarchive import`: other crawlers' WARCs through our extraction and versioning; WARC round trip."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import models
from archive.db import open_archive
from archive.exporters.run import run_export
from archive.exporters.selection import ExportFilters
from crawler.cli import app
from crawler.fixtureweb import FixtureWeb

runner = CliRunner()
ALL = ExportFilters(latest_only=False)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _stories(database_url: str, path: Path) -> list[dict[str, Any]]:
    """Every version as exported, minus what is local to one archive (row ids, capture provenance)."""
    archive = open_archive(database_url)
    try:
        with archive.session() as session:
            run_export(session, "jsonl", path, ALL)
    finally:
        archive.dispose()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line.pop("article_id")
        line.pop("capture")
    return lines


def test_round_trip_export_warc_import_gives_the_same_stories(fixture_archive: str, archive_url: str,
                                                               tmp_path: Path) -> None:
    warc = tmp_path / "stories.warc.gz"
    source = open_archive(fixture_archive)
    with source.session() as session:
        run_export(session, "warc", warc, ALL)
    source.dispose()
    result = runner.invoke(app, ["import", str(warc), "--db", archive_url])
    assert result.exit_code == 0, result.output
    assert "imported 49 page(s): new_article 39, new_version 10; skipped: none" in " ".join(result.output.split())
    assert _stories(archive_url, tmp_path / "after.jsonl") == _stories(fixture_archive, tmp_path / "before.jsonl")


def _write(writer: WARCWriter, kind: str, url: str, date: str, body: bytes = b"",
           http: StatusAndHeaders | None = None, content_type: str = "", **warc_headers: str) -> None:
    record = writer.create_warc_record(url, kind, payload=BytesIO(body), length=len(body), http_headers=http,
                                       warc_content_type=content_type,
                                       warc_headers_dict={"WARC-Date": date, **warc_headers})
    writer.write_record(record)


def _response(writer: WARCWriter, url: str, date: str, status: str, content_type: str, body: bytes,
              *extra: tuple[str, str]) -> None:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    _write(writer, "response", url, date, body, StatusAndHeaders(status, headers, protocol="HTTP/1.1"))
    request = StatusAndHeaders("GET / HTTP/1.1", [("User-Agent", "Heritrix/3.4")], is_http_request=True)
    _write(writer, "request", url, date, http=request)


def _foreign_warc(path: Path, web: FixtureWeb, gzipped: bool) -> list[str]:
    """A WARC shaped like Heritrix/wget output: pages, errors, media, dns, revisits, foreign metadata."""
    herald = sorted(web.article_urls(1, ["herald"]))[:2]
    ledger = sorted(web.article_urls(1, ["ledger"]))[:1]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped, warc_version="1.0")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Heritrix/3.4.0"}))
        _write(writer, "response", "dns:herald.localhost", "2026-10-05T09:59:00Z", b"20261005 herald 127.0.0.1",
               content_type="text/dns")
        page = web.fetch(herald[0]).body
        _response(writer, herald[0], "2026-10-05T10:00:00Z", "200 OK", "text/html; charset=utf-8",
                  gzip.compress(page, mtime=0), ("Content-Encoding", "gzip"))  # as sent on the wire
        _response(writer, herald[1], "2026-10-05T10:00:01.250Z", "200 OK", "text/html", web.fetch(herald[1]).body)
        _response(writer, ledger[0], "2026-10-05T10:00:02Z", "200 OK", "text/html", web.fetch(ledger[0]).body)
        _response(writer, herald[0].replace("/20", "/gone/20"), "2026-10-05T10:00:03Z", "404 Not Found",
                  "text/html", b"<html><h1>Not found</h1></html>")
        _response(writer, "http://herald.localhost/old", "2026-10-05T10:00:04Z", "301 Moved Permanently",
                  "text/html", b"", ("Location", herald[0]))
        _response(writer, "http://herald.localhost/logo.png", "2026-10-05T10:00:05Z", "200 OK", "image/png", PNG)
        _response(writer, "http://herald.localhost/report.pdf", "2026-10-05T10:00:06Z", "200 OK", "text/html",
                  b"%PDF-1.7 not really html")
        _write(writer, "revisit", herald[1], "2026-10-05T11:00:00Z",
               http=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
               **{"WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"})
        _write(writer, "metadata", herald[1], "2026-10-05T10:00:01Z", b"outlinks: 3\r\n",
               content_type="application/warc-fields")
    return [*herald, *ledger]


def _captures(database_url: str) -> list[models.Capture]:
    archive = open_archive(database_url)
    try:
        with archive.session() as session:
            return list(session.scalars(select(models.Capture).order_by(models.Capture.id)))
    finally:
        archive.dispose()


def test_foreign_warcs_import_pages_and_count_the_rest(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'imported.sqlite3'}"
    pages = _foreign_warc(tmp_path / "crawl.warc.gz", fixture_web, gzipped=True)
    _foreign_warc(tmp_path / "again.warc", fixture_web, gzipped=False)
    sources = fixture_web.write_sources(tmp_path / "sources.toml", ["herald"])
    result = runner.invoke(app, ["import", str(tmp_path / "crawl.warc.gz"), str(tmp_path / "again.warc"),
                                 "--db", database_url, "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "imported 6 page(s): new_article 3, unchanged 3;" in said
    assert "skipped: not_html 4, not_http 2, revisit 2, status_301 2, status_404 2" in said
    captures = _captures(database_url)
    first = {c.final_url: c for c in captures[:3]}
    assert list(first) == pages
    assert first[pages[0]].fetched_at == datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
    assert first[pages[1]].fetched_at == datetime(2026, 10, 5, 10, 0, 1, 250000, tzinfo=UTC)
    assert all(c.discovered_via == "import" and c.outcome != "error" for c in captures)
    archive = open_archive(database_url)
    with archive.session() as session:
        keys = {s.key: s for s in session.scalars(select(models.Source))}
    archive.dispose()
    assert keys["herald"].name == fixture_web.site("herald").name  # matched through --sources
    adhoc = [k for k in keys if k != "herald"]
    assert adhoc == ["ledger-localhost"]  # no sources entry: an outlet named after the host


def test_gzip_content_encoding_is_undone_before_extraction(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    pages = _foreign_warc(tmp_path / "crawl.warc.gz", fixture_web, gzipped=True)
    result = runner.invoke(app, ["import", str(tmp_path / "crawl.warc.gz"), "--db", database_url])
    assert result.exit_code == 0, result.output
    gzipped_page = next(c for c in _captures(database_url) if c.final_url == pages[0])
    assert gzipped_page.outcome == "new_article" and "content-encoding" not in gzipped_page.headers


def test_unreadable_files_are_named_and_fail(tmp_path: Path) -> None:
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00not really gzip at all")
    result = runner.invoke(app, ["import", str(bad), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code == 1 and "broken.warc.gz" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.warc"), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert missing.exit_code == 1 and "no such WARC file" in missing.output
