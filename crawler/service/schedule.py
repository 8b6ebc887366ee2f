"""The poll schedule in the archive database: which outlets are due, who polls them, how polls went.

Everything here is a small function over a session, shared by the service (``run``), its crawl
worker and ``newsarchive status``. Claims are one conditional UPDATE each: the database decides
which of several `run` processes gets an outlet (PostgreSQL re-checks the condition on the locked
row, SQLite serialises writers), so no process ever reads-then-writes a claim.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from archive.models import Article, PollSchedule, Source
from archive.schedule import DueItem, schedule
from archive.upsert import insert_or_ignore
from crawler.service.policy import (
    ListingFailure,
    PollPolicy,
    failing_after,
    next_interval,
)

__all__ = ["writing", "PollResult", "sync_outlets", "postpone", "claim", "release", "release_dead_claims", "due_outlets",
           "next_poll_due", "record_poll", "new_articles_since", "due_revisits", "failing_listings",
           "pid_alive", "RevisitOutlook", "revisit_outlook"]


@dataclass(slots=True)
class PollResult:
    """What one poll of one outlet did, as the supervisor saw it after the cycle."""

    outlet: str
    started_at: datetime
    finished_at: datetime
    polled: set[str] = field(default_factory=set)  # listing URLs the poll read (or tried to)
    failed: dict[str, str] = field(default_factory=dict)  # listing URL -> why it failed
    new_articles: int = 0

    @property
    def outcome(self) -> str:
        if not self.failed:
            return "ok"
        return "failed" if set(self.failed) >= self.polled else "partial"


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction; on SQLite it takes the write lock up front (BEGIN
    IMMEDIATE), so a read-then-write never fails on a snapshot another writer moved on."""
    with engine.connect() as connection:
        connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        with Session(bind=connection, expire_on_commit=False) as session, session.begin():
            yield session


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    return or_(PollSchedule.claimed_by.is_(None), PollSchedule.claimed_until < now)


def sync_outlets(session: Session, keys: Iterable[str], now: datetime, policy: PollPolicy) -> int:
    """Give every outlet of the sources file a schedule row (due now); returns how many were new."""
    wanted = list(dict.fromkeys(keys))
    have = set(session.scalars(select(PollSchedule.outlet).where(PollSchedule.outlet.in_(wanted))))
    missing = [key for key in wanted if key not in have]
    for key in missing:  # insert-or-ignore: another `run` starting at the same time may add it too
        insert_or_ignore(session, PollSchedule, {
            "outlet": key, "interval_s": policy.first_interval, "next_poll_at": now, "last_new": 0,
            "polls": 0, "failures": 0, "listings": {}, "updated_at": now}, keys=["outlet"])
    return len(missing)


def claim(session: Session, key: str, me: str, now: datetime, lease: timedelta) -> bool:
    """Take the outlet for ``lease`` unless another live process holds it; True when taken."""
    result = session.execute(
        update(PollSchedule).where(PollSchedule.outlet == key, _unclaimed(now))
        .values(claimed_by=me, claimed_until=now + lease).execution_options(synchronize_session=False))
    return bool(getattr(result, "rowcount", 0))


def release(session: Session, keys: Iterable[str], me: str) -> None:
    """Hand the outlets back (their schedule unchanged: what was due stays due)."""
    wanted = list(keys)
    if wanted:
        session.execute(update(PollSchedule).where(PollSchedule.outlet.in_(wanted), PollSchedule.claimed_by == me)
                        .values(claimed_by=None, claimed_until=None).execution_options(synchronize_session=False))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def release_dead_claims(session: Session, me: str, alive: Callable[[int], bool] = pid_alive) -> list[str]:
    """Release claims of processes on this host that are gone (a SIGKILL'd service), so a restart
    need not wait for their leases to lapse; returns the outlets released. Identities are
    ``host:pid:nonce``; a claim with this process's pid but another nonce is a dead predecessor's
    (containers reuse pids)."""
    host, pid, _ = (me.split(":") + ["", ""])[:3]
    released = []
    for row in session.scalars(select(PollSchedule).where(PollSchedule.claimed_by.like(f"{host}:%"))):
        owner = row.claimed_by or ""
        owner_pid = (owner.split(":") + [""])[1]
        if owner == me or not owner_pid.isdigit():
            continue
        if owner_pid == pid or not alive(int(owner_pid)):
            row.claimed_by, row.claimed_until = None, None
            released.append(row.outlet)
    session.flush()
    return released


def due_outlets(session: Session, keys: Iterable[str], now: datetime) -> list[str]:
    """Outlets among ``keys`` whose poll is due and that no live process holds, most overdue first."""
    stmt = (select(PollSchedule.outlet).where(PollSchedule.outlet.in_(list(keys)), PollSchedule.next_poll_at <= now,
                                              _unclaimed(now))
            .order_by(PollSchedule.next_poll_at, PollSchedule.outlet))
    return list(session.scalars(stmt))


def next_poll_due(session: Session, keys: Iterable[str], now: datetime) -> datetime | None:
    """The soonest poll among ``keys`` that no live process holds."""
    return session.scalar(select(func.min(PollSchedule.next_poll_at))
                          .where(PollSchedule.outlet.in_(list(keys)), _unclaimed(now)))


def postpone(session: Session, key: str, until: datetime) -> None:
    """Every listing of the outlet is backing off: poll it next when the first may be retried."""
    session.execute(update(PollSchedule).where(PollSchedule.outlet == key).values(next_poll_at=until)
                    .execution_options(synchronize_session=False))


def failing_listings(row: PollSchedule) -> dict[str, ListingFailure]:
    return {url: ListingFailure.from_json(data) for url, data in (row.listings or {}).items()}


def record_poll(session: Session, result: PollResult, me: str, policy: PollPolicy,
                entry_listings: set[str]) -> PollSchedule:
    """Store a finished poll: the adapted interval, the next poll, the failing listings; and release
    the claim. ``entry_listings`` are the outlet's feeds and sitemaps as the sources file lists them."""
    row = session.scalars(select(PollSchedule).where(PollSchedule.outlet == result.outlet)).one()
    now = result.finished_at
    failing = failing_after(failing_listings(row), result.polled, result.failed, now, policy)
    row.polls += 1
    row.last_poll_at = result.started_at
    row.last_duration_s = (result.finished_at - result.started_at).total_seconds()
    row.last_outcome = result.outcome
    row.last_new = result.new_articles
    if result.outcome == "failed":
        row.failures += 1  # the interval stays: a failure says nothing about how often it publishes
        row.last_error = "; ".join(f"{url}: {why}" for url, why in sorted(result.failed.items()))[:2000]
    else:
        row.failures = 0
        row.last_error = None
        row.interval_s = next_interval(row.interval_s, result.new_articles, policy)
    row.listings = {url: state.to_json() for url, state in sorted(failing.items())}
    next_at = now + timedelta(seconds=row.interval_s)
    waiting = [failing[url].retry_at for url in entry_listings if url in failing]
    if entry_listings and len(waiting) == len(entry_listings):
        next_at = max(next_at, min(waiting))  # every listing is backing off: wake for the first retry
    row.next_poll_at = next_at
    row.updated_at = now
    if row.claimed_by == me:
        row.claimed_by, row.claimed_until = None, None
    session.flush()
    return row


def new_articles_since(session: Session, keys: Iterable[str], since: datetime) -> dict[str, int]:
    """Outlet key -> articles first seen at or after ``since``."""
    stmt = (select(Source.key, func.count(Article.id)).join(Article, Article.source_id == Source.id)
            .where(Source.key.in_(list(keys)), Article.first_seen_at >= since).group_by(Source.key))
    return {key: int(count) for key, count in session.execute(stmt)}


def due_revisits(session: Session, *, now: datetime | None = None, outlets: Iterable[str] | None = None,
                 factor: float = 1.0, limit: int | None = None) -> list[DueItem]:
    """Archived articles whose revisit time has come, most overdue first; ``factor`` scales every
    revisit interval of archive.schedule (0.5: twice as often)."""
    now = now or datetime.now(UTC)
    due = [item for item in schedule(session, now=now, outlets=outlets)
           if item.last_checked + item.interval * factor <= now]
    due.sort(key=lambda i: (i.last_checked + i.interval * factor, i.article_id))
    return due[:limit] if limit is not None else due


@dataclass(frozen=True, slots=True)
class RevisitOutlook:
    """Revisits due now per outlet, and when the next one comes due (one pass over the schedule)."""

    due: dict[str, int]
    next_at: datetime | None


def revisit_outlook(session: Session, *, now: datetime, outlets: Iterable[str], factor: float) -> RevisitOutlook:
    due: dict[str, int] = {}
    upcoming: datetime | None = None
    for item in schedule(session, now=now, outlets=list(outlets)):
        at = item.last_checked + item.interval * factor
        if at <= now:
            due[item.outlet] = due.get(item.outlet, 0) + 1
        elif upcoming is None or at < upcoming:
            upcoming = at
    return RevisitOutlook(due, upcoming)
