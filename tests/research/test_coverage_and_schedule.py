"""Coverage counts (a syndicated story counts once among clusters) and the revisit schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from archive.coverage import coverage, period_of
from archive.coverage_plot import plot_coverage
from archive.db import Archive
from archive.schedule import (
    MIN_INTERVAL,
    conditional_headers,
    due_now,
    revisit_interval,
    revisit_state,
    schedule,
)
from archive.search import SearchSyntaxError
from tests.research.builders import BODY, COURIER, HERALD, LEDGER, T0, make_capture, make_story, record
from tests.research.test_clusters import FLOOD, WIRE_COPY


def _on(day: int) -> datetime:
    return datetime(2026, 10, day, 9, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def covered(archive: Archive) -> Archive:
    record(archive, make_capture(make_story("https://herald.example/s", source=HERALD, headline="Strike",
                                            published_at=_on(5))))
    record(archive, make_capture(make_story("https://ledger.example/s", source=LEDGER, headline="Dock strike",
                                            body=WIRE_COPY, published_at=_on(5)), minutes=2))
    record(archive, make_capture(make_story("https://courier.example/s", source=COURIER, headline="Strike goes on",
                                            body=WIRE_COPY[:3], published_at=_on(13)), minutes=4))
    record(archive, make_capture(make_story("https://courier.example/f", source=COURIER, headline="Flood plan",
                                            body=FLOOD, published_at=_on(13)), minutes=6))
    return archive


def test_by_day_counts_stories_and_distinct_stories(covered: Archive) -> None:
    with covered.session() as session:
        rows = {(r.period, r.outlet): (r.stories, r.clusters) for r in coverage(session, "strike", "day")}
    assert rows == {
        ("2026-10-05", "herald"): (1, 1), ("2026-10-05", "ledger"): (1, 1), ("2026-10-05", None): (2, 1),
        ("2026-10-13", "courier"): (1, 1), ("2026-10-13", None): (1, 1),
    }


def test_by_week_and_outlet(covered: Archive) -> None:
    with covered.session() as session:
        weeks = [(r.period, r.stories, r.clusters) for r in coverage(session, "strike", "week") if r.outlet is None]
        assert weeks == [("2026-W41", 2, 1), ("2026-W42", 1, 1)]
        outlets = {r.outlet: (r.stories, r.clusters) for r in coverage(session, "", "outlet")}
        assert outlets == {"courier": (2, 2), "herald": (1, 1), "ledger": (1, 1), None: (4, 2)}
        assert [r.outlet for r in coverage(session, "strike", "outlet", outlet="ledger")] == ["ledger", None]
        assert coverage(session, "nothingatall", "day") == []
        with pytest.raises(SearchSyntaxError):
            coverage(session, "strike OR", "day")
        with pytest.raises(ValueError, match="--by"):
            coverage(session, "strike", "month")


def test_plot_writes_a_png(covered: Archive, tmp_path: Path) -> None:
    with covered.session() as session:
        for by in ("day", "outlet"):
            path = plot_coverage(coverage(session, "strike", by), by, tmp_path / f"{by}.png", "strike")
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_period_labels() -> None:
    when = datetime(2026, 10, 5, 23, 30, tzinfo=timezone(timedelta(hours=-2)))  # already the 6th in UTC
    assert period_of(when, "day") == "2026-10-06" and period_of(when, "week") == "2026-W41"


def test_interval_backs_off_with_age_and_tightens_after_a_change() -> None:
    now = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
    ages = [timedelta(minutes=30), timedelta(hours=6), timedelta(days=1), timedelta(days=5), timedelta(days=20),
            timedelta(days=90)]
    intervals = [revisit_interval(now, now - age, None)[0] for age in ages]
    assert intervals[0] == timedelta(minutes=15) and intervals[-1] == timedelta(days=14)
    assert intervals == sorted(intervals) and len(set(intervals)) == len(intervals)
    settled = revisit_interval(now, now - timedelta(days=5), None)[0]
    changed, why = revisit_interval(now, now - timedelta(days=5), now - timedelta(hours=2))
    assert changed == timedelta(minutes=30) < settled and "changed" in why
    assert revisit_interval(now, now - timedelta(days=5), now - timedelta(minutes=5))[0] == MIN_INTERVAL
    assert revisit_interval(now, now, None, gone=True)[0] == timedelta(days=7)


def test_schedule_from_the_archive(archive: Archive) -> None:
    story = make_story(published_at=T0 - timedelta(minutes=30))
    record(archive, make_capture(story))
    old = make_story("https://ledger.example/old", source=LEDGER, published_at=T0 - timedelta(days=20))
    record(archive, make_capture(old, minutes=1))
    with archive.session() as session:
        items = schedule(session, now=T0 + timedelta(minutes=5))
        assert [i.url for i in items] == [story.canonical_url, old.canonical_url]
        young, aged = items
        assert young.interval == timedelta(minutes=15) and young.due_at == T0 + timedelta(minutes=15)
        assert aged.interval == timedelta(days=2) and young.etag == '"v0"'
        assert conditional_headers(young) == {"If-None-Match": '"v0"'}
        assert due_now(session, now=T0 + timedelta(minutes=5)) == []
        assert [i.url for i in due_now(session, now=T0 + timedelta(minutes=20))] == [story.canonical_url]
        assert len(due_now(session, now=T0, everything=True)) == 2
        assert [i.outlet for i in schedule(session, now=T0, outlets=["ledger"])] == ["ledger"]
        state = revisit_state(session, [old.canonical_url, "https://x.example/"], now=T0)
        assert list(state) == [old.canonical_url]
    edited = make_story(published_at=T0 - timedelta(minutes=30), headline="Changed", body=BODY[:4])
    record(archive, make_capture(edited, minutes=60))
    with archive.session() as session:
        item = schedule(session, now=T0 + timedelta(minutes=61))[0]
        assert item.versions == 2 and item.last_changed == T0 + timedelta(minutes=60)
        assert item.interval == MIN_INTERVAL and "changed" in item.reason


def test_counts_in_sql_match_labels_filters_and_several_bys(covered: Archive) -> None:
    from archive.coverage import coverage_by

    # Monday 28 December 2026 and Friday 1 January 2027 fall in the same ISO week, 2026-W53.
    for n, when in enumerate((datetime(2026, 12, 28, 23, 30, tzinfo=UTC), datetime(2027, 1, 1, 1, 0, tzinfo=UTC))):
        story = make_story(f"https://herald.example/ny{n}", source=HERALD, headline="New year strike",
                           published_at=when, language="en-GB", section="Politics")
        record(covered, make_capture(story, minutes=10 + n))
    with covered.session() as session:
        weeks = {(r.period, r.outlet): r.stories for r in coverage(session, "strike", "week")}
        assert weeks[("2026-W53", "herald")] == 2 and weeks[("2026-W53", None)] == 2
        days = [r.period for r in coverage(session, "strike", "day") if r.outlet is None]
        assert days == sorted(days) and "2026-12-28" in days and "2027-01-01" in days
        both = coverage_by(session, "strike", ("day", "outlet"))
        assert both["day"] == coverage(session, "strike", "day")
        assert both["outlet"] == coverage(session, "strike", "outlet")
        # Filters mean what they mean in search: a language takes its regional tags; case is ignored.
        assert [(r.outlet, r.stories) for r in coverage(session, "strike", "outlet", language="en")
                if r.outlet == "herald"] == [("herald", 3)]
        assert [r.stories for r in coverage(session, "", "outlet", section="POLITICS") if r.outlet is None] == [2]
        assert coverage(session, "strike", "outlet", outlet="nosuchoutlet") == []
