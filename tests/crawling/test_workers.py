"""Several crawler processes share one crawl through Redis and write to one PostgreSQL archive.

Needs Redis at 127.0.0.1:6379 (skipped locally when it is down, a failure under CI=true) and
PostgreSQL (``archive_url``). Each test uses its own Redis key prefix.
"""

from __future__ import annotations

import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.fixtureweb import FixtureWeb
from tests.conftest import REDIS_URL
from tests.integration.crawling import archive_state
from tests.service.running import wait_until

#: Answers held back by the test must not time out (the reference run uses the same settings).
PATIENT = ("--set", "DOWNLOAD_TIMEOUT=30")


def _command(sources: Path, db: str, *extra: str) -> list[str]:
    settings = {**LOCAL_WEB_SETTINGS, "NEWSARCHIVE_ALLOW_LOOPBACK": True}
    args = [a for name, value in settings.items() for a in ("--set", f"{name}={value}")]
    return [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", db, *args, *extra]


def _worker(sources: Path, db: str, prefix: str, tmp: Path, name: str, *extra: str) -> subprocess.Popen[bytes]:
    redis = ("--set", f"NEWSARCHIVE_REDIS_URL={REDIS_URL}", "--set", f"NEWSARCHIVE_REDIS_PREFIX={prefix}",
             "--set", "NEWSARCHIVE_RUN_ID=crawl-1", "--set", "NEWSARCHIVE_REDIS_LEASE_SECONDS=3")
    log = (tmp / f"{name}.log").open("wb")
    return subprocess.Popen(_command(sources, db, *redis, *extra), stdout=log, stderr=subprocess.STDOUT, cwd=tmp)


def _alone(sources: Path, tmp: Path, *extra: str) -> str:
    db = f"sqlite:///{tmp / 'alone.sqlite3'}"
    proc = subprocess.run(_command(sources, db, *extra), capture_output=True, text=True, timeout=300, cwd=tmp)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return db


@pytest.mark.parametrize("archive_url", ["postgres"], indirect=True)
def test_two_workers_give_exactly_what_one_worker_gives(archive_url: str, redis_prefix: str,
                                                        tmp_path: Path) -> None:
    with FixtureWeb(seed=7, edition=1, slow_seconds=6.0) as web:
        sources = web.write_sources(tmp_path / "sources.toml")
        reference = archive_state(_alone(sources, tmp_path, *PATIENT))
        alone_requests = _fetches(web)
        web.clear_requests()
        # Article answers wait until both workers hold leases on articles, and a worker takes only a
        # few requests at a time, so however the two start (one may be seconds late on a loaded
        # machine), the first cannot take the whole crawl before the second is there.
        hold = web.hold(web.article_urls())
        workers = [_worker(sources, archive_url, redis_prefix, tmp_path, f"w{i}", *PATIENT,
                           "--set", "CONCURRENT_REQUESTS=2") for i in range(2)]
        wait_until(lambda: len(_leasing_articles(redis_prefix)) >= 2 or any(w.poll() is not None for w in workers),
                   120, "both workers leasing articles")
        hold.release()
        codes = [w.wait(timeout=300) for w in workers]
        logs = [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
        assert codes == [0, 0], logs[0][-3000:] + logs[1][-3000:]
        assert not [log for log in logs if "DeprecationWarning" in log], "the shared crawl logs deprecations"
        shared_requests = _fetches(web)
    shared = archive_state(archive_url)
    assert shared.articles == reference.articles
    assert shared.captures == reference.captures  # no article fetched twice
    assert shared.versions == reference.versions == len(reference.articles)  # no version stored twice
    assert sorted(shared.errors) == sorted(reference.errors)
    assert shared.outcomes == reference.outcomes
    shares = [_archived(log) for log in logs]
    assert sum(shares) == reference.captures and all(shares), f"work was not shared: {shares}"
    assert shared_requests == alone_requests  # the same fetches, none twice (robots.txt aside)


def _leasing_articles(prefix: str) -> set[str]:
    """Worker processes that hold a lease on an article request right now (each spider of a process
    leases as ``<host>-<pid>-<random>``: the process is ``<host>-<pid>``)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    workers = set()
    for key in client.scan_iter(match=f"{prefix}:crawl-1:*:inflight:*"):
        requests = [pickle.loads(data) for data in client.hvals(key)]  # noqa: S301 - our own queue
        if any((request.get("meta") or {}).get("newsarchive_article") for request in requests):
            workers.add(key.decode().rsplit(":", 1)[1].rsplit("-", 1)[0])
    return workers


def _archived(log: str) -> int:
    """Pages one worker archived, from its closing line (``crawl finished: new_article 11, ...``)."""
    line = next(li for li in log.splitlines() if "crawl finished:" in li)
    return sum(int(n) for n in re.findall(r" (\d+)", line.split("crawl finished:", 1)[1]))


def _fetches(web: FixtureWeb) -> list[tuple[str, str]]:
    """Every (host, target) the web answered, robots.txt aside (each spider of each worker reads it)."""
    return sorted((r.host, r.target) for r in web.requests if r.target != "/robots.txt")


@pytest.mark.parametrize("archive_url", ["postgres"], indirect=True)
def test_a_killed_worker_loses_nothing(archive_url: str, redis_prefix: str, tmp_path: Path) -> None:
    with FixtureWeb(seed=7, corpus_copies=2) as web:
        sources = web.write_sources(tmp_path / "sources.toml", outlets=["corpus"])
        expected = web.canonical_urls(outlets=["corpus"])
        victim = _worker(sources, archive_url, redis_prefix, tmp_path, "victim")
        survivor = _worker(sources, archive_url, redis_prefix, tmp_path, "survivor")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _captures(archive_url) < 20:
            time.sleep(0.5)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        assert survivor.wait(timeout=400) == 0, (tmp_path / "survivor.log").read_text()[-3000:]
    state = archive_state(archive_url)
    assert {u.rstrip("/") for u in state.articles} >= {u.rstrip("/") for u in expected} - _unextractable(state)
    assert state.versions == len(state.articles)  # re-fetching a page the victim had stored adds no version
    assert "queued again" in (tmp_path / "survivor.log").read_text()


def _captures(db: str) -> int:
    try:
        return archive_state(db).captures
    except Exception:  # noqa: BLE001 - the archive may not exist yet
        return 0


def _unextractable(state: object) -> set[str]:
    return {url.rstrip("/") for url, _ in getattr(state, "errors", [])}
