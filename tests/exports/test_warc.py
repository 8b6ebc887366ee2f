"""The WARC export: WARC 1.1 records that warcio reads, cdxj-indexer indexes and replay serves byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.blob_store import get_blob
from archive.db import Archive
from archive.exporters.selection import ExportFilters, iter_versions
from archive.exporters.warc import METADATA_PROFILE, export_warc
from tests.exports.conftest import Small
from tests.exports.replay import cdxj_index, fetch, replay_server, replayers

ALL = ExportFilters(latest_only=False)


@pytest.fixture(scope="module")
def fixture_warc(fixture_archive: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The fixture web's captures as a WARC, and the body the archive holds for each capture."""
    from archive.db import open_archive

    path = tmp_path_factory.mktemp("warc") / "stories.warc.gz"
    archive = open_archive(fixture_archive)
    try:
        with archive.session() as session:
            export_warc(session, path, ALL)
            bodies = {f"{row.capture.final_url} {row.capture.fetched_at:%Y%m%d%H%M%S}":
                      get_blob(session, row.capture.blob_sha256 or "") or b""
                      for row in iter_versions(session, filters=ALL)}
    finally:
        archive.dispose()
    return path, bodies


def _records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    with path.open("rb") as handle:
        return [(r.rec_type, dict(r.rec_headers.headers), r.content_stream().read()) for r in ArchiveIterator(handle)]


def test_records_are_warc_1_1_triples_linked_to_their_versions(fixture_warc: tuple[Path, dict[str, bytes]]) -> None:
    path, bodies = fixture_warc
    records = _records(path)
    assert records[0][0] == "warcinfo" and b"newsarchive" in records[0][2]
    kinds = [kind for kind, _, _ in records[1:]]
    assert kinds == ["response", "request", "metadata"] * len(bodies)
    with path.open("rb") as handle:
        assert all(r.rec_headers.protocol == "WARC/1.1" for r in ArchiveIterator(handle))
    for response, request, metadata in zip(records[1::3], records[2::3], records[3::3], strict=True):
        response_id = response[1]["WARC-Record-ID"]
        assert request[1]["WARC-Concurrent-To"] == response_id == metadata[1]["WARC-Concurrent-To"]
        assert request[1]["WARC-Target-URI"] == response[1]["WARC-Target-URI"]
        meta = json.loads(metadata[2])
        assert meta["profile"] == METADATA_PROFILE and meta["response_record"] == response_id
        assert meta["capture"]["final_url"] == response[1]["WARC-Target-URI"]
        assert meta["version"] >= 1 and len(meta["story_id"]) == 16 and meta["outlet"]["key"]
        stamp = response[1]["WARC-Date"][:19].replace("-", "").replace(":", "").replace("T", "")
        assert response[2] == bodies[f"{response[1]['WARC-Target-URI']} {stamp}"]  # payload == captured body


def test_cdxj_indexer_indexes_every_page(fixture_warc: tuple[Path, dict[str, bytes]]) -> None:
    path, bodies = fixture_warc
    pages = [(fields["url"], stamp) for _, stamp, fields in cdxj_index(path) if fields.get("mime") == "text/html"]
    assert sorted(f"{url} {stamp}" for url, stamp in pages) == sorted(bodies)
    assert all(fields.get("status") == "200" for _, _, fields in cdxj_index(path) if "status" in fields)


@pytest.mark.parametrize("replayer", [pytest.param(r, marks=pytest.mark.slow) if r == "pywb" else r
                                      for r in replayers()])
def test_replayed_pages_are_the_captured_bytes(replayer: str, fixture_warc: tuple[Path, dict[str, bytes]],
                                               tmp_path: Path) -> None:
    path, bodies = fixture_warc
    with replay_server(replayer, path, tmp_path) as prefix:
        for key, body in sorted(bodies.items()):
            url, stamp = key.split(" ")
            status, headers, served = fetch(prefix, stamp, url)
            assert status == 200, key
            assert served == body, key
            assert headers["content-type"].startswith("text/html")


def test_decoded_bodies_get_no_content_encoding(archive: Archive, small: Small, tmp_path: Path) -> None:
    """The archive stores bodies decoded: a replayed page must not claim to be gzipped."""
    path = tmp_path / "small.warc"
    with archive.session() as session:
        result = export_warc(session, path, ALL)
    assert result.count == 4 and not path.read_bytes().startswith(b"\x1f\x8b")  # plain .warc, not gzipped
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                continue
            headers = dict(record.http_headers.headers)
            assert "content-encoding" not in {k.lower() for k in headers}
            assert headers["X-Archive-Orig-content-encoding"] == "gzip"
            assert int(headers["Content-Length"]) == len(record.content_stream().read())


def test_warc_export_is_byte_stable(archive: Archive, small: Small, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    when = datetime(2026, 11, 1, tzinfo=UTC)
    with archive.session() as session:
        first = export_warc(session, tmp_path / "a" / "s.warc.gz", ALL, now=when)
        second = export_warc(session, tmp_path / "b" / "s.warc.gz", ALL, now=when)
    assert first.sha256 != "" and first.sha256 == second.sha256
