"""Crawl runs and `crawl --resume` without crawling: what is recorded, which run is picked, and the
one-line answers when there is nothing (or nothing allowed) to resume. The SIGKILL trials that
resume real crawls are in test_sigkill_resume.py."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive.capture import Capture
from archive.db import Archive, open_archive
from archive.runs import end_run, get_run, latest_run, resume_run, run_fetched_urls, start_run
from archive.story import SourceRef
from archive.versioning import record_capture
from crawler.cli import app
from crawler.frontier import frontier_for_run
from crawler.resume import seed_frontier

runner = CliRunner()
T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
SOURCES = """
[[outlet]]
key = "wire-a"
name = "Bayside Gazette"
home = "http://wire-a.localhost:8000/"
feeds = ["http://wire-a.localhost:8000/rss.xml"]
"""


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def _start(archive: Archive, run_id: str, sources: Path, *, at: datetime = T0, outlets: tuple[str, ...] = (),
           spiders: tuple[str, ...] = ("feeds", "frontpages", "sitemaps"), host: str = "elsewhere",
           pid: int = 1) -> None:
    with archive.session() as session:
        start_run(session, run_id=run_id, sources=sources, outlets=outlets, spiders=spiders, host=host, pid=pid,
                  now=at)


def _error_capture(url: str, key: str, at: datetime) -> Capture:
    return Capture(source=SourceRef(key=key, name=key, home_url=f"http://{key}.localhost/"), requested_url=url,
                   final_url=url, status=None, fetched_at=at, error_kind="timeout", error_detail="slow")


def test_a_run_is_recorded_resumed_and_closed(archive: Archive, sources: Path) -> None:
    _start(archive, "r1", sources)
    with archive.session() as session:
        run = resume_run(session, "r1", host="here", pid=42, now=T0 + timedelta(minutes=5))
        assert (run.status, run.resumes, run.host, run.pid, run.started_at) == ("running", 1, "here", 42, T0)
        end_run(session, "r1", finished=True, now=T0 + timedelta(minutes=9))
    with archive.session() as session:
        closed = get_run(session, "r1")
        assert closed is not None and closed.finished and closed.finished_at == T0 + timedelta(minutes=9)
        assert closed.sources == str(sources.resolve()) and closed.spiders == ["feeds", "frontpages", "sitemaps"]
        end_run(session, "r1", finished=False)  # a late, interrupted worker of a shared crawl
        assert get_run(session, "r1") == closed  # stays finished


def test_latest_run_matches_sources_outlets_and_spiders(archive: Archive, sources: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(SOURCES, encoding="utf-8")
    _start(archive, "all", sources, at=T0)
    _start(archive, "one-outlet", sources, at=T0 + timedelta(hours=1), outlets=("wire-a",))
    _start(archive, "other-file", other, at=T0 + timedelta(hours=2))
    everything = ["feeds", "frontpages", "sitemaps"]
    with archive.session() as session:
        assert latest_run(session, sources, outlets=[], spiders=everything).id == "all"  # type: ignore[union-attr]
        picked = latest_run(session, sources, outlets=["wire-a"], spiders=everything)
        assert picked is not None and picked.id == "one-outlet"
        assert latest_run(session, sources, outlets=[], spiders=["feeds"]) is None


def test_the_runs_fetched_urls_are_its_outlets_captures_since_it_started(archive: Archive) -> None:
    with archive.session() as session:
        record_capture(session, _error_capture("http://wire-a.localhost/before", "wire-a", T0 - timedelta(seconds=1)))
        record_capture(session, _error_capture("http://wire-a.localhost/failed", "wire-a", T0))
        record_capture(session, _error_capture("http://wire-b.localhost/other", "wire-b", T0 + timedelta(seconds=1)))
    with archive.session() as session:
        assert run_fetched_urls(session, T0, ["wire-a"]) == ["http://wire-a.localhost/failed"]


def test_seeding_the_frontier_claims_every_fetched_url() -> None:
    class Settings(dict[str, str]):
        pass

    urls = ["http://wire-a.localhost/a?b=2&a=1", "http://wire-a.localhost/a?a=1&b=2", "http://wire-a.localhost/c"]
    assert seed_frontier(Settings(), "seed-test", urls) == 2  # the same page in two spellings counts once
    frontier = frontier_for_run("seed-test")
    assert not frontier.claim("http://wire-a.localhost/a?a=1&b=2") and frontier.claim("http://wire-a.localhost/d")


def _resume(db: str, sources: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["crawl", "--sources", str(sources), "--db", db, "--resume", *extra])
    return result.exit_code, result.output


def test_resume_of_a_finished_crawl_says_so_in_one_line_and_exits_0(tmp_path: Path, sources: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    archive = open_archive(db)
    _start(archive, "done", sources)
    with archive.session() as session:
        end_run(session, "done", finished=True, now=T0 + timedelta(minutes=3))
    archive.dispose()
    code, output = _resume(db, sources)
    assert code == 0, output
    assert output.strip() == f"nothing to resume: run done of {sources.resolve()} finished at 2026-11-27 08:03:00 UTC"
    assert _resume(db, sources, "--run-id", "done")[0] == 0


def test_resume_without_a_run_to_resume_is_a_one_line_error(tmp_path: Path, sources: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    code, output = _resume(db, sources)
    assert code == 1 and "error:" in output and "start one without --resume" in output
    assert "Traceback" not in output
    code, output = _resume(db, sources, "--run-id", "nope")
    assert code == 1 and "no crawl run 'nope'" in output


def test_a_run_whose_process_still_runs_is_not_resumed_twice(tmp_path: Path, sources: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    archive = open_archive(db)
    # A live process whose command line says "crawl", on this host: the run is not dead.
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "crawl"])
    try:
        _start(archive, "busy", sources, host=socket.gethostname(), pid=alive.pid)
        archive.dispose()
        code, output = _resume(db, sources)
        assert code == 1 and f"run busy is still running (pid {alive.pid})" in output
    finally:
        alive.kill()
        alive.wait()
