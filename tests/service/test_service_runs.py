"""The service keeps up with a changing web: it runs for several cycles against the fixture web while
editions add and edit articles underneath it and a feed goes down and comes back.

Intervals are seconds here, and the revisit schedule (days for articles a month old) is scaled
down with ``--revisit-factor`` so that its longest interval is a few seconds too.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from urllib.request import urlopen

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select
from typer.testing import CliRunner

from archive import models
from archive.db import open_archive
from archive.schedule import OLDEST_INTERVAL
from crawler.cli import app
from crawler.fixtureweb import DEMO, FixtureWeb
from tests.integration.crawling import normal
from tests.service.running import ServiceProcess, free_port

pytestmark = pytest.mark.slow

MIN, MAX, FIRST, BACKOFF = 1.5, 5.0, 3.0, 12.0
FACTOR = MAX / OLDEST_INTERVAL.total_seconds()  # the longest revisit interval becomes MAX seconds
REVISIT_WINDOW = MAX
EDITION_SECONDS = 2 * MAX
OPTIONS = ["--min-interval", str(MIN), "--max-interval", str(MAX), "--initial-interval", str(FIRST),
           "--max-backoff", str(BACKOFF), "--revisit-factor", repr(FACTOR), "--grace", "20"]


def _seconds(value: str, unit: str) -> float:
    return float(value) * {"s": 1, "m": 60, "h": 3600}[unit]


def _archived(database_url: str, clock: float) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Canonical URL -> when first archived, and -> when each version was captured (monotonic)."""
    archive = open_archive(database_url)
    try:
        with archive.session() as session:
            articles = {a.id: a for a in session.scalars(select(models.Article))}
            first = {a.canonical_url: a.first_seen_at.timestamp() - clock for a in articles.values()}
            versions: dict[str, list[float]] = {}
            for v in session.scalars(select(models.Version).order_by(models.Version.number)):
                versions.setdefault(articles[v.article_id].canonical_url, []).append(v.captured_at.timestamp() - clock)
            return first, versions
    finally:
        archive.dispose()


def _metrics(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def _status(database_url: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(app, ["status", "--db", database_url, "--json", "--revisit-factor", repr(FACTOR)])
    assert result.exit_code == 0, result.output
    return {row["outlet"]: row for row in map(json.loads, result.output.splitlines())}


def test_the_service_keeps_up_with_a_changing_web(tmp_path: Path) -> None:
    clock = time.time() - time.monotonic()  # wall clock = monotonic + clock
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    port = free_port()
    with FixtureWeb(seed=7, edition=1) as web:
        sources = web.write_sources(tmp_path / "sources.toml")
        feed = web.base("herald") + "/rss.xml"
        appeared: dict[str, float] = {}
        edits: list[tuple[str, float]] = []
        with ServiceProcess(sources, database_url, *OPTIONS, "--metrics-port", str(port)) as service:
            service.wait_for(r"cycle \d+ finished", timeout=90)
            for edition in (2, 3, 4, 5):
                if edition == 2:
                    web.take_down(feed)
                    down_at = time.monotonic()
                web.set_edition(edition)
                now = time.monotonic()
                for url, kinds in web.changes(edition - 1, edition, outlets=list(DEMO)).items():
                    if "new" in kinds:
                        appeared[normal(url)] = now
                    else:
                        edits.append((normal(url), now))
                time.sleep(EDITION_SECONDS)
            while_down = _status(database_url)["herald"]
            web.bring_up(feed)
            up_at = time.monotonic()
            service.wait_for(r"herald: .*/rss.xml is back after", timeout=BACKOFF + MAX + 20)
            time.sleep(MAX)  # one more round of polls and revisits after the last edits
            metrics = _metrics(port)
            code, took = service.stop()
        requests = web.requests
    log = service.text()
    (tmp_path / "service.log").write_text(log)
    assert code == 0 and took < 20 + 5, log[-3000:]

    # Every new article was archived within two poll intervals of appearing.
    first, versions = _archived(database_url, clock)
    assert appeared
    late = {url: round(first.get(url, float("inf")) - at, 1) for url, at in appeared.items()
            if first.get(url, float("inf")) - at > 2 * MAX}
    assert not late, (late, log[-4000:])

    # Every edit was archived (as a new version) within its revisit window.
    assert edits
    missed = [(url, at) for url, at in edits
              if not any(at <= v <= at + REVISIT_WINDOW + MAX for v in versions.get(url, []))]
    assert not missed, (missed, log[-4000:])

    # The failing feed backed off exponentially, was reported, and was polled again once back.
    failures = [(at, int(m[1]), _seconds(m[2], m[3])) for at, m in
                service.matches(r"herald: \S+/rss\.xml failed \(http_503\), (\d+) time\(s\) in a row; "
                                r"next try in ([\d.]+)(s|m|h)")]
    counts = [n for _, n, _ in failures]
    waits = [w for _, _, w in failures]
    assert counts == list(range(1, len(counts) + 1)) and len(counts) >= 3, log[-4000:]
    assert waits == sorted(waits) and waits[-1] >= 2 * waits[0]
    gaps = [b[0] - a[0] for a, b in zip(failures, failures[1:], strict=False)]
    assert all(later >= earlier - 1.0 for earlier, later in zip(gaps, gaps[1:], strict=False)), gaps
    attempts = [r for r in requests if r.target == "/rss.xml" and r.host.startswith("herald.") and r.status == 503]
    assert len(attempts) <= 2 * len(counts)  # one poll, and at most one retry inside it: no tight loop
    assert all(r.at >= down_at for r in attempts)
    assert any(r.at >= up_at and r.status == 200 for r in requests if r.target == "/rss.xml"
               and r.host.startswith("herald."))
    assert while_down["failing_listings"][feed]["failures"] == len(counts)  # `status` showed it
    assert while_down["failures"] == 0  # the outlet itself kept working through its sitemap

    # Nothing was fetched twice in one cycle (robots.txt aside: each spider reads it; the down
    # feed aside: one retry inside the poll that failed).
    cycles = service.cycles()
    assert len(cycles) >= 10
    for number, (start, end) in cycles.items():
        fetched = Counter((r.host, r.target) for r in requests if start <= r.at <= end and r.target != "/robots.txt")
        twice = {k: n for k, n in fetched.items() if n > 1 and not (k[1] == "/rss.xml" and k[0].startswith("herald."))}
        assert not twice, (number, twice)

    # Intervals adapted within their bounds: short after busy polls, long after quiet ones.
    for outlet in DEMO:
        intervals = [_seconds(m[1], m[2]) for _, m in service.matches(
            rf"{outlet}: (?:ok|partial), \d+ new article\(s\); interval ([\d.]+)(s|m|h)")]
        assert intervals and min(intervals) == MIN and max(intervals) == MAX, (outlet, intervals)

    # The metrics told the same story.
    archived = len(first)
    assert metrics[("newsarchive_fetches_total", (("outcome", "new_article"),))] == archived
    assert metrics[("newsarchive_listing_errors_total", (("outlet", "herald"),))] >= len(counts)
    assert metrics[("newsarchive_cycles_total", (("outcome", "finished"),))] >= 10
    assert metrics[("newsarchive_versions_total", ())] == sum(len(v) for v in versions.values())
    assert ("newsarchive_poll_lag_seconds", ()) in metrics and ("newsarchive_revisits_due", ()) in metrics
    assert re.search(r"service \S+ stopped after \d+ cycles", log)
