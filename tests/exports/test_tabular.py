"""JSON Lines, CSV and Parquet exports, each read back by a real reader (json, csv, pandas, pyarrow)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from archive.db import Archive
from archive.exporters.csv import export_csv
from archive.exporters.jsonl import export_jsonl
from archive.exporters.parquet import export_parquet
from archive.exporters.schema import COLUMNS
from archive.exporters.selection import ExportFilters
from archive.story import Story
from tests.exports.conftest import Small

ALL = ExportFilters(latest_only=False)


def _jsonl(archive: Archive, path: Path, filters: ExportFilters = ALL) -> list[dict]:
    with archive.session() as session:
        export_jsonl(session, path, filters=filters)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_versions_and_provenance_on_the_fixture_web(opened: Archive, out: Path) -> None:
    lines = _jsonl(opened, out / "all.jsonl")
    assert len(lines) == 49  # 39 articles, 10 changed in edition 2
    assert sum(1 for line in lines if line["version"] == 2) == 10
    keys = [(line["canonical_url"], line["version"]) for line in lines]
    assert keys == sorted(keys)  # the stable order
    for line in lines:
        Story.from_dict(line)  # every line is a complete story
        assert line["capture"]["status"] == 200 and line["capture"]["discovered_via"] == "feeds"
        assert line["provenance"]["summary"]["method"] and line["source"]["name"]


def test_csv_flattens_lists_and_reads_back(archive: Archive, small: Small, out: Path) -> None:
    path = out / "stories.csv"
    with archive.session() as session:
        result = export_csv(session, path, ALL)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert result.count == len(rows) == 4
    assert list(rows[0]) == [c.name for c in COLUMNS]
    flood2 = rows[-1]
    assert flood2["headline"] == "Council approves £12m flood defences" and flood2["version"] == "2"
    assert flood2["bullets"].split("\n") == small.flood2.bullets
    assert flood2["body"].split("\n\n") == small.flood2.body
    assert flood2["authors"] == "Ada Lovelace"
    assert flood2["published_at"] == "2026-10-05T07:00:00Z" and flood2["published_utc_offset_min"] == "60"
    assert flood2["updated_utc_offset_min"] == "-180"
    assert json.loads(flood2["provenance"])["summary"]["method"] == "extractive"
    frame = pd.read_csv(path)
    assert frame.shape == (4, len(COLUMNS)) and frame["version"].tolist() == [1, 1, 1, 2]


def test_parquet_has_typed_columns_and_opens_in_pyarrow_and_pandas(opened: Archive, out: Path) -> None:
    path = out / "stories.parquet"
    with opened.session() as session:
        result = export_parquet(session, path, ALL)
    table = pq.read_table(path)
    assert table.num_rows == result.count == 49
    schema = table.schema
    assert schema.field("version").type == pa.int32()
    assert schema.field("bullets").type == pa.list_(pa.string())
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("headline").metadata[b"description"] == b"The headline."
    frame = pd.read_parquet(path)
    assert list(frame.columns) == [c.name for c in COLUMNS]
    jsonl = {(line["id"], line["version"]): line for line in _jsonl(opened, out / "x.jsonl")}
    for record in frame.to_dict("records"):
        line = jsonl[(record["story_id"], record["version"])]
        assert list(record["body"]) == line["body"] and list(record["bullets"]) == line["bullets"]
        assert record["headline"] == line["headline"] and record["outlet_name"] == line["source"]["name"]
        if line["published_at"]:
            assert record["published_at"] == pd.Timestamp(line["published_at"])
    assert json.loads(pq.read_schema(path).metadata[b"newsarchive.filters"])["versions"] == "all"


def test_parquet_of_an_empty_selection_is_still_a_valid_file(archive: Archive, small: Small, out: Path) -> None:
    path = out / "none.parquet"
    with archive.session() as session:
        result = export_parquet(session, path, ExportFilters(outlets=("nobody",)))
    assert result.count == 0 and pq.read_table(path).num_rows == 0
    assert pq.read_schema(path).names == [c.name for c in COLUMNS]


def test_exports_are_byte_stable(archive: Archive, small: Small, out: Path) -> None:
    with archive.session() as session:
        for exporter, name in ((export_csv, "stories.csv"), (export_parquet, "stories.parquet")):
            first = exporter(session, out / f"a-{name}", ALL)
            second = exporter(session, out / f"b-{name}", ALL)
            assert first.sha256 == second.sha256, name


def test_fast_json_lines_equal_the_story_json(opened: Archive, archive: Archive, small: Small) -> None:
    """JSON Lines are written straight from the columns; they must say exactly what the Story says."""
    from archive.exporters.selection import iter_versions

    for source in (opened, archive):
        with source.session() as session:
            rows = list(iter_versions(session, filters=ALL))
            assert rows
            for row in rows:
                assert json.loads(row.to_json()) == row.to_dict()
