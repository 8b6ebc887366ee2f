"""Recording captures: versions only on meaningful change, flags for partial fetches and 304s, edit
classes, search documents and clusters stored with the version (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from archive import models
from archive.db import Archive
from archive.edit_log import edits_of, list_edits
from tests.research.builders import BODY, count, make_capture, make_story, record

PAYWALL = b'<html><script type="application/ld+json">{"isAccessibleForFree": false}</script></html>'


def test_volatile_only_changes_make_no_version(archive: Archive) -> None:
    story = make_story()
    assert record(archive, make_capture(story)).outcome == "new_article"
    noisy = make_story(body=["Last updated 4 min ago", *BODY, "12,940 views", "Advertisement"])
    result = record(archive, make_capture(noisy, minutes=5))
    assert result.outcome == "unchanged" and result.version_number == 1
    with archive.session() as session:
        assert count(session, models.Version) == 1


def test_a_new_version_is_classified_and_indexed(archive: Archive) -> None:
    story = make_story()
    record(archive, make_capture(story))
    assert story.updated_at is not None
    edited = make_story(headline="Dock strike leaves ships stranded off Kingsbridge",
                        body=[*BODY, "Correction: An earlier version gave the wrong pay offer."],
                        updated_at=story.updated_at + timedelta(hours=1))
    result = record(archive, make_capture(edited, minutes=30))
    assert result.outcome == "new_version" and result.edits == ("headline_rewrite", "correction", "modified_bump")
    with archive.session() as session:
        entries = edits_of(session, result.article_id or 0)
        assert [e.kinds for e in entries] == [["headline_rewrite", "correction", "modified_bump"]]
        assert entries[0].details["headline_rewrite"]["old"] == story.headline
        doc = session.get(models.SearchDoc, result.article_id)
        assert doc is not None and doc.version_number == 2 and doc.headline == edited.headline
        assert list_edits(session, kind="correction")[0].version == 2
        assert list_edits(session, kind="byline_change") == []


def test_stealth_edit_is_stored(archive: Archive) -> None:
    story = make_story()
    record(archive, make_capture(story))
    stealthy = make_story(body=[BODY[0], BODY[1] + " Members voted 91% in favour.", *BODY[2:]])
    result = record(archive, make_capture(stealthy, minutes=10))
    assert result.edits == ("paragraph_rewritten", "stealth_edit")
    with archive.session() as session:
        assert [e.stealth for e in list_edits(session, kind="stealth_edit")] == [True]


def test_truncated_and_paywalled_fetches_keep_the_version(archive: Archive) -> None:
    story = make_story()
    first = record(archive, make_capture(story))
    cut = make_story(body=[BODY[0], BODY[1][:50]])
    truncated = record(archive, make_capture(cut, minutes=5))
    assert (truncated.outcome, truncated.flag, truncated.version_number) == ("unchanged", "truncated", 1)
    teaser = make_story(body=BODY[:1])
    paywalled = record(archive, make_capture(teaser, minutes=10, html=PAYWALL))
    assert (paywalled.outcome, paywalled.flag) == ("unchanged", "paywalled")
    with archive.session() as session:
        assert count(session, models.Version) == 1
        flags = {row.capture_id: row.flag for row in session.scalars(select(models.CaptureFlag))}
        assert flags == {truncated.capture_id: "truncated", paywalled.capture_id: "paywalled"}
        row = session.get(models.Capture, paywalled.capture_id)
        assert row is not None and row.version_id is not None and row.article_id == first.article_id
    # The full text again: still the same version, no "huge deletion" ever recorded.
    assert record(archive, make_capture(story, minutes=15)).outcome == "unchanged"


def test_first_sight_behind_a_paywall_is_kept_and_flagged(archive: Archive) -> None:
    result = record(archive, make_capture(make_story(body=BODY[:1]), html=PAYWALL))
    assert (result.outcome, result.flag) == ("new_article", "paywalled")


def test_304_is_an_unchanged_capture_of_the_last_body(archive: Archive) -> None:
    story = make_story()
    first = record(archive, make_capture(story))
    not_modified = make_capture(None, minutes=20, url=story.canonical_url, status=304, body=b"",
                                headers={"etag": '"v0"'}, error_kind=None, source=story.source)
    result = record(archive, not_modified)
    assert (result.outcome, result.flag, result.version_number) == ("unchanged", "not_modified", 1)
    assert result.blob_sha256 == first.blob_sha256 and result.article_id == first.article_id
    with archive.session() as session:
        row = session.get(models.Capture, result.capture_id)
        assert row is not None and row.error_kind is None and row.status == 304
        assert row.version_id is not None and row.blob_sha256 == first.blob_sha256
    # The same answer as the crawler's error path gives it (http_304) is handled alike.
    again = record(archive, replace(not_modified, error_kind="http_304", error_detail="HTTP 304",
                                    fetched_at=not_modified.fetched_at + timedelta(minutes=5)))
    assert again.outcome == "unchanged" and again.flag == "not_modified"


def test_304_for_an_unknown_url_is_an_error(archive: Archive) -> None:
    result = record(archive, make_capture(None, url="https://herald.example/never-seen", status=304, body=b""))
    assert result.outcome == "error"


def test_new_derivation_updates_the_searchable_summary(archive: Archive) -> None:
    story = make_story()
    result = record(archive, make_capture(story))
    record(archive, make_capture(replace(story, summary="A brand new summary about pickets"), minutes=3))
    with archive.session() as session:
        doc = session.get(models.SearchDoc, result.article_id)
        assert doc is not None and doc.summary == "A brand new summary about pickets"


def test_paywalled_captures_are_counted_per_outlet(archive: Archive) -> None:
    from archive.paywall import paywalled_captures

    story = make_story()
    record(archive, make_capture(story))
    record(archive, make_capture(make_story(body=BODY[:1]), minutes=10, html=PAYWALL))
    with archive.session() as session:
        source_id = session.scalar(select(models.Source.id).where(models.Source.key == story.source.key))
        assert source_id is not None and paywalled_captures(session, source_id) == 1
