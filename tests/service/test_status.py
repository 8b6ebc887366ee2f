"""`newsarchive status`, as a table for people and as JSON lines for scripts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from archive.db import open_archive
from archive.versioning import record_capture
from crawler.cli import app
from crawler.service import schedule as plan
from crawler.service.policy import PollPolicy
from tests.research.builders import LEDGER, T0, make_capture, make_story

runner = CliRunner()
POLICY = PollPolicy(min_interval=60, max_interval=3600, initial_interval=300, max_backoff=7200)
FEED, SITEMAP = "https://herald.example/rss.xml", "https://herald.example/sitemap.xml"


def _service_was_here(url: str) -> None:
    """Two outlets as a service leaves them: herald polled (its feed failing), ledger never polled;
    herald has one article from today and one old enough to be due for a revisit."""
    now = datetime.now(UTC)
    archive = open_archive(url)
    with archive.session() as session:
        record_capture(session, make_capture(make_story("https://herald.example/news/old")))  # fetched at T0
        today = int((now - T0).total_seconds() // 60) - 30
        record_capture(session, make_capture(make_story("https://herald.example/news/today"), minutes=today))
        record_capture(session, make_capture(make_story("https://ledger.example/a", source=LEDGER), minutes=today))
    with plan.writing(archive.engine) as session:
        plan.sync_outlets(session, ["herald", "ledger"], now, POLICY)
        started = now - timedelta(minutes=2)
        result = plan.PollResult("herald", started, started + timedelta(seconds=5), {FEED, SITEMAP},
                                 {FEED: "http_503"}, new_articles=3)
        plan.record_poll(session, result, "box:1:x", POLICY, {FEED, SITEMAP})
    archive.dispose()


def test_status_json_gives_one_object_per_outlet(archive_url: str) -> None:
    _service_was_here(archive_url)
    result = runner.invoke(app, ["status", "--db", archive_url, "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["outlet"]: row for row in map(json.loads, result.output.splitlines())}
    assert set(rows) == {"herald", "ledger"}
    herald, ledger = rows["herald"], rows["ledger"]
    assert herald["polls"] == 1 and herald["last_new"] == 3 and herald["last_outcome"] == "partial"
    assert herald["interval_s"] == 150  # three new articles: polled twice as often
    assert herald["articles_24h"] == 1 and herald["revisits_due"] == 1
    assert herald["state"] == "backing off" and herald["failures"] == 0
    assert herald["failing_listings"][FEED]["failures"] == 1
    assert herald["failing_listings"][FEED]["error"] == "http_503"
    last = datetime.fromisoformat(herald["last_poll_at"])
    assert datetime.fromisoformat(herald["next_poll_at"]) == last + timedelta(seconds=5 + 150)
    assert ledger["last_poll_at"] is None and ledger["state"] == "due" and ledger["articles_24h"] == 1
    assert ledger["revisits_due"] == 0


def test_status_table_shows_schedule_failures_and_revisits(archive_url: str) -> None:
    _service_was_here(archive_url)
    result = runner.invoke(app, ["status", "--db", archive_url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.output
    assert "2 outlets, 1 revisits due" in text
    herald = next(line for line in text.splitlines() if "herald" in line and "backing off" in line)
    assert "ago" in herald and "2.5m" in herald and "1 listing(s) backing off" in herald
    ledger = next(line for line in text.splitlines() if "│ ledger" in line)
    assert "never" in ledger and "overdue" in ledger
    assert f"herald: {FEED} failed 1x (http_503), retry in" in " ".join(text.split())


def test_status_of_an_archive_the_service_never_ran_on(archive_url: str) -> None:
    open_archive(archive_url).dispose()
    result = runner.invoke(app, ["status", "--db", archive_url])
    assert result.exit_code == 0 and "No outlet is scheduled yet" in result.output
    result = runner.invoke(app, ["status", "--db", archive_url, "--json"])
    assert result.exit_code == 0 and result.output == ""
