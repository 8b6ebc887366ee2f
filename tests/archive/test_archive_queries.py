"""The read side: list, get, history, streaming and the summary, on a small hand-built archive."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from archive import queries
from archive.db import Archive
from archive.versioning import record_capture

FLOOD = "https://herald.example/world/flood-defences"
BRIDGE = "https://herald.example/local/bridge"
FERRY = "https://courier.example/news/ferry"


@pytest.fixture
def filled(archive: Archive, build: Any) -> Archive:
    """Three articles on two outlets; the flood story has two versions; one error capture."""
    flood = build.story(FLOOD, published_at=datetime(2026, 10, 5, 8, 0, tzinfo=UTC))
    bridge = build.story(BRIDGE, headline="Bridge closes for repairs",
                         body=["Traffic will divert 100% of the time."],
                         published_at=datetime(2026, 10, 3, 12, 0, tzinfo=UTC), section="Local")
    ferry = build.story(FERRY, source=build.courier, headline="Ferry fares rise", language="ga",
                        body=["Fares on the island ferry rise by a fifth.", "Islanders object."],
                        published_at=datetime(2026, 10, 4, 7, 30, tzinfo=UTC))
    captures = [
        build.capture(flood),
        build.capture(bridge, minutes=1),
        build.capture(ferry, minutes=2, url="https://courier.example/r/123"),  # redirected to canonical
        build.capture(flood, minutes=30),
        build.capture(replace(flood, headline="Council approves £12m flood defences"), minutes=60),
        build.capture(None, url="https://herald.example/gone", error_kind="http_404", minutes=61),
        build.capture(None, url="https://herald.example/slow", error_kind="timeout", status=None, minutes=62),
    ]
    with archive.session() as session:
        for capture in captures:
            record_capture(session, capture)
    return archive


def test_list_stories_latest_versions_newest_first(filled: Archive) -> None:
    with filled.session() as session:
        rows = queries.list_stories(session)
    assert [r.story.canonical_url for r in rows] == [FLOOD, FERRY, BRIDGE]
    assert rows[0].version == 2 and rows[0].headline == "Council approves £12m flood defences"
    assert rows[0].outlet == "herald" and rows[0].story_id == rows[0].story.id
    assert rows[0].to_dict()["version"] == 2 and rows[0].to_dict()["article_id"] == rows[0].article_id


@pytest.mark.parametrize(("filters", "expected"), [
    ({"outlet": "courier"}, [FERRY]),
    ({"outlet": "nobody"}, []),
    ({"language": "ga"}, [FERRY]),
    ({"since": datetime(2026, 10, 4)}, [FLOOD, FERRY]),
    ({"until": datetime(2026, 10, 4, 7, 30, tzinfo=UTC)}, [BRIDGE]),
    ({"text": "FLOOD"}, [FLOOD]),
    ({"text": "islanders"}, [FERRY]),  # in the body only
    ({"text": "£12m"}, [FLOOD]),
    ({"text": "100%"}, [BRIDGE]),  # LIKE wildcards are searched for literally
    ({"text": "%"}, [BRIDGE]),
    ({"limit": 1, "offset": 1}, [FERRY]),
])
def test_list_stories_filters(filled: Archive, filters: dict[str, Any], expected: list[str]) -> None:
    with filled.session() as session:
        assert [r.story.canonical_url for r in queries.list_stories(session, **filters)] == expected


def test_get_story_by_id_url_or_captured_url(filled: Archive, build: Any) -> None:
    with filled.session() as session:
        by_url = queries.get_story(session, FLOOD)
        assert by_url is not None and by_url.version == 2 and by_url.versions == 2
        by_id = queries.get_story(session, by_url.story_id)
        assert by_id is not None and by_id.version_id == by_url.version_id
        redirected = queries.get_story(session, "https://courier.example/r/123")
        assert redirected is not None and redirected.story.canonical_url == FERRY
        first = queries.get_story(session, FLOOD, version=1)
        assert first is not None and first.story.headline == "Council approves flood defences"
        assert first.captured_at == build.t0 and first.generator == "extractive-v1"
        assert queries.get_story(session, FLOOD, version=3) is None
        assert queries.get_story(session, "https://nowhere.example/") is None
        assert queries.get_story(session, "0123456789abcdef") is None


def test_history_counts_captures_per_version(filled: Archive, build: Any) -> None:
    with filled.session() as session:
        versions = queries.history(session, FLOOD)
        assert queries.history(session, "https://nowhere.example/") == []
    assert [(v.number, v.captures) for v in versions] == [(1, 2), (2, 1)]
    assert versions[1].headline == "Council approves £12m flood defences"
    assert versions[0].captured_at == build.t0 and versions[0].content_hash != versions[1].content_hash


def test_iter_versions_streams_in_stable_order(filled: Archive) -> None:
    with filled.session() as session:
        latest = [(v.story.canonical_url, v.version) for v in queries.iter_versions(session, batch_size=1)]
        every = [(v.story.canonical_url, v.version)
                 for v in queries.iter_versions(session, latest_only=False)]
        herald = [v.outlet for v in queries.iter_versions(session, outlet="herald")]
    assert latest == [(FERRY, 1), (BRIDGE, 1), (FLOOD, 2)]
    assert every == [(FERRY, 1), (BRIDGE, 1), (FLOOD, 1), (FLOOD, 2)]
    assert herald == ["herald", "herald"]


def test_summary_counts(filled: Archive) -> None:
    with filled.session() as session:
        counts = queries.summary(session)
    assert (counts.sources, counts.articles, counts.captures, counts.versions) == (2, 3, 7, 4)
    assert counts.changed_articles == 1
    assert counts.errors_by_kind == {"http_404": 1, "timeout": 1}
    herald = next(o for o in counts.outlets if o.key == "herald")
    assert (herald.articles, herald.captures, herald.versions, herald.changed_articles, herald.errors) == \
        (2, 6, 3, 1, 2)
    assert counts.blobs >= 4 and 0 < counts.stored_bytes and counts.blob_bytes > 0


def test_summary_of_an_empty_archive(archive: Archive) -> None:
    with archive.session() as session:
        counts = queries.summary(session)
    assert (counts.articles, counts.captures, counts.errors_by_kind, counts.outlets) == (0, 0, {}, [])
