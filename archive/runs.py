"""Crawl runs in the archive: recorded when a crawl starts, closed when it ends, found again to resume.

A process killed with SIGKILL writes nothing on its way out, so a run's row says ``running``
until a later process ends it; whether that process is still alive is the caller's question
(crawler.resume). The pages a run has fetched are read from the captures themselves (its
outlets, since it started), so recording a capture needs no run bookkeeping at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import models
from archive.upsert import insert_or_ignore

__all__ = ["RunInfo", "sources_key", "start_run", "resume_run", "end_run", "get_run", "latest_run", "run_fetched_urls"]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """A crawl run as recorded (a plain copy, usable after the session is gone)."""

    id: str
    sources: str
    outlets: list[str]
    spiders: list[str]
    status: str
    started_at: datetime
    finished_at: datetime | None
    resumes: int
    host: str
    pid: int

    @property
    def finished(self) -> bool:
        return self.status == "finished"


def _info(row: models.CrawlRun) -> RunInfo:
    return RunInfo(id=row.id, sources=row.sources, outlets=list(row.outlets), spiders=list(row.spiders),
                   status=row.status, started_at=row.started_at, finished_at=row.finished_at,
                   resumes=row.resumes, host=row.host, pid=row.pid)


def _row(session: Session, run_id: str) -> models.CrawlRun | None:
    query = select(models.CrawlRun).where(models.CrawlRun.id == run_id).execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def sources_key(path: Path) -> str:
    """How a run names its sources file: the absolute path, so `--resume` finds it from any directory."""
    return str(path.expanduser().resolve())


def start_run(session: Session, *, run_id: str, sources: Path, outlets: Iterable[str], spiders: Iterable[str],
              host: str, pid: int, now: datetime | None = None) -> RunInfo:
    """Record a new running crawl; a run id already recorded is joined instead.

    Joining is what the workers of a shared (Redis) crawl do: each starts with the same
    NEWSARCHIVE_RUN_ID, and the run is one row whichever of them came first.
    """
    now = now or datetime.now(UTC)
    insert_or_ignore(session, models.CrawlRun, {
        "id": run_id, "sources": sources_key(sources), "outlets": sorted(outlets), "spiders": sorted(spiders),
        "status": "running", "started_at": now, "finished_at": None, "resumes": 0, "last_resumed_at": None,
        "host": host, "pid": pid,
    }, keys=["id"])
    row = _row(session, run_id)
    assert row is not None  # inserted or already there, in this transaction
    row.status, row.finished_at, row.host, row.pid = "running", None, host, pid
    session.flush()
    return _info(row)


def resume_run(session: Session, run_id: str, *, host: str, pid: int, now: datetime | None = None) -> RunInfo:
    """Mark ``run_id`` running again in this process; raises KeyError for an unknown run."""
    row = _row(session, run_id)
    if row is None:
        raise KeyError(run_id)
    row.status, row.finished_at, row.host, row.pid = "running", None, host, pid
    row.resumes += 1
    row.last_resumed_at = now or datetime.now(UTC)
    session.flush()
    return _info(row)


def end_run(session: Session, run_id: str, *, finished: bool, now: datetime | None = None) -> None:
    """Close the run: ``finished`` when every spider ran out of work, else ``interrupted``.

    An interrupted worker never reopens a run another worker of the same shared crawl finished.
    """
    row = _row(session, run_id)
    if row is None:
        return
    if finished:
        row.status, row.finished_at = "finished", now or datetime.now(UTC)
    elif row.status != "finished":
        row.status = "interrupted"
    session.flush()


def get_run(session: Session, run_id: str) -> RunInfo | None:
    row = _row(session, run_id)
    return _info(row) if row is not None else None


def latest_run(session: Session, sources: Path, *, outlets: Iterable[str] | None = None,
               spiders: Iterable[str] | None = None) -> RunInfo | None:
    """The newest run of this sources file, optionally only among those of these outlets/spiders."""
    wanted_outlets = sorted(outlets) if outlets is not None else None
    wanted_spiders = sorted(spiders) if spiders is not None else None
    rows = session.scalars(select(models.CrawlRun).where(models.CrawlRun.sources == sources_key(sources))
                           .order_by(models.CrawlRun.started_at.desc(), models.CrawlRun.id))
    for row in rows:
        if wanted_outlets is not None and sorted(row.outlets) != wanted_outlets:
            continue
        if wanted_spiders is not None and sorted(row.spiders) != wanted_spiders:
            continue
        return _info(row)
    return None


def run_fetched_urls(session: Session, since: datetime, outlet_keys: Iterable[str]) -> list[str]:
    """Every URL the crawler requested for these outlets since ``since``, whatever came of it.

    Error captures count too: the run already tried them, and an uninterrupted run would not
    have tried again.
    """
    capture, source = models.Capture, models.Source
    query = (select(capture.requested_url).join(source, source.id == capture.source_id)
             .where(capture.fetched_at >= since, source.key.in_(list(outlet_keys))).distinct())
    return list(session.scalars(query))
