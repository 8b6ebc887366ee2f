"""Politeness against a scripted server: Retry-After and back-off per domain (shared by the workers of a
Redis run), bounded retries, Crawl-delay.

The shared-pause tests need Redis at 127.0.0.1:6379 (skipped locally when it is down, a failure
under CI=true); each uses its own key prefix.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.middlewares.politeness import SharedPauses, backoff_seconds, retry_after_seconds
from tests.conftest import REDIS_URL
from tests.crawling.server import ScriptedWeb, article_html, feed, sitemap, sources
from tests.integration.crawling import archive_state, crawl

ALLOW = ("--set", "NEWSARCHIVE_ALLOW_LOOPBACK=True")
ROBOTS = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")


def test_retry_after_values() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 27, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(b"Fri, 27 Nov 2026 08:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Fri, 27 Nov 2026 07:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    assert [backoff_seconds(n, 1.0, 5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


@pytest.fixture
def scripted() -> Iterator[ScriptedWeb]:
    web = ScriptedWeb()
    yield web
    web.close()


@pytest.mark.slow
def test_retry_after_pauses_the_domain_and_retries_are_bounded(scripted: ScriptedWeb, tmp_path: Path) -> None:
    scripted.add("busy", "/robots.txt", ROBOTS)
    limited = scripted.add("busy", "/news/limited-story-one", lambda n: (
        (429, {"Retry-After": "2"}, b"slow down") if n == 0 else (200, {}, article_html(1))))
    failing = scripted.add("busy", "/news/failing-story-two", (503, {}, b"down"))
    scripted.add("busy", "/feed.xml", (200, {"Content-Type": "application/rss+xml"}, feed([limited, failing])))
    path = tmp_path / "sources.toml"
    path.write_text(sources({"busy": {"feeds": [scripted.base("busy") + "/feed.xml"]}}, scripted.base))
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    crawl(path, db, *ALLOW, "--set", "RETRY_TIMES=2", "--set", "NEWSARCHIVE_BACKOFF_BASE=0.5", cwd=tmp_path)

    first, second = scripted.hits_for("/news/limited-story-one")
    assert first.status == 429 and second.status == 200
    assert second.at - first.at >= 1.9, "Retry-After: 2 was not honoured"
    tries = scripted.hits_for("/news/failing-story-two")
    assert len(tries) == 3  # one try and RETRY_TIMES retries, then it gives up
    gaps = [b.at - a.at for a, b in zip(tries, tries[1:], strict=False)]
    assert gaps[0] >= 0.45 and gaps[1] >= 0.9, f"no exponential back-off: {gaps}"
    state = archive_state(db)
    assert len(state.articles) == 1
    assert (f"http://busy.localhost:{scripted.port}/news/failing-story-two", "http_503") in state.errors


@pytest.mark.slow
def test_robots_crawl_delay_spaces_requests(scripted: ScriptedWeb, tmp_path: Path) -> None:
    scripted.add("careful", "/robots.txt", (200, {"Content-Type": "text/plain"},
                                            b"User-agent: *\nCrawl-delay: 1\nAllow: /\n"))
    urls = [scripted.add("careful", f"/news/careful-story-{i}", (200, {}, article_html(i))) for i in range(3)]
    scripted.add("careful", "/feed.xml", (200, {"Content-Type": "application/rss+xml"}, feed(urls)))
    path = tmp_path / "sources.toml"
    path.write_text(sources({"careful": {"feeds": [scripted.base("careful") + "/feed.xml"]}}, scripted.base))
    crawl(path, f"sqlite:///{tmp_path / 'a.sqlite3'}", *ALLOW, "--spider", "feeds", cwd=tmp_path)
    times = sorted(h.at for h in scripted.hits if h.path.startswith("/news/"))
    assert len(times) == 3
    assert all(b - a >= 0.9 for a, b in zip(times, times[1:], strict=False)), times


# -- a Retry-After told to one worker holds the domain back in every worker of the run (Redis) -------


def _pauses(prefix: str, run: str = "crawl-1") -> SharedPauses:
    import redis

    return SharedPauses(redis.Redis.from_url(REDIS_URL, socket_timeout=3), f"{prefix}:{run}", refresh=0.0)


def test_shared_pauses_reach_other_workers_of_the_run_only(redis_prefix: str) -> None:
    told, other, elsewhere = _pauses(redis_prefix), _pauses(redis_prefix), _pauses(redis_prefix, "crawl-2")
    assert other.until("busy.localhost") == 0.0
    told.extend("busy.localhost", 3.0, "HTTP 429 Retry-After")
    left = other.until("busy.localhost") - time.monotonic()
    assert 2.5 < left <= 3.0, left
    told.extend("busy.localhost", 0.5, "HTTP 503")  # a shorter pause never cuts a longer one short
    assert other.until("busy.localhost") - time.monotonic() > 2.0
    told.extend("busy.localhost", 6.0, "HTTP 429 Retry-After")  # a longer one lengthens it
    assert other.until("busy.localhost") - time.monotonic() > 5.0
    assert other.until("calm.localhost") == 0.0
    assert elsewhere.until("busy.localhost") == 0.0  # another run's pauses are its own


@pytest.mark.slow
def test_retry_after_pauses_the_domain_in_every_worker(scripted: ScriptedWeb, redis_prefix: str,
                                                       tmp_path: Path) -> None:
    """Worker a is told Retry-After; worker b, mid-crawl on the same domain, must wait it out too.

    The server orders the two: a's 429 is sent only once b has asked for its sitemap, and b's
    sitemap is answered just after the 429, so b's next request falls inside a's pause.
    """
    wait = 6.0
    b_asked, a_told = threading.Event(), threading.Event()

    def limited_answer(n: int) -> tuple[int, dict[str, str], bytes]:
        if n:
            return 200, {}, article_html(1)
        b_asked.wait(timeout=120)
        a_told.set()
        return 429, {"Retry-After": str(int(wait))}, b"slow down"

    def sitemap_answer(n: int) -> tuple[int, dict[str, str], bytes]:
        b_asked.set()
        a_told.wait(timeout=120)
        time.sleep(1.0)  # a has the 429 and has paused the domain by now
        return 200, {"Content-Type": "application/xml"}, sitemap([(other, "2026-10-05T08:00:00Z")])

    scripted.add("busy", "/robots.txt", ROBOTS)
    limited = scripted.add("busy", "/news/limited-story-one", limited_answer)
    other = scripted.add("busy", "/news/other-story-two", (200, {}, article_html(2)))
    scripted.add("busy", "/feed.xml", (200, {"Content-Type": "application/rss+xml"}, feed([limited])))
    scripted.add("busy", "/sitemap.xml", sitemap_answer)
    for name, lists in (("a", {"feeds": [scripted.base("busy") + "/feed.xml"]}),
                        ("b", {"sitemaps": [scripted.base("busy") + "/sitemap.xml"]})):
        (tmp_path / f"{name}.toml").write_text(sources({"busy": lists}, scripted.base))
    workers = [_shared_worker(tmp_path, "a", "feeds", redis_prefix),
               _shared_worker(tmp_path, "b", "sitemaps", redis_prefix)]
    for proc, name in zip(workers, "ab", strict=True):
        assert proc.wait(timeout=240) == 0, (tmp_path / f"{name}.log").read_text()[-3000:]
    told = scripted.hits_for("/news/limited-story-one")[0]
    assert told.status == 429
    [fetched] = scripted.hits_for("/news/other-story-two")
    assert fetched.at - told.at >= wait - 0.3, \
        f"worker b fetched from the paused domain {fetched.at - told.at:.2f} s after worker a's 429"
    assert len(archive_state(f"sqlite:///{tmp_path / 'b.sqlite3'}").articles) == 1
    assert len(archive_state(f"sqlite:///{tmp_path / 'a.sqlite3'}").articles) == 1


def _shared_worker(tmp: Path, name: str, spider: str, prefix: str) -> subprocess.Popen[bytes]:
    settings = {**LOCAL_WEB_SETTINGS, "NEWSARCHIVE_ALLOW_LOOPBACK": True, "NEWSARCHIVE_REDIS_URL": REDIS_URL,
                "NEWSARCHIVE_REDIS_PREFIX": prefix, "NEWSARCHIVE_RUN_ID": "crawl-1",
                "DOWNLOAD_TIMEOUT": 120}  # the server holds answers until the other worker gets there
    args = [a for key, value in settings.items() for a in ("--set", f"{key}={value}")]
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(tmp / f"{name}.toml"),
               "--db", f"sqlite:///{tmp / f'{name}.sqlite3'}", "--spider", spider, *args]
    log = (tmp / f"{name}.log").open("wb")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
