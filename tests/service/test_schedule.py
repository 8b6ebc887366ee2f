"""The poll schedule in the archive: rows per outlet, exclusive claims, lapsing leases, recorded polls.

Runs on SQLite and PostgreSQL: the claim is one conditional UPDATE, and both databases must let
exactly one of several racing `run` processes have an outlet.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from archive.db import Archive
from archive.models import PollSchedule
from archive.versioning import record_capture
from crawler.service import schedule as plan
from crawler.service.policy import PollPolicy
from tests.research.builders import make_capture, make_story

POLICY = PollPolicy(min_interval=10, max_interval=100, initial_interval=40, max_backoff=1000)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=30)


def _row(archive: Archive, key: str) -> PollSchedule:
    with archive.session() as session:
        return session.scalars(select(PollSchedule).where(PollSchedule.outlet == key)).one()


def test_every_outlet_gets_one_row_due_at_once(archive: Archive) -> None:
    with plan.writing(archive.engine) as session:
        assert plan.sync_outlets(session, ["herald", "ledger"], NOW, POLICY) == 2
    with plan.writing(archive.engine) as session:
        assert plan.sync_outlets(session, ["herald", "ledger", "courier"], NOW, POLICY) == 1
        assert plan.due_outlets(session, ["herald", "ledger", "courier"], NOW) == ["courier", "herald", "ledger"]
    assert _row(archive, "herald").interval_s == 40


def test_only_one_of_many_racing_processes_claims_an_outlet(archive: Archive) -> None:
    with plan.writing(archive.engine) as session:
        plan.sync_outlets(session, ["herald"], NOW, POLICY)
    winners: list[str] = []
    start = threading.Barrier(6)

    def contend(name: str) -> None:
        start.wait()
        with plan.writing(archive.engine) as session:
            if plan.claim(session, "herald", name, NOW, LEASE):
                winners.append(name)

    threads = [threading.Thread(target=contend, args=(f"host:{n}:x",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    with plan.writing(archive.engine) as session:
        assert plan.due_outlets(session, ["herald"], NOW) == []  # held: not due for anyone else
        assert plan.next_poll_due(session, ["herald"], NOW) is None


def test_a_claim_lapses_after_its_lease_and_a_release_hands_it_back(archive: Archive) -> None:
    with plan.writing(archive.engine) as session:
        plan.sync_outlets(session, ["herald"], NOW, POLICY)
        assert plan.claim(session, "herald", "a:1:x", NOW, LEASE)
        assert not plan.claim(session, "herald", "b:2:y", NOW + LEASE - timedelta(seconds=1), LEASE)
        assert plan.claim(session, "herald", "b:2:y", NOW + LEASE + timedelta(seconds=1), LEASE)
        plan.release(session, ["herald"], "a:1:x")  # not a's any more: nothing happens
        assert not plan.claim(session, "herald", "a:1:x", NOW + LEASE + timedelta(seconds=2), LEASE)
        plan.release(session, ["herald"], "b:2:y")
        assert plan.claim(session, "herald", "a:1:x", NOW, LEASE)
    assert _row(archive, "herald").next_poll_at == NOW  # claims never move the schedule


def test_claims_of_dead_processes_on_this_host_are_released_at_start(archive: Archive) -> None:
    with plan.writing(archive.engine) as session:
        plan.sync_outlets(session, ["herald", "ledger", "courier", "pulse"], NOW, POLICY)
        plan.claim(session, "herald", "box:111:old", NOW, LEASE)  # dead
        plan.claim(session, "ledger", "box:222:live", NOW, LEASE)  # alive
        plan.claim(session, "courier", "other:111:x", NOW, LEASE)  # another host: not ours to judge
        plan.claim(session, "pulse", "box:333:before", NOW, LEASE)  # this pid, an earlier process
    with plan.writing(archive.engine) as session:
        released = plan.release_dead_claims(session, "box:333:now", alive=lambda pid: pid in (222, 333))
    assert sorted(released) == ["herald", "pulse"]


def test_a_recorded_poll_adapts_the_interval_and_tracks_failing_listings(archive: Archive) -> None:
    feed, sitemap = "http://h/rss.xml", "http://h/sitemap.xml"
    with plan.writing(archive.engine) as session:
        plan.sync_outlets(session, ["herald"], NOW, POLICY)
        plan.claim(session, "herald", "me:1:x", NOW, LEASE)
        busy = plan.PollResult("herald", NOW, NOW + timedelta(seconds=3), {feed, sitemap}, {}, new_articles=4)
        row = plan.record_poll(session, busy, "me:1:x", POLICY, {feed, sitemap})
        assert (row.interval_s, row.polls, row.claimed_by, row.last_outcome) == (20, 1, None, "ok")
        assert row.next_poll_at == NOW + timedelta(seconds=23)

        later = NOW + timedelta(minutes=1)
        half = plan.PollResult("herald", later, later, {feed, sitemap}, {feed: "http_503"}, new_articles=0)
        row = plan.record_poll(session, half, "me:1:x", POLICY, {feed, sitemap})
        assert row.last_outcome == "partial" and row.failures == 0 and row.interval_s == 30  # the sitemap works
        assert row.listings[feed]["failures"] == 1 and row.listings[feed]["error"] == "http_503"

        down = plan.PollResult("herald", later, later, {sitemap}, {sitemap: "timeout"})
        row = plan.record_poll(session, down, "me:1:x", POLICY, {feed, sitemap})
        assert row.last_outcome == "failed" and row.failures == 1 and row.interval_s == 30
        assert "timeout" in (row.last_error or "")
        # Both listings back off now: the next poll waits for the first retry.
        retries = [datetime.fromisoformat(v["retry_at"]) for v in row.listings.values()]
        assert row.next_poll_at == max(later + timedelta(seconds=30), min(retries))

        back = plan.PollResult("herald", later, later, {feed, sitemap}, {}, new_articles=1)
        row = plan.record_poll(session, back, "me:1:x", POLICY, {feed, sitemap})
        assert row.listings == {} and row.failures == 0 and row.last_error is None


def test_due_revisits_follow_the_archive_schedule_scaled_by_the_factor(archive: Archive) -> None:
    with archive.session() as session:
        record_capture(session, make_capture(make_story()))  # fetched at T0, an article of 2026-10-05
    checked = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # two hours after publication: every 15 minutes
    with archive.session() as session:
        assert plan.due_revisits(session, now=checked + timedelta(minutes=10)) == []
        assert len(plan.due_revisits(session, now=checked + timedelta(minutes=10), factor=0.1)) == 1
        outlook = plan.revisit_outlook(session, now=checked + timedelta(minutes=1), outlets=["herald"], factor=0.1)
        assert outlook.due == {} and outlook.next_at is not None and outlook.next_at > checked
