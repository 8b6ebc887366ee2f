"""SIGTERM in the middle of a cycle, then a restart: the archive ends up exactly as an uninterrupted
run leaves it; nothing done is fetched again and nothing that was due is lost."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.fixtureweb import DEMO, FixtureWeb
from tests.integration.crawling import archive_state
from tests.service.running import ServiceProcess, polls, wait_until

pytestmark = pytest.mark.slow

OUTLETS = [*DEMO, "wire-a", "wire-b", "wire-c"]
GRACE = 15.0
# Long intervals: after its first cycle the service only re-polls (304s), so the archive is final.
# A long download time-out: answers the test holds back must not time out.
OPTIONS = ["--min-interval", "30", "--max-interval", "60", "--initial-interval", "30", "--grace", str(GRACE),
           "--set", "DOWNLOAD_TIMEOUT=30"]


def _article_fetches(web: FixtureWeb, paths: set[tuple[str, str]], since: float = 0.0) -> list[tuple[str, str]]:
    """(host, path) of every article fetch the web answered with a page, since ``since``."""
    return [(r.host.split(":")[0], r.target.split("?")[0]) for r in web.requests
            if r.at >= since and r.status == 200 and (r.host.split(":")[0], r.target.split("?")[0]) in paths]


def _polled_once(database_url: str) -> bool:
    done = polls(database_url)
    return len(done) == len(OUTLETS) and all(n >= 1 for n in done.values())


def test_sigterm_mid_cycle_then_restart_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    with FixtureWeb(seed=7, edition=1) as web:
        sources = web.write_sources(tmp_path / "sources.toml", OUTLETS)
        paths = {(urlsplit(u).hostname or "", urlsplit(u).path) for u in web.article_urls(outlets=OUTLETS)}

        reference = f"sqlite:///{tmp_path / 'reference.sqlite3'}"
        with ServiceProcess(sources, reference, *OPTIONS) as service:
            wait_until(lambda: _polled_once(reference), 120, "the uninterrupted run's first polls")
            code, _ = service.stop()
        assert code == 0, service.text()[-3000:]
        expected = archive_state(reference)
        assert len(expected.articles) >= 50 and not expected.errors

        interrupted = f"sqlite:///{tmp_path / 'interrupted.sqlite3'}"
        started = time.monotonic()
        # However fast the machine, the cycle cannot finish before the signal lands: past the fifth,
        # article answers wait until the worker has begun to stop.
        hold = web.hold((f"http://{host}{path}" for host, path in paths), free=5)
        with ServiceProcess(sources, interrupted, *OPTIONS) as first:
            wait_until(lambda: hold.held >= 1, 120, "the first article fetches")
            first.send(signal.SIGTERM)
            first.wait_for("stopping the cycle", 30)
            hold.release()
            code, took = first.stop()
        stopped = time.monotonic()
        log = first.text()
        assert code == 0 and took < GRACE + 10, log[-3000:]
        assert "handed back" in log, log[-3000:]
        midway = archive_state(interrupted)
        assert 0 < len(midway.articles) < len(expected.articles), "the signal must land mid-cycle"
        done_before = _article_fetches(web, paths, started)
        # Fetches in flight were finished and archived, not dropped.
        assert len(midway.articles) == len(set(done_before)), (len(midway.articles), len(done_before))

        with ServiceProcess(sources, interrupted, *OPTIONS) as second:
            wait_until(lambda: _polled_once(interrupted), 120, "the restarted run's first polls")
            code, _ = second.stop()
        assert code == 0, second.text()[-3000:]
        done_after = _article_fetches(web, paths, stopped)

    assert not set(done_before) & set(done_after), "a restart fetched again what was done"
    assert set(done_before) | set(done_after) == paths, "a restart lost what was due"
    final = archive_state(interrupted)
    assert final.articles == expected.articles
    assert final.versions_per_article == expected.versions_per_article
    assert (final.captures, final.outcomes, final.errors) == (expected.captures, expected.outcomes, expected.errors)
