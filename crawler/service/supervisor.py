"""The service loop: claim what is due, have the crawl worker do it, record how it went, repeat.

The supervisor itself never crawls (no reactor here): it reads and writes the poll schedule,
hands each cycle to its worker process, waits for the report with a deadline, and handles
signals. SIGTERM/SIGINT stop the service: an idle worker is closed; a busy one is asked to
finish what it has in flight, and killed if the grace period runs out; the outlets of the
interrupted cycle are handed back unchanged, so what was due stays due. A second signal stops
at once.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from archive.db import Archive
from archive.models import PollSchedule
from crawler.service import schedule as plan
from crawler.service.child import WorkerGone, WorkerProcess, worker_command
from crawler.service.metrics import Metrics
from crawler.service.policy import ListingFailure, PollPolicy, retry_delay, skipped_listings
from crawler.service.protocol import CycleJob, CycleReport
from crawler.sources import Outlet

__all__ = ["ServiceConfig", "Service", "Cycle"]

logger = logging.getLogger("newsarchive.service")
#: Longest sleep between two looks at the schedule (another process may have changed it).
IDLE_CHECK_SECONDS = 30.0
#: After a database error, wait this long before trying again.
DB_RETRY_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Everything `newsarchive run` was told."""

    database_url: str
    sources: Path
    policy: PollPolicy = field(default_factory=PollPolicy)
    grace: float = 30.0
    cycle_timeout: float = 1800.0
    revisit_factor: float = 1.0
    revisit_limit: int = 5000
    batch: int = 20  # outlets claimed per cycle, so several `run` processes share the work
    worker_cycles: int = 200  # a fresh worker process after this many cycles
    settings: dict[str, Any] = field(default_factory=dict)  # Scrapy settings for the worker
    worker_log_level: str = "WARNING"
    identity: str = ""

    @property
    def lease(self) -> timedelta:
        """How long a claim holds: past any cycle's deadline, so only a dead process's claim lapses."""
        return timedelta(seconds=self.cycle_timeout + self.grace + 60)


@dataclass(slots=True)
class Cycle:
    """The outlets one cycle works on (all claimed by this process)."""

    number: int
    poll: list[str] = field(default_factory=list)
    frontpages: list[str] = field(default_factory=list)
    revisit: dict[str, int] = field(default_factory=dict)  # outlet -> articles due
    skip: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> list[str]:
        return list(dict.fromkeys([*self.poll, *self.frontpages, *self.revisit]))


def _span(seconds: float) -> str:
    seconds = max(seconds, 0.0)
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds:.1f}s"


class Service:
    """One `newsarchive run` process."""

    def __init__(self, config: ServiceConfig, outlets: list[Outlet], archive: Archive,
                 metrics: Metrics | None = None) -> None:
        self.config = config
        self.outlets = {outlet.key: outlet for outlet in outlets}
        self.archive = archive
        self.metrics = metrics or Metrics()
        self.me = config.identity or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = threading.Event()
        self.stop_at: float | None = None
        self.force = False
        self.cycles = 0
        self.worker: WorkerProcess | None = None
        #: Outlet -> until when its revisits rest: one revisit cycle per outlet per shortest interval,
        #: so an article that stays due (robots.txt forbids it now) never makes cycles spin.
        self.revisit_rest: dict[str, datetime] = {}

    # -- signals -------------------------------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.request_stop(force=self.stop_at is not None)

    def request_stop(self, force: bool = False) -> None:
        """Stop after the current cycle (within the grace period); ``force``: stop now."""
        if self.stop_at is None:
            self.stop_at = time.monotonic()
        self.force = self.force or force
        self.wake.set()

    @property
    def stopping(self) -> bool:
        return self.stop_at is not None

    # -- the loop ------------------------------------------------------------------------------------
    def run(self, max_cycles: int | None = None) -> int:
        """Serve until stopped (or ``max_cycles`` cycles ran); returns the exit code."""
        self._prepare()
        logger.info("service %s: %d outlets, poll every %s-%s, grace %s", self.me, len(self.outlets),
                    _span(self.config.policy.min_interval), _span(self.config.policy.max_interval),
                    _span(self.config.grace))
        try:
            while not self.stopping and (max_cycles is None or self.cycles < max_cycles):
                try:
                    cycle, idle = self._plan()
                except SQLAlchemyError as exc:
                    logger.error("cannot read the schedule: %s; trying again in %s", exc, _span(DB_RETRY_SECONDS))
                    self.wake.wait(DB_RETRY_SECONDS)
                    continue
                if cycle is None:
                    self.wake.wait(idle)
                    continue
                self._run(cycle)
        finally:
            self._close_worker()
        logger.info("service %s stopped after %d cycles", self.me, self.cycles)
        return 0

    def _prepare(self) -> None:
        with plan.writing(self.archive.engine) as session:
            added = plan.sync_outlets(session, self.outlets, datetime.now(UTC), self.config.policy)
            released = plan.release_dead_claims(session, self.me)
        if added:
            logger.info("scheduled %d new outlets, polled from now on", added)
        if released:
            logger.warning("took back %s from a stopped service on this host", ", ".join(sorted(released)))

    # -- planning ------------------------------------------------------------------------------------
    def _plan(self) -> tuple[Cycle | None, float]:
        """Claim the outlets due for a poll or a revisit: the cycle, or None and how long to sleep."""
        now = datetime.now(UTC)
        with self.archive.session() as session:  # reads first: the write lock is held only to claim
            polls = plan.due_outlets(session, self.outlets, now)
            outlook = plan.revisit_outlook(session, now=now, outlets=self.outlets, factor=self.config.revisit_factor)
            earliest = plan.next_poll_due(session, self.outlets, now)
        self.metrics.record_queue(len(polls), outlook.due.values(),
                                  (now - earliest).total_seconds() if earliest else 0.0)
        ready = {k: n for k, n in outlook.due.items() if self.revisit_rest.get(k, now) <= now}
        wanted = list(dict.fromkeys([*polls, *sorted(ready, key=lambda k: -ready[k])]))
        with plan.writing(self.archive.engine) as session:
            claimed: list[str] = []
            for key in wanted:
                if len(claimed) < self.config.batch and plan.claim(session, key, self.me, now, self.config.lease):
                    claimed.append(key)
            rows = {row.outlet: row for row in session.scalars(
                select(PollSchedule).where(PollSchedule.outlet.in_(claimed)))}
            cycle = Cycle(self.cycles + 1, revisit={k: ready[k] for k in claimed if k in ready})
            for key in claimed:
                if rows[key].next_poll_at <= now:
                    self._plan_poll(session, cycle, rows[key], now)
            plan.release(session, [k for k in claimed if k not in cycle.claimed], self.me)
        if cycle.claimed:
            self.cycles += 1
            rest = now + timedelta(seconds=self.config.policy.min_interval)
            self.revisit_rest.update({key: rest for key in cycle.revisit})
            return cycle, 0.0
        wake = [t for t in (earliest, outlook.next_at) if t is not None and t > now]
        wake += [self.revisit_rest[k] for k in outlook.due if k in self.revisit_rest]
        soonest = min(wake, default=now + timedelta(seconds=IDLE_CHECK_SECONDS))
        limit = min(IDLE_CHECK_SECONDS, self.config.policy.min_interval)
        return None, min(limit, max(0.05, (soonest - now).total_seconds()))

    def _plan_poll(self, session: Any, cycle: Cycle, row: PollSchedule, now: datetime) -> None:
        outlet = self.outlets[row.outlet]
        failing = plan.failing_listings(row)
        skipped = skipped_listings(failing, now)
        entries = set(outlet.feeds) | set(outlet.sitemaps)
        if entries and entries <= skipped:
            until = min(failing[url].retry_at for url in entries)
            plan.postpone(session, row.outlet, until)
            logger.info("%s: every feed and sitemap is backing off; next try in %s", row.outlet,
                        _span((until - now).total_seconds()))
            return
        (cycle.poll if entries else cycle.frontpages).append(row.outlet)
        cycle.skip.extend(sorted(skipped & entries))

    # -- running -------------------------------------------------------------------------------------
    def _worker_process(self) -> WorkerProcess:
        if self.worker is not None and (self.worker.returncode is not None
                                        or self.worker.cycles >= self.config.worker_cycles):
            self._close_worker()
        if self.worker is None:
            command = worker_command(self.config.database_url, self.config.sources, self.config.settings,
                                     self.config.worker_log_level)
            self.worker = WorkerProcess(command)
            self.metrics.worker_starts.inc()
            logger.debug("started crawl worker pid %d", self.worker.pid)
        return self.worker

    def _close_worker(self) -> None:
        if self.worker is not None:
            self.worker.close(self.config.grace)
            self.worker = None

    def _job(self, cycle: Cycle) -> CycleJob:
        return CycleJob(cycle.number, f"svc-{uuid.uuid4().hex}", poll=cycle.poll, frontpages=cycle.frontpages,
                        revisit=list(cycle.revisit), skip=cycle.skip, revisit_factor=self.config.revisit_factor,
                        revisit_limit=self.config.revisit_limit)

    def _run(self, cycle: Cycle) -> None:
        started = datetime.now(UTC)
        logger.info("cycle %d started: poll %s; revisit %s", cycle.number,
                    ", ".join(cycle.poll + cycle.frontpages) or "nothing",
                    ", ".join(f"{k} ({n} due)" for k, n in cycle.revisit.items()) or "nothing")
        report, problem = self._await(cycle)
        finished = datetime.now(UTC)
        try:
            if report is not None and report.finished and not report.error:
                self._record(cycle, report, started, finished)
                self.metrics.record_cycle("finished", report)
                logger.info("cycle %d finished in %.1fs: %s", cycle.number, report.seconds, _outcomes(report))
            elif self.stopping and (problem is None or problem.startswith("stopped")):
                self._hand_back(cycle, problem or "stopped before it finished")
                self.metrics.record_cycle("stopped", report)
            else:
                why = problem or (report.error if report else None) or "the crawl did not finish"
                self._fail(cycle, why, finished)
                self.metrics.record_cycle("failed", report)
        except SQLAlchemyError as exc:
            logger.error("cycle %d: cannot record its outcome: %s; its outlets are polled again once their "
                         "claims lapse", cycle.number, exc)

    def _await(self, cycle: Cycle) -> tuple[CycleReport | None, str | None]:
        """The cycle's report, or None and why there is none (stopped, timed out, worker died)."""
        begun = time.monotonic()
        try:
            worker = self._worker_process()
            worker.submit(self._job(cycle))
            forwarded = False
            while True:
                report = worker.next_report(timeout=0.2)
                if report is not None:
                    return report, None
                if self.stop_at is not None:
                    if not forwarded:
                        worker.terminate()
                        forwarded = True
                    if self.force or time.monotonic() > self.stop_at + self.config.grace:
                        worker.kill()
                        return None, "stopped: the grace period ran out, fetches in flight were dropped"
                if time.monotonic() - begun > self.config.cycle_timeout:
                    worker.kill()
                    return None, f"the cycle ran past --cycle-timeout ({_span(self.config.cycle_timeout)})"
        except WorkerGone as exc:
            return None, ("stopped: " if self.stopping else "") + str(exc)

    # -- recording -----------------------------------------------------------------------------------
    def _record(self, cycle: Cycle, report: CycleReport, started: datetime, finished: datetime) -> None:
        polled = cycle.poll + cycle.frontpages
        with plan.writing(self.archive.engine) as session:
            new = plan.new_articles_since(session, polled, started)
            for key in polled:
                result = plan.PollResult(key, started, finished, set(report.polled.get(key, [])),
                                         dict(report.failed.get(key, {})), new.get(key, 0))
                before = plan.failing_listings(session.scalars(
                    select(PollSchedule).where(PollSchedule.outlet == key)).one())
                row = plan.record_poll(session, result, self.me, self.config.policy, self._entries(key))
                self._log_poll(result, row, before)
            plan.release(session, cycle.claimed, self.me)

    def _entries(self, key: str) -> set[str]:
        outlet = self.outlets[key]
        return set(outlet.feeds) | set(outlet.sitemaps) or set(outlet.frontpages)

    def _log_poll(self, result: plan.PollResult, row: PollSchedule, before: dict[str, ListingFailure]) -> None:
        failing = plan.failing_listings(row)
        for url, why in sorted(result.failed.items()):
            state = failing[url]
            logger.warning("%s: %s failed (%s), %d time(s) in a row; next try in %s", result.outlet, url, why,
                           state.failures, _span((state.retry_at - result.finished_at).total_seconds()))
        for url in sorted(set(before) - set(failing)):
            logger.info("%s: %s is back after %d failure(s)", result.outlet, url, before[url].failures)
        logger.info("%s: %s, %d new article(s); interval %s, next poll in %s", result.outlet, result.outcome,
                    result.new_articles, _span(row.interval_s),
                    _span((row.next_poll_at - result.finished_at).total_seconds()))
        self.metrics.record_poll(result.outlet, result.outcome, result.new_articles, row.interval_s,
                                 len(result.failed), len(failing))

    def _hand_back(self, cycle: Cycle, why: str) -> None:
        with plan.writing(self.archive.engine) as session:
            plan.release(session, cycle.claimed, self.me)
        logger.warning("cycle %d %s; handed back %s (still due)", cycle.number, why, ", ".join(cycle.claimed))

    def _fail(self, cycle: Cycle, why: str, finished: datetime) -> None:
        """The crawl broke off (worker died, ran over time): count it as a failed poll of each
        outlet, so a page that kills the worker backs off instead of killing it every cycle."""
        logger.error("cycle %d failed: %s", cycle.number, why)
        with plan.writing(self.archive.engine) as session:
            for key in cycle.poll + cycle.frontpages:
                row = session.scalars(select(PollSchedule).where(PollSchedule.outlet == key)).one()
                row.failures += 1
                row.last_outcome, row.last_error = "failed", f"cycle failed: {why}"[:2000]
                row.next_poll_at = finished + timedelta(seconds=retry_delay(row.failures, self.config.policy))
                row.updated_at = finished
            plan.release(session, cycle.claimed, self.me)


def _outcomes(report: CycleReport) -> str:
    outcomes = report.count("newsarchive/outcome/")
    text = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) or "nothing fetched"
    not_modified = int(report.stats.get("newsarchive/revisit_not_modified", 0))
    return text + (f" ({not_modified} revisits not modified)" if not_modified else "")
