"""`crawl --resume`: which run to continue, whether it may be, and what its new process skips.

A killed crawl leaves no queue behind that survives SIGKILL (Scrapy's JOBDIR writes its queue's
bookkeeping only on a clean close), so a resumed run rebuilds its memory from what outlives the
process: the archive's captures, and with NEWSARCHIVE_REDIS_URL the shared queue, frontier and
leases in Redis. Every URL the run already fetched (stored, or failed with a reason) is claimed
again in the run's frontier before the spiders start, so it is not fetched twice; listings are
read again (conditionally, with the validators of the last finished crawl) and lead to the rest.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive.db import Archive
from archive.runs import RunInfo, end_run, get_run, latest_run, resume_run, run_fetched_urls, start_run
from crawler.frontier import REDIS_TTL_SECONDS, RedisFrontier, frontier_for, redis_client, run_key
from crawler.sources import load_sources, select_outlets
from crawler.traps import dedupe_key

__all__ = ["ResumeError", "NothingToResume", "RunPlan", "new_run", "plan_resume", "begin_run",
           "end_run_for", "seed_frontier", "this_process"]

_BATCH = 1000


class ResumeError(Exception):
    """The run cannot be resumed; the message says which and what to do instead."""


class NothingToResume(Exception):
    """The run finished already: not an error, but nothing is crawled."""


@dataclass(frozen=True, slots=True)
class RunPlan:
    """The run a crawl process is about to work on."""

    run_id: str
    sources: Path
    spiders: list[str]
    outlets: list[str]  # empty: every outlet of the sources file
    resumed: RunInfo | None = None  # the run continued, None for a new one
    warning: str | None = None


def this_process() -> tuple[str, int]:
    """(host, pid) as runs record them."""
    return socket.gethostname(), os.getpid()


def new_run(sources: Path, spiders: list[str], outlets: list[str], given_id: str | None) -> RunPlan:
    """A fresh run: NEWSARCHIVE_RUN_ID when given (workers of a shared crawl), else a new id."""
    return RunPlan(given_id or uuid.uuid4().hex, sources, list(spiders), list(outlets))


def _pick(session: Session, run_id: str | None, sources: Path, spiders: list[str], outlets: list[str],
          explicit: bool) -> RunInfo:
    if run_id is None:
        run = latest_run(session, sources, outlets=outlets, spiders=spiders)
        if run is None:
            chosen = f" (outlets {', '.join(outlets)})" if outlets else ""
            raise ResumeError(f"no crawl of {sources}{chosen} with spiders {', '.join(spiders)} is recorded in "
                              "this archive; start one without --resume")
        return run
    run = get_run(session, run_id)
    if run is None:
        raise ResumeError(f"no crawl run {run_id!r} is recorded in this archive; "
                          "leave out --run-id (and NEWSARCHIVE_RUN_ID) to resume the newest crawl of --sources")
    if explicit and (sorted(spiders) != run.spiders or sorted(outlets) != run.outlets):
        raise ResumeError(f"run {run.id} crawled spiders {', '.join(run.spiders)} of "
                          f"{', '.join(run.outlets) or 'every outlet'}; drop --spider/--outlet to resume it as it was")
    return run


def plan_resume(session: Session, run_id: str | None, *, sources: Path, spiders: list[str], outlets: list[str],
                explicit: bool = False, shared: bool = False) -> RunPlan:
    """The unfinished run to continue; raises NothingToResume or ResumeError.

    ``run_id`` names the run; None picks the newest run of these sources, outlets and spiders
    (the same command line with ``--resume`` added). ``explicit`` says --spider/--outlet were
    given. ``shared`` (Redis) allows joining a run whose process is still alive.
    """
    run = _pick(session, run_id, sources, spiders, outlets, explicit)
    if run.finished:
        when = run.finished_at.strftime("%Y-%m-%d %H:%M:%S UTC") if run.finished_at else "some time"
        raise NothingToResume(f"nothing to resume: run {run.id} of {run.sources} finished at {when}")
    path = Path(run.sources)
    if not path.is_file():
        raise ResumeError(f"run {run.id} crawled {path}, which no longer exists; start a new crawl instead")
    host, pid = this_process()
    warning = None
    if run.status == "running" and not shared:
        if run.host == host and pid != run.pid and process_alive(run.pid):
            raise ResumeError(f"run {run.id} is still running (pid {run.pid}); stop it first, or share it "
                              "between processes through Redis (NEWSARCHIVE_REDIS_URL)")
        if run.host != host:
            warning = (f"run {run.id} last ran on {run.host} (pid {run.pid}); "
                       "make sure that process is gone, or pages may be fetched twice")
    return RunPlan(run.id, path, list(run.spiders), list(run.outlets), resumed=run, warning=warning)


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a live crawl process on this machine (a zombie or a reused pid is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    proc = Path(f"/proc/{pid}")
    if not proc.is_dir():
        return True  # no /proc to look closer: trust the signal
    try:
        if ") Z" in (proc / "stat").read_text():
            return False
        return b"crawl" in (proc / "cmdline").read_bytes()
    except OSError:
        return False  # it ended while we looked


def seed_frontier(settings: Any, run_id: str, urls: Iterable[str]) -> int:
    """Claim ``urls`` in the run's frontier, so no spider fetches them again; returns how many."""
    keys = sorted({dedupe_key(url) for url in urls})
    frontier = frontier_for(settings, run_id)
    if isinstance(frontier, RedisFrontier):
        for start in range(0, len(keys), _BATCH):
            pipe = frontier.client.pipeline()
            pipe.sadd(frontier.key, *keys[start:start + _BATCH])
            pipe.expire(frontier.key, REDIS_TTL_SECONDS)
            pipe.execute()
    else:
        for key in keys:
            frontier.claim(key)
    return len(keys)


def begin_run(archive: Archive, plan: RunPlan, settings: Any) -> int:
    """Record that this process works on the run; for a resumed run, claim in its frontier every
    URL it fetched before. Returns how many URLs were claimed so."""
    host, pid = this_process()
    with archive.session() as session:
        if plan.resumed is None:
            start_run(session, run_id=plan.run_id, sources=plan.sources, outlets=plan.outlets,
                      spiders=plan.spiders, host=host, pid=pid)
            return 0
        resume_run(session, plan.run_id, host=host, pid=pid)
        keys = [o.key for o in select_outlets(load_sources(plan.sources), plan.outlets or None)]
        fetched = run_fetched_urls(session, plan.resumed.started_at, keys)
    if settings.get("NEWSARCHIVE_REDIS_URL"):
        _forget_archived_leases(settings, plan.run_id, fetched)
    return seed_frontier(settings, plan.run_id, fetched)


def _forget_archived_leases(settings: Any, run_id: str, fetched: list[str]) -> None:
    """Pages the dead process archived but had not yet acknowledged stay out of the shared queue."""
    from crawler.scheduler import forget_archived_leases  # Scrapy-heavy: only for shared crawls

    done = {dedupe_key(url) for url in fetched}
    client = redis_client(settings.get("NEWSARCHIVE_REDIS_URL"))
    forget_archived_leases(client, run_key(settings, run_id), lambda url: dedupe_key(url) in done)


def end_run_for(archive: Archive, run_id: str, reasons: list[str]) -> bool:
    """Close the run after its spiders stopped; True when all of them ran out of work ("finished").

    Anything else (Ctrl-C, a spider limit, an error: no reasons at all) leaves it resumable.
    """
    finished = bool(reasons) and all(reason == "finished" for reason in reasons)
    with archive.session() as session:
        end_run(session, run_id, finished=finished)
    return finished
