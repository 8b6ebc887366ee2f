"""record_capture: new article, unchanged, new version, errors, blobs, offsets and atomicity."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from archive import models, queries, versioning
from archive.blob_store import get_blob
from archive.db import Archive
from archive.story import FieldProvenance
from archive.versioning import record_capture


def _record(archive: Archive, capture: Any) -> versioning.RecordResult:
    with archive.session() as session:
        return record_capture(session, capture)


def test_new_article_stores_article_version_derivation_and_blob(archive: Archive, build: Any,
                                                                rows: Any) -> None:
    capture = build.capture(build.story())
    result = _record(archive, capture)
    assert (result.outcome, result.version_number) == ("new_article", 1)
    assert result.story_id == capture.story.id and result.blob_sha256 is not None
    with archive.session() as session:
        assert [rows(session, m) for m in (models.Source, models.Article, models.Version, models.Capture,
                                           models.Derivation, models.Blob)] == [1, 1, 1, 1, 1, 1]
        article = session.scalars(select(models.Article)).one()
        assert article.story_id == capture.story.id and article.last_version_number == 1
        stored = session.get(models.Capture, result.capture_id)
        assert stored is not None and stored.outcome == "new_article" and stored.version_id is not None
        assert stored.headers == capture.headers and stored.discovered_via == "feeds"
        assert get_blob(session, result.blob_sha256) == capture.body
        found = queries.get_story(session, capture.story.canonical_url)
    assert found is not None and found.story == capture.story


def test_unchanged_recapture_adds_a_capture_not_a_version(archive: Archive, build: Any, rows: Any) -> None:
    story = build.story()
    first = _record(archive, build.capture(story))
    second = _record(archive, build.capture(story, minutes=30))
    assert (second.outcome, second.version_number, second.article_id) == ("unchanged", 1, first.article_id)
    with archive.session() as session:
        assert (rows(session, models.Capture), rows(session, models.Version)) == (2, 1)
        assert rows(session, models.Derivation) == 1
        article = session.scalars(select(models.Article)).one()
        assert article.first_seen_at == build.t0 and article.last_seen_at == build.t0 + timedelta(minutes=30)
        [info] = queries.history(session, story.id)
    assert info.captures == 2 and info.captured_at == build.t0


def test_changed_body_makes_version_two(archive: Archive, build: Any, rows: Any) -> None:
    _record(archive, build.capture(build.story()))
    changed = build.story(body=[*build.story().body, "A late paragraph was added."])
    result = _record(archive, build.capture(changed, minutes=60))
    assert (result.outcome, result.version_number) == ("new_version", 2)
    with archive.session() as session:
        assert (rows(session, models.Article), rows(session, models.Version)) == (1, 2)
        latest = queries.get_story(session, changed.id)
        first = queries.get_story(session, changed.id, version=1)
    assert latest is not None and latest.version == 2
    assert latest.story.body[-1] == "A late paragraph was added."
    assert first is not None and len(first.story.body) == 3 and latest.versions == 2


def test_same_instant_in_another_offset_is_unchanged(archive: Archive, build: Any) -> None:
    story = build.story()
    _record(archive, build.capture(story))
    utc_copy = replace(story, published_at=story.published_at.astimezone(UTC))
    assert _record(archive, build.capture(utc_copy, minutes=5)).outcome == "unchanged"


def test_new_derived_fields_add_a_derivation_not_a_version(archive: Archive, build: Any, rows: Any) -> None:
    story = build.story()
    _record(archive, build.capture(story))
    rederived = replace(story, summary="A better summary.",
                        provenance={**story.provenance, "summary": FieldProvenance("extractive", "2"),
                                    "bullets": FieldProvenance("extractive", "2")})
    assert _record(archive, build.capture(rederived, minutes=5)).outcome == "unchanged"
    with archive.session() as session:
        assert (rows(session, models.Version), rows(session, models.Derivation)) == (1, 2)
        found = queries.get_story(session, story.id)
        original = session.scalars(select(models.Derivation).order_by(models.Derivation.id)).first()
    assert found is not None and found.story.summary == "A better summary."
    assert found.generator == "extractive-v2"
    assert original is not None and original.summary == story.summary  # never rewritten


def test_error_capture_stores_no_version(archive: Archive, build: Any, rows: Any) -> None:
    result = _record(archive, build.capture(None, error_kind="http_404", error_detail="Not Found"))
    assert (result.outcome, result.article_id, result.version_number) == ("error", None, None)
    with archive.session() as session:
        assert [rows(session, m) for m in (models.Version, models.Article, models.Capture)] == [0, 0, 1]
        stored = session.get(models.Capture, result.capture_id)
    assert stored is not None
    assert (stored.error_kind, stored.status, stored.outcome) == ("http_404", 404, "error")


def test_error_on_a_known_article_is_attached_to_it(archive: Archive, build: Any) -> None:
    story = build.story()
    ok = _record(archive, build.capture(story))
    gone = build.capture(None, url=story.canonical_url, error_kind="http_410", minutes=90)
    result = _record(archive, gone)
    assert result.outcome == "error" and result.article_id == ok.article_id and result.version_number is None


def test_same_html_is_stored_once(archive: Archive, build: Any, rows: Any) -> None:
    html = b"<html><body>" + b"same page " * 500 + b"</body></html>"
    one = _record(archive, build.capture(build.story(), html=html))
    two = _record(archive, build.capture(build.story("https://herald.example/other"), html=html, minutes=1))
    three = _record(archive, build.capture(build.story(), html=html + b"<!-- x -->", minutes=2))
    assert one.blob_sha256 is not None and one.blob_sha256 == two.blob_sha256 != three.blob_sha256
    with archive.session() as session:
        assert rows(session, models.Blob) == 2
        blob = session.get(models.Blob, one.blob_sha256)
        assert blob is not None and blob.size == len(html) and len(blob.data) < len(html) // 10
        assert get_blob(session, one.blob_sha256) == html


def test_offsets_round_trip(archive: Archive, build: Any) -> None:
    india, new_york = timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-4))
    story = build.story(published_at=datetime(2026, 3, 1, 23, 45, tzinfo=india),
                        updated_at=datetime(2026, 3, 1, 14, 20, tzinfo=new_york))
    _record(archive, build.capture(story))
    with archive.session() as session:
        found = queries.get_story(session, story.id)
        stored = session.scalars(select(models.Version)).one()
    assert found is not None and found.story.published_at and found.story.updated_at
    assert found.story.published_at.isoformat() == "2026-03-01T23:45:00+05:30"
    assert found.story.updated_at.isoformat() == "2026-03-01T14:20:00-04:00"
    assert (stored.published_offset_min, stored.updated_offset_min) == (330, -240)
    assert stored.published_at == datetime(2026, 3, 1, 18, 15, tzinfo=UTC)


def test_failure_mid_record_leaves_nothing(archive: Archive, build: Any, rows: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(versioning, "_add_derivation", broken)
    with pytest.raises(RuntimeError), archive.session() as session:
        record_capture(session, build.capture(build.story()))
    with archive.session() as session:
        assert [rows(session, m) for m in (models.Source, models.Article, models.Version, models.Capture,
                                           models.Blob, models.Derivation)] == [0, 0, 0, 0, 0, 0]


def test_failure_keeps_earlier_work_of_the_same_session(archive: Archive, build: Any, rows: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller that catches the error and commits keeps whole captures only (the savepoint)."""
    with archive.session() as session:
        record_capture(session, build.capture(build.story()))
        monkeypatch.setattr(versioning, "_add_derivation", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            record_capture(session, build.capture(build.story("https://herald.example/second")))
    with archive.session() as session:
        assert [rows(session, m) for m in (models.Article, models.Capture, models.Version)] == [1, 1, 1]
        assert rows(session, models.Blob) == 1


def test_outlet_rename_follows_the_sources_file(archive: Archive, build: Any) -> None:
    _record(archive, build.capture(build.story()))
    renamed = replace(build.herald, name="The New Harbour Herald")
    _record(archive, build.capture(build.story(source=renamed), minutes=5))
    with archive.session() as session:
        source = session.scalars(select(models.Source)).one()
    assert source.name == "The New Harbour Herald" and source.language == "en"
