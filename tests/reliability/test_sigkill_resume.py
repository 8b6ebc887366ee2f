"""SIGKILL a crawl at random moments, resume it, and find the archive whole and equal to an uninterrupted crawl.

Each trial crawls one outlet of the fixture web with the real `newsarchive crawl` command into
an empty archive, kills the crawler with SIGKILL, checks the archive it left, runs
`newsarchive crawl --resume` (every fifth trial kills that one too, and resumes again) and checks
the archive once more against a reference crawl that was never interrupted. The kill moments, by
trial in turn: a random time over the measured length of a crawl (start-up and migration
included); the moment a write transaction is seen open after the k-th capture (k random; the
signal lands within a millisecond or two, usually before that transaction commits); 0-100 ms
after the k-th capture was committed; and a write transaction again. Every fifth
trial's crawls extract in a worker process, which must die with the crawler. Kill points come
from a seeded RNG, so a failing trial can be replayed (NEWSARCHIVE_SIGKILL_SEED; the count is
NEWSARCHIVE_SIGKILL_TRIALS, 20 by default).

The checks after every kill and every resume: SQLite's ``PRAGMA integrity_check`` and
``foreign_key_check`` (and on both backends a query for rows whose foreign key points nowhere),
the schema all there or not at all, no version without its blob, derivation or back-link, no
blob whose bytes do not decompress to its hash, gapless version numbers, no URL fetched twice
with the same content, and the killed crawl's extraction processes gone.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.fixtureweb import FixtureWeb
from tests.conftest import REDIS_URL
from tests.reliability.archive_checks import (
    Probe,
    Snapshot,
    integrity_problems,
    run_status,
    snapshot,
    sqlite_path,
)

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("NEWSARCHIVE_SIGKILL_TRIALS", "20"))  # fewer only to replay one by hand
SEED = int(os.environ.get("NEWSARCHIVE_SIGKILL_SEED", "20261127"))
#: One outlet with a feed, a sitemap and front pages: 13 articles, a redirect chain and six pages
#: that end as error captures (404, 500, redirect loop, PDF, too large, no text), which a resumed
#: crawl must not fetch again. A crawl takes a few seconds.
OUTLETS = ["ledger"]
#: Its "slow" page answers after this long: well within the time-out, so every crawl stores it.
SLOW_PAGE_SECONDS = 0.2
PARALLEL = 3  # trials at once (each its own archive); most of a trial is process start-up
ROOT = Path(__file__).resolve().parents[2]
#: A generous time-out: on a loaded machine no page may time out in one crawl and not in another.
SETTINGS = {**LOCAL_WEB_SETTINGS, "NEWSARCHIVE_ALLOW_LOOPBACK": True, "DOWNLOAD_TIMEOUT": 15}
#: Trials whose crawls extract in a worker process (the rest extract inline, which starts faster):
#: enough to show the pool dies with a killed crawler instead of waiting for work forever.
POOL_EVERY = 5
#: Trials that also kill the resumed crawl (at a random moment) before resuming it again.
RESUME_KILL_EVERY = 5


# -- running the crawler -----------------------------------------------------------------------------
def _command(sources: Path, db: str, workers: int, *extra: str) -> list[str]:
    settings = {**SETTINGS, "NEWSARCHIVE_EXTRACT_WORKERS": workers}
    args = [a for name, value in settings.items() for a in ("--set", f"{name}={value}")]
    return [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", db, *args, *extra]


def _start(sources: Path, db: str, log: Path, workers: int, *extra: str) -> subprocess.Popen[bytes]:
    # A session of its own: the crawler's process group is then exactly the crawl's processes.
    with log.open("ab") as out:
        return subprocess.Popen(_command(sources, db, workers, *extra), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _finish(sources: Path, db: str, log: Path, workers: int, *extra: str) -> tuple[int, str]:
    """Run a crawl to its end; its exit status and what it printed (the log holds earlier ones too)."""
    offset = log.stat().st_size if log.exists() else 0
    proc = _start(sources, db, log, workers, *extra)
    try:
        code = proc.wait(timeout=180)
    finally:
        _reap(proc)
    with log.open("rb") as text_log:
        text_log.seek(offset)
        return code, text_log.read().decode(errors="replace")


def _reap(proc: subprocess.Popen[bytes]) -> list[str]:
    """SIGKILL what is left of a crawl's process group (only ever processes this test started)."""
    left = _live_group(proc.pid)
    for pid in left:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=30)
    return left


def _live_group(pgid: int) -> list[str]:
    """Processes of the group that are still alive (zombies waiting to be reaped do not count)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(stat.parent.name)
    return alive


def _kill(proc: subprocess.Popen[bytes]) -> list[str]:
    """SIGKILL the crawler (its process only, as the OOM killer would); returns its processes
    still alive 5 s later, which should be none: its extraction workers must not outlive it."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 5
    while _live_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _reap(proc)


# -- one trial ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    state: Snapshot
    seconds: float  # how long an uninterrupted crawl took, start-up included
    last_capture: float  # when it committed its last capture (after that it only closes down)
    captures: int


@dataclass
class Trial:
    number: int
    seed: int
    #: "time": at a random moment of the crawl's measured length; "after": 0-100 ms after the k-th
    #: capture was committed; "inside": after the k-th capture, as soon as a write transaction is open
    mode: str
    workers: int  # extraction processes of its crawls
    shared: tuple[str, ...] = ()  # --set options that share its crawls through Redis
    kills: list[str] = field(default_factory=list)  # where each kill landed
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


MODES = ("time", "inside", "after", "inside")  # by trial number, in turn


def _wait(proc: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float, every: float = 0.01) -> bool:
    """Poll ``ready()`` until it holds (True) or the crawl ends or ``limit`` passes (False)."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            return proc.poll() is None
        time.sleep(every)
    return False


def _moment(mode: str, rng: random.Random, proc: subprocess.Popen[bytes], probe: Probe, reference: Reference,
            started: float, until: float) -> tuple[bool, str]:
    """Wait for the trial's kind of moment; (reached, what it was)."""
    limit = reference.seconds * 4
    if mode == "time":
        at = rng.uniform(0.0, until * reference.last_capture)
        return _wait(proc, lambda: time.monotonic() - started >= at, limit), f"at {at:.2f}s"
    k = rng.randint(1, reference.captures - 1)
    if not _wait(proc, lambda: probe.captures() >= k, limit):
        return False, f"after capture {k}"
    if mode == "after":
        delay = rng.uniform(0.0, 0.1)
        time.sleep(delay)
        return proc.poll() is None, f"{delay * 1000:.0f} ms after capture {k}"
    return _wait(proc, probe.writing, limit, every=0.002), f"with a write transaction open, after capture {k}"


def _interrupt(trial: Trial, rng: random.Random, sources: Path, db: str, log: Path, reference: Reference,
               probe: Probe, mode: str, *extra: str, until: float = 1.0) -> bool:
    """Start a crawl (or a resume) and SIGKILL it at a moment of the given kind; False when the
    crawl ended before that moment came."""
    started = time.monotonic()
    proc = _start(sources, db, log, trial.workers, *trial.shared, *extra)
    reached, moment = _moment(mode, rng, proc, probe, reference, started, until)
    if not reached:
        _reap(proc)
        trial.kills.append(f"{moment}: the crawl ended first")
        return False
    left = _kill(proc)
    trial.kills.append(f"{moment} ({time.monotonic() - started:.2f}s, {probe.captures()}/{reference.captures} "
                       "captured)")
    if left:
        trial.problems.append(f"processes of the killed crawl still alive 5 s later: {left}")
    trial.problems += [f"after kill {len(trial.kills)}: {p}" for p in integrity_problems(db)]
    return True


def _resume(trial: Trial, sources: Path, db: str, log: Path) -> None:
    """``crawl --resume`` to the end; a crawl killed before it recorded its run is started afresh
    (--resume then has nothing to resume: tests/reliability/test_resume.py shows that error)."""
    status = run_status(db)
    if status is not None:
        code, out = _finish(sources, db, log, trial.workers, *trial.shared, "--resume")
        # Killed after it recorded its end (while exiting), a run has nothing left to resume.
        expected = "nothing to resume" if status == "finished" else "resuming run"
        if code == 0 and expected not in out:
            trial.problems.append(f"--resume of a {status} run did not say {expected!r}")
        if status == "finished":
            trial.kills[-1] += " [after the run was finished]"
    else:
        trial.kills[-1] += " [before the run was recorded: crawled afresh]"
        code, out = _finish(sources, db, log, trial.workers, *trial.shared)
    if code != 0:
        trial.problems.append(f"the resumed crawl failed with exit {code}:\n{out[-2000:]}")


def _killed_crawl(trial: Trial, rng: random.Random, sources: Path, new_db: Callable[[], str], log: Path,
                  reference: Reference) -> str:
    """A fresh archive with a crawl killed in it; a crawl that ended before its moment came is
    tried again on another fresh archive (a slower machine than the reference's, for a moment)."""
    for _ in range(3):
        db = new_db()
        probe = Probe(db)
        try:
            if _interrupt(trial, rng, sources, db, log, reference, probe, trial.mode):
                if trial.number % RESUME_KILL_EVERY == 3 and run_status(db) == "running":  # the resumed one too
                    _interrupt(trial, rng, sources, db, log, reference, probe, "time", "--resume", until=0.5)
                return db
        finally:
            probe.close()
    trial.problems.append("three crawls ended before the moment to kill them came")
    return db


def run_trial(number: int, sources: Path, new_db: Callable[[], str], reference: Reference, tmp: Path,
              shared: tuple[str, ...] = ()) -> Trial:
    rng = random.Random(SEED + number)
    trial = Trial(number, SEED + number, MODES[number % len(MODES)], workers=1 if number % POOL_EVERY == 1 else 0,
                  shared=shared)
    log = tmp / f"trial-{number}.log"
    started = time.monotonic()
    db = _killed_crawl(trial, rng, sources, new_db, log, reference)
    _resume(trial, sources, db, log)
    trial.problems += [f"after resuming: {p}" for p in integrity_problems(db)]
    state = snapshot(db)
    if state != reference.state:
        trial.problems.append(_difference(reference.state, state))
    if state.run_status != "finished":
        trial.problems.append(f"the run is {state.run_status!r} after resuming, not finished")
    trial.seconds = time.monotonic() - started
    return trial


def _difference(want: Snapshot, got: Snapshot) -> str:
    missing = sorted(set(want.versions) - set(got.versions))
    extra = sorted(set(got.versions) - set(want.versions))
    changed = sorted(u for u in set(want.versions) & set(got.versions) if want.versions[u] != got.versions[u])
    return (f"archive differs from the uninterrupted crawl: articles missing {missing[:3]}, extra {extra[:3]}, "
            f"versions differ {changed[:3]}; captures missing {list((want.captures - got.captures).elements())[:3]},"
            f" extra {list((got.captures - want.captures).elements())[:3]}")


# -- databases -----------------------------------------------------------------------------------------
class Databases:
    """An empty database per trial: a SQLite file, or a PostgreSQL schema next to ``archive_url``'s."""

    def __init__(self, archive_url: str, tmp: Path, request: pytest.FixtureRequest | None) -> None:
        self.base, self.tmp = archive_url, tmp
        self.schemas: list[str] = []
        self.admin: Engine | None = None
        if sqlite_path(archive_url) is None and request is not None:
            self.admin = request.getfixturevalue("postgres_admin")

    def new(self) -> str:
        if self.admin is None:
            return f"sqlite:///{self.tmp / f'trial-{uuid.uuid4().hex[:8]}.sqlite3'}"
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        url = make_url(self.base).update_query_dict({"options": f"-csearch_path={schema} -csynchronous_commit=off",
                                                     "application_name": f"sigkill-{schema}"})
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        if self.admin is None:
            return
        with self.admin.begin() as connection:
            for schema in self.schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def _reference(sources: Path, db: str, tmp: Path) -> Reference:
    """The uninterrupted crawl: what it stores, and how long it takes on this machine right now."""
    log = tmp / "reference.log"
    started = time.monotonic()
    proc = _start(sources, db, log, 0)
    probe, seen, last_capture = Probe(db), 0, 0.0
    try:
        while proc.poll() is None:
            if (count := probe.captures()) > seen:
                seen, last_capture = count, time.monotonic() - started
            time.sleep(0.02)
    finally:
        probe.close()
        _reap(proc)
    seconds = time.monotonic() - started
    out = log.read_text(errors="replace")
    assert proc.returncode == 0 and "crawl finished" in out, out[-3000:]
    assert not integrity_problems(db)
    state = snapshot(db)
    captures = sum(state.captures.values())
    errors = sum(n for capture, n in state.captures.items() if capture[3] == "error")
    assert captures >= 15 and errors >= 5 and state.run_status == "finished", state
    return Reference(state, seconds, last_capture, captures)


@pytest.mark.parametrize("archive_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_sigkill_at_random_moments_then_resume_equals_an_uninterrupted_crawl(
        archive_url: str, tmp_path: Path, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> None:
    databases = Databases(archive_url, tmp_path, request)
    started = time.monotonic()
    try:
        with FixtureWeb(seed=7, edition=1, slow_seconds=SLOW_PAGE_SECONDS) as web:
            sources = web.write_sources(tmp_path / "sources.toml", outlets=OUTLETS)
            reference = _reference(sources, archive_url, tmp_path)
            with ThreadPoolExecutor(PARALLEL) as pool:
                trials = list(pool.map(lambda n: run_trial(n, sources, databases.new, reference, tmp_path),
                                       range(TRIALS)))
    finally:
        databases.drop()
    with capsys.disabled():
        _report("SQLite" if sqlite_path(archive_url) else "PostgreSQL", reference, trials,
                time.monotonic() - started)
    failed = [t for t in trials if t.problems]
    assert not failed, "\n".join(f"trial {t.number} (seed {t.seed}, kills {t.kills}): {t.problems}" for t in failed)
    landed = sum("captured)" in kill for t in trials for kill in t.kills)
    assert landed >= TRIALS  # every trial killed at least one running crawl


def _report(backend: str, reference: Reference, trials: list[Trial], seconds: float) -> None:
    kills = [k for t in trials for k in t.kills]
    landed = sum("captured)" in kill for kill in kills)
    print(f"\nSIGKILL trials on {backend}: {len(trials)} trials, {landed} kills of a running crawl, reference "
          f"crawl {reference.seconds:.1f}s for {reference.captures} captures (last at {reference.last_capture:.1f}s),"
          f" whole test {seconds:.0f}s")
    for t in trials:
        print(f"  trial {t.number:2d} seed {t.seed} {t.mode:6s} workers {t.workers} {t.seconds:5.1f}s: " + "; then ".join(t.kills)
              + (f"  PROBLEMS: {t.problems}" if t.problems else ""))


# -- with Redis ------------------------------------------------------------------------------------------
REDIS_TRIALS = 3


def test_sigkill_then_resume_continues_the_shared_redis_crawl(tmp_path: Path, redis_prefix: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """With NEWSARCHIVE_REDIS_URL the resumed process takes up the run's queue: the dead process's
    leases are queued again once its heartbeat lapses, minus the pages it had already archived."""
    shared = ("--set", f"NEWSARCHIVE_REDIS_URL={REDIS_URL}", "--set", f"NEWSARCHIVE_REDIS_PREFIX={redis_prefix}",
              "--set", "NEWSARCHIVE_REDIS_LEASE_SECONDS=2")
    databases = Databases(f"sqlite:///{tmp_path / 'reference.sqlite3'}", tmp_path, None)
    started = time.monotonic()
    with FixtureWeb(seed=7, edition=1, slow_seconds=SLOW_PAGE_SECONDS) as web:
        sources = web.write_sources(tmp_path / "sources.toml", outlets=OUTLETS)
        reference = _reference(sources, databases.base, tmp_path)
        trials = [run_trial(n, sources, databases.new, reference, tmp_path, shared) for n in range(1, REDIS_TRIALS + 1)]
    with capsys.disabled():
        _report("Redis + SQLite", reference, trials, time.monotonic() - started)
    failed = [t for t in trials if t.problems]
    assert not failed, "\n".join(f"trial {t.number} (seed {t.seed}, kills {t.kills}): {t.problems}" for t in failed)
    recovered = [t.number for t in trials if "queued again" in (tmp_path / f"trial-{t.number}.log").read_text()]
    assert recovered, "no resumed crawl took up a dead process's leases"
