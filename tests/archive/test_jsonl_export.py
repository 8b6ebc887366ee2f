"""The JSON Lines export: one story per line, stable bytes, atomic writes, lossless stories."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from archive import queries
from archive.db import Archive
from archive.exporters import jsonl
from archive.exporters.jsonl import export_jsonl
from archive.story import Story
from archive.versioning import record_capture


@pytest.fixture
def stories(archive: Archive, build: Any) -> list[Story]:
    """Recorded in this order: flood v1, a courier story, flood v2."""
    flood = build.story(updated_at=datetime(2026, 10, 5, 10, 15, tzinfo=timezone(timedelta(hours=-3))))
    ferry = build.story("https://courier.example/ferry", source=build.courier, headline="Ferry fares rise")
    flood2 = replace(flood, headline="Council approves £12m flood defences")
    with archive.session() as session:
        for minutes, story in enumerate([flood, ferry, flood2]):
            record_capture(session, build.capture(story, minutes=minutes))
    return [flood, ferry, flood2]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_every_version(archive: Archive, stories: list[Story], tmp_path: Path) -> None:
    out = tmp_path / "nested" / "stories.jsonl"
    with archive.session() as session:
        result = export_jsonl(session, out, latest_only=False)
    lines = _lines(out)
    assert result.count == 3 and result.path == out
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert [(line["canonical_url"], line["version"]) for line in lines] == [
        ("https://courier.example/ferry", 1),
        ("https://herald.example/world/flood-defences", 1),
        ("https://herald.example/world/flood-defences", 2),
    ]
    assert {"version", "captured_at", "article_id", "id", "summary", "provenance"} <= set(lines[0])
    assert Story.from_dict(lines[2]) == stories[2]  # lossless, offsets included
    assert lines[2]["updated_at"] == "2026-10-05T10:15:00-03:00"
    assert "£12m" in out.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_export_latest_only_and_by_outlet(archive: Archive, stories: list[Story], tmp_path: Path) -> None:
    with archive.session() as session:
        latest = export_jsonl(session, tmp_path / "latest.jsonl")
        courier = export_jsonl(session, tmp_path / "courier.jsonl", outlet="courier")
    assert [line["version"] for line in _lines(latest.path)] == [1, 2] and latest.count == 2
    assert [line["source"]["key"] for line in _lines(courier.path)] == ["courier"]


def test_export_is_byte_stable(archive: Archive, stories: list[Story], tmp_path: Path) -> None:
    with archive.session() as session:
        first = export_jsonl(session, tmp_path / "a.jsonl", latest_only=False)
        second = export_jsonl(session, tmp_path / "b.jsonl", latest_only=False)
    assert first.sha256 == second.sha256


def test_failed_export_leaves_the_previous_file(archive: Archive, stories: list[Story], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "exports" / "stories.jsonl"
    out.parent.mkdir()
    out.write_text("previous export\n")

    def failing(session: Any, **kwargs: Any) -> Any:
        yield from list(queries.iter_versions(session, **kwargs))[:1]
        raise RuntimeError("connection lost")

    monkeypatch.setattr(jsonl, "iter_versions", failing)
    with archive.session() as session, pytest.raises(RuntimeError):
        export_jsonl(session, out)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in out.parent.iterdir()] == ["stories.jsonl"]  # no temp file left behind
