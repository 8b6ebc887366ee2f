"""Export the raw HTTP captures behind story versions as a WARC 1.1 file that replay tools read.

For each exported version, the capture that first saw it becomes three records, each its own
gzip member (so indexers can seek to it):

- ``request``: the GET the crawler sent (method, path, Host and the stored request headers);
- ``response``: status line, the stored response headers and the exact body bytes we archived;
- ``metadata`` (``application/json``, ``WARC-Concurrent-To`` the response): which story, version,
  outlet and content hash this capture is, so ``newsarchive import`` can restore the outlet and
  anyone can tie a payload back to the dataset rows.

Bodies are stored decoded (the crawler undoes gzip and chunking), so ``Content-Encoding`` and
``Transfer-Encoding`` are renamed ``X-Archive-Orig-*`` and ``Content-Length`` is the stored body's
length: a replayed page is served byte for byte as captured. Record ids are derived from the
capture id, so the same archive exports the same records.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.blob_store import get_blob
from archive.exporters.files import ExportResult, atomic_file
from archive.exporters.selection import ExportFilters, ExportRow, iter_versions
from archive.models import Capture

__all__ = ["export_warc", "METADATA_PROFILE", "SOFTWARE"]

#: Marks our metadata records (the ``profile`` key of their JSON) so importers can trust them.
METADATA_PROFILE = "newsarchive/capture-metadata/1"
SOFTWARE = "newsarchive (https://github.com/newsarchive/newsarchive)"
_ID_NAMESPACE = uuid.UUID("0d7d1b0e-5a4e-4b8e-9a51-6e6577736172")
_RENAMED = ("content-encoding", "transfer-encoding")
_DROPPED = ("content-length",)


def _record_id(kind: str, key: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'{kind}:{key}')}>"


def _warc_date(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _response_headers(headers: dict[str, Any], body: bytes) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, value in sorted(headers.items()):
        lower = name.lower()
        if lower in _DROPPED:
            continue
        out.append((f"X-Archive-Orig-{name}" if lower in _RENAMED else name, str(value)))
    out.append(("Content-Length", str(len(body))))
    return out


def _status_line(status: int | None) -> str:
    code = status or 200
    try:
        reason = HTTPStatus(code).phrase
    except ValueError:
        reason = "Unknown"
    return f"{code} {reason}"


def _request_headers(url: str, stored: dict[str, Any]) -> StatusAndHeaders:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)] + [(k, str(v)) for k, v in sorted(stored.items()) if k.lower() != "host"]
    return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)


def _metadata(row: ExportRow, response_id: str) -> bytes:
    story = row.story
    payload = {
        "profile": METADATA_PROFILE, "response_record": response_id, "story_id": story.id,
        "version": row.version, "content_hash": row.content_hash, "canonical_url": story.canonical_url,
        "captured_at": row.captured_at.isoformat(), "headline": story.headline,
        "outlet": {"key": story.source.key, "name": story.source.name, "home_url": story.source.home_url,
                   "country": story.source.country},
        "capture": row.capture.to_dict(),
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _write_capture(writer: WARCWriter, row: ExportRow, body: bytes, headers: dict[str, Any],
                   request_headers: dict[str, Any]) -> None:
    capture = row.capture
    url, date, key = capture.final_url, _warc_date(capture.fetched_at), str(capture.id)
    response_id, request_id = _record_id("response", key), _record_id("request", key)
    http = StatusAndHeaders(_status_line(capture.status), _response_headers(headers, body),
                            protocol="HTTP/1.1")
    response = writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                         http_headers=http,
                                         warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": date})
    request = writer.create_warc_record(url, "request", http_headers=_request_headers(url, request_headers),
                                        warc_headers_dict={"WARC-Record-ID": request_id, "WARC-Date": date,
                                                           "WARC-Concurrent-To": response_id})
    meta = _metadata(row, response_id)
    # Its own target URI, not the page's: replay tools index metadata records too, and one at
    # the page's URL and time would be served instead of the page.
    metadata = writer.create_warc_record(f"urn:newsarchive:capture:{key}", "metadata", payload=BytesIO(meta), length=len(meta),
                                         warc_content_type="application/json",
                                         warc_headers_dict={"WARC-Record-ID": _record_id("metadata", key),
                                                            "WARC-Date": date, "WARC-Concurrent-To": response_id})
    for record in (response, request, metadata):
        writer.write_record(record)


def _warcinfo(writer: WARCWriter, filename: str, filters: ExportFilters, now: datetime) -> None:
    fields = {"software": SOFTWARE, "format": "WARC File Format 1.1",
              "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
              "description": "Raw HTTP captures of archived news stories, with metadata records per capture",
              "newsarchive-filters": json.dumps(filters.describe(), sort_keys=True)}
    text = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode("utf-8")
    record = writer.create_warc_record("", "warcinfo", payload=BytesIO(text), length=len(text),
                                       warc_content_type="application/warc-fields",
                                       warc_headers_dict={"WARC-Record-ID": _record_id("warcinfo", filename),
                                                          "WARC-Date": _warc_date(now), "WARC-Filename": filename})
    writer.write_record(record)


def export_warc(session: Session, out_path: str | os.PathLike[str], filters: ExportFilters, *,
                now: datetime | None = None) -> ExportResult:
    """Write the captures of the selected versions to ``out_path`` (gzipped per record if it ends ``.gz``).

    Versions whose capture kept no body (never the case for the crawler's own captures) are
    skipped and counted in ``extra["skipped_no_body"]``.
    """
    target = Path(out_path)
    count = skipped = 0
    with atomic_file(target) as out:
        writer = WARCWriter(out, gzip=target.name.endswith(".gz"), warc_version="1.1")
        _warcinfo(writer, target.name, filters, now or datetime.now(UTC))
        for row in iter_versions(session, filters=filters):
            body = get_blob(session, row.capture.blob_sha256) if row.capture.blob_sha256 else None
            if body is None:
                skipped += 1
                continue
            headers, request_headers = session.execute(
                select(Capture.headers, Capture.request_headers).where(Capture.id == row.capture.id)).one()
            _write_capture(writer, row, body, headers or {}, request_headers or {})
            count += 1
    digest = out.hexdigest()
    return ExportResult(count=count, path=target, sha256=digest, files={target.name: digest},
                        extra={"skipped_no_body": skipped})
