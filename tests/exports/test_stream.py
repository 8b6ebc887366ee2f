"""The fast flat-export path reads what ``selection`` reads and writes what ``Story`` says.

JSON Lines, CSV and Parquet stream raw rows (``stream``) and build their records and columns
without ``ExportRow.story`` (``jsonline``, ``tabular``); these tests hold every filter, row, field
and time of that path to the reference path, on both backends and on the fixture-web archive.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archive.db import Archive
from archive.exporters import csv as csv_export
from archive.exporters import jsonl as jsonl_export
from archive.exporters import parquet as parquet_export
from archive.exporters import selection, stream
from archive.exporters.jsonline import record_line, source_text
from archive.exporters.schema import COLUMNS
from archive.exporters.selection import ExportFilters, iter_versions
from archive.exporters.stream import iter_batches, offset_iso, utc_datetime, utc_iso
from archive.exporters.tabular import arrow_column, batch_columns, is_time
from archive.rows import join_instant
from archive.versioning import record_capture
from tests.exports.conftest import Small, make_capture, make_story

FILTERS = [
    ExportFilters(latest_only=False), ExportFilters(), ExportFilters(outlets=("courier",)),
    ExportFilters(outlets=("courier", "herald"), latest_only=False), ExportFilters(language="fr"),
    ExportFilters(since=datetime(2026, 10, 5, tzinfo=UTC), latest_only=False),
    ExportFilters(until=datetime(2026, 10, 6, tzinfo=UTC)), ExportFilters(section="WORLD", latest_only=False),
    ExportFilters(outlets=("nobody",)),
]
_VERSION_ID = selection.COLUMN_INDEX["version_id"]


def _reference(archive: Archive, filters: ExportFilters) -> list[int]:
    with archive.session() as session:
        return [row.version_id for row in iter_versions(session, filters=filters)]


def _streamed(archive: Archive, filters: ExportFilters, per_batch: int | None = None) -> list[int]:
    with archive.session() as session:
        return [row[_VERSION_ID] for rows in iter_batches(session, filters, per_batch) for row in rows]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f.describe(), sort_keys=True))
def test_stream_selects_what_selection_selects(archive: Archive, small: Small, filters: ExportFilters) -> None:
    expected = _reference(archive, filters)
    assert _streamed(archive, filters) == expected
    assert _streamed(archive, filters, per_batch=1) == expected  # a URL range per article


def test_stream_follows_search_and_cluster_ids(archive: Archive, small: Small,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with archive.session() as session:
        herald = {row.article_id for row in iter_versions(session) if row.story.source.key == "herald"}
    monkeypatch.setattr(selection, "resolve_article_ids", lambda session, filters: herald)
    query = ExportFilters(query="anything", latest_only=False)
    expected = _reference(archive, query)
    assert len(expected) == 3
    assert _streamed(archive, query) == expected and _streamed(archive, query, per_batch=1) == expected
    monkeypatch.setattr(stream, "_IN_LIMIT", 1)  # ids checked per range instead of narrowing the paging
    assert _streamed(archive, query, per_batch=1) == expected
    monkeypatch.setattr(selection, "resolve_article_ids", lambda session, filters: set())
    assert _streamed(archive, query) == []


def _pairs(archive: Archive) -> list[tuple[selection.ExportRow, stream.RawRow]]:
    with archive.session() as session:
        rows = list(iter_versions(session, filters=ExportFilters(latest_only=False)))
        raw = [row for batch in iter_batches(session, ExportFilters(latest_only=False), 3) for row in batch]
    assert rows and len(rows) == len(raw)
    return list(zip(rows, raw, strict=True))


def test_raw_records_equal_the_story_json(opened: Archive, archive: Archive, small: Small) -> None:
    for source in (opened, archive):
        sources: dict[int, str] = {}
        for row, raw in _pairs(source):
            assert json.loads(record_line(raw, source_text(raw, sources))) == row.to_dict()
            assert record_line(raw, source_text(raw, sources)) == row.to_json()  # the same bytes


def test_columns_equal_column_get(opened: Archive, archive: Archive, small: Small) -> None:
    for source in (opened, archive):
        pairs = _pairs(source)
        columns = batch_columns([raw for _, raw in pairs])
        for column, values in zip(COLUMNS, columns, strict=True):
            expected = [column.get(row) for row, _ in pairs]
            assert arrow_column(column, values).equals(pa.array(expected, column.arrow)), column.name
            if is_time(column):  # raw as stored: text on SQLite, datetimes on PostgreSQL
                values = [None if v is None else utc_datetime(v) for v in values]
            assert list(values) == expected, column.name
    assert [list(v) for v in batch_columns([])] == [[] for _ in COLUMNS]


@pytest.mark.parametrize("raw", [
    "2026-10-05 08:00:00.000000", "2026-03-29 00:59:59.123456", "2026-10-05 08:00:00", "2026-10-05T08:00:00",
    "2026-10-05T08:00:00+00:00", datetime(2026, 10, 5, 8, 0, tzinfo=UTC),
    datetime(2026, 10, 5, 10, 0, 0, 5, tzinfo=timezone(timedelta(hours=2))),  # a PostgreSQL session's zone
])
def test_raw_times_read_as_utc_datetime_does(raw: str | datetime) -> None:
    instant = utc_datetime(raw)
    assert instant.tzinfo is UTC and utc_iso(raw) == instant.isoformat()
    for offset in (None, 0, 60, -180, 330, -59, 840):
        assert offset_iso(raw, offset) == join_instant(instant, offset).isoformat()  # type: ignore[union-attr]
    column = next(c for c in COLUMNS if c.name == "published_at")
    assert arrow_column(column, [raw, None]).equals(pa.array([instant, None], column.arrow))


def test_exports_do_not_depend_on_batch_or_group_sizes(archive: Archive, small: Small, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    awkward = make_story("https://herald.example/sport/final", headline='Cup final "tonight", 8pm\r\nlive',
                         section="Sport", body=["One, two", 'Say "three"', "Ünïcødé ✓"])
    with archive.session() as session:
        record_capture(session, make_capture(awkward, 10))
    every = ExportFilters(latest_only=False)

    def export_all(folder: str) -> dict[str, bytes]:
        out = tmp_path / folder
        with archive.session() as session:
            jsonl_export.export_jsonl(session, out / "s.jsonl", filters=every)
            csv_export.export_csv(session, out / "s.csv", every)
            parquet_export.export_parquet(session, out / "s.parquet", every)
        return {p.name: p.read_bytes() for p in out.iterdir()}

    whole = export_all("whole")
    monkeypatch.setattr(stream, "ARTICLES_PER_BATCH", 1)
    monkeypatch.setattr(jsonl_export, "_LINES_PER_WRITE", 2)
    monkeypatch.setattr(csv_export, "_ROWS_PER_WRITE", 2)
    assert export_all("pieces") == whole
    monkeypatch.setattr(parquet_export, "ROW_GROUP_SIZE", 2)  # the file's layout changes, its rows do not
    export_all("groups")
    grouped = pq.ParquetFile(tmp_path / "groups" / "s.parquet")
    assert grouped.metadata.num_row_groups == 3
    assert grouped.read().equals(pq.read_table(tmp_path / "whole" / "s.parquet"))
