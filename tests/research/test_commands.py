"""The research commands: help, and each one on a small archive (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive.db import open_archive
from crawler.cli import app
from tests.research.builders import BODY, HERALD, LEDGER, make_capture, make_story
from tests.research.test_clusters import WIRE_COPY

runner = CliRunner()
URL = "https://herald.example/news/freeport-strike"


@pytest.mark.parametrize("command", ["search", "coverage", "diff", "edits", "compare", "due", "revisit"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output and "--db" in result.output


@pytest.fixture
def db(archive_url: str) -> Iterator[str]:
    from archive.versioning import record_capture

    archive = open_archive(archive_url)
    first = make_story(URL)
    assert first.updated_at is not None
    second = make_story(URL, headline="Dock strike leaves ships stranded",
                        body=[*BODY, "Correction: An earlier version of this article gave the wrong offer."],
                        updated_at=first.updated_at + timedelta(hours=1))
    stealthy = make_story(URL, headline="Dock strike leaves ships stranded",
                          body=[*BODY[:-1], BODY[-1] + " Both sides confirmed the date.",
                                "Correction: An earlier version of this article gave the wrong offer."],
                          updated_at=first.updated_at + timedelta(hours=1))
    copy = make_story("https://ledger.example/strike", source=LEDGER, headline="Dock workers walk out",
                      body=WIRE_COPY)
    with archive.session() as session:
        for minutes, story in ((0, first), (30, second), (60, stealthy), (5, copy)):
            record_capture(session, make_capture(story, minutes=minutes))
    archive.dispose()
    yield archive_url


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_search_command(db: str) -> None:
    out = _run("search", "ships stranded", "--db", db)
    assert "1 hit(s) for 'ships stranded'" in out and "herald" in out  # a table (wrapped to the terminal)
    hits = [json.loads(line) for line in _run("search", "strike", "--db", db, "--json").splitlines()]
    assert {h["outlet"] for h in hits} == {"herald", "ledger"} and hits[0]["rank"] >= hits[-1]["rank"]
    assert _run("search", "strike", "--db", db, "--json", "--outlet", "ledger").count("\n") == 1
    bad = runner.invoke(app, ["search", "strike OR", "--db", db])
    assert bad.exit_code == 1 and "OR needs a word" in bad.output


def test_diff_command(db: str) -> None:
    plain = _run("diff", URL, "--db", db, "--no-color")
    assert "version 2 -> 3" in plain and "{+Both sides confirmed the date.+}" in plain
    assert "edits: paragraph_rewritten, stealth_edit" in plain
    first = _run("diff", URL, "--db", db, "--no-color", "--from", "1", "--to", "2")
    assert "headline: [-Freeport strike: talks collapse as-] {+Dock strike leaves+} ships" in first
    assert "+ Correction: An earlier version" in first
    data = json.loads(_run("diff", URL, "--db", db, "--json", "--from", "1", "--to", "2"))
    assert data["from"] == 1 and data["to"] == 2 and data["edits"] == ["headline_rewrite", "correction", "modified_bump"]
    assert {f["field"] for f in data["fields"]} >= {"headline", "updated_at"}
    assert data["counts"]["insert"] == 1
    missing = runner.invoke(app, ["diff", URL, "--db", db, "--from", "1", "--to", "9"])
    assert missing.exit_code == 1 and "no version 9" in missing.output
    assert runner.invoke(app, ["diff", "https://nowhere.example/", "--db", db]).exit_code == 1


def test_edits_command(db: str) -> None:
    out = _run("edits", "--db", db)
    assert "stealth_e" in out and "headline_" in out
    rows = [json.loads(line) for line in _run("edits", "--db", db, "--json", "--kind", "stealth_edit").splitlines()]
    assert [(r["version"], r["stealth"]) for r in rows] == [(3, True)]
    assert _run("edits", "--db", db, "--json", "--outlet", "ledger") == ""
    assert _run("edits", "--db", db, "--json", "--since", "2030-01-01") == ""
    bad = runner.invoke(app, ["edits", "--db", db, "--kind", "typo"])
    assert bad.exit_code == 1 and "unknown edit kind" in bad.output


def test_compare_command(db: str) -> None:
    listing = _run("compare", "--db", db)
    assert "herald, ledger" in listing
    data = json.loads(_run("compare", URL, "--db", db, "--json"))
    assert data["size"] == 2 and {m["outlet"] for m in data["members"]} == {"herald", "ledger"}
    by_id = _run("compare", str(data["cluster_id"]), "--db", db)
    assert "only here" in by_id and "ledger" in by_id
    rebuilt = _run("compare", URL, "--db", db, "--json", "--rebuild")
    assert json.loads(rebuilt[rebuilt.index("{"):])["size"] == 2
    assert runner.invoke(app, ["compare", "https://nowhere.example/", "--db", db]).exit_code == 1


def test_coverage_command(db: str, tmp_path: Path) -> None:
    out = _run("coverage", "strike", "--by", "outlet", "--db", db)
    assert "all outlets" in out
    rows = [json.loads(line) for line in _run("coverage", "strike", "--by", "day", "--db", db, "--json").splitlines()]
    assert {"period": "2026-10-05", "outlet": None, "stories": 2, "clusters": 1} in rows
    chart = tmp_path / "coverage.png"
    assert "chart written" in _run("coverage", "strike", "--by", "week", "--db", db, "--plot", str(chart))
    assert chart.read_bytes().startswith(b"\x89PNG")
    bad = runner.invoke(app, ["coverage", "strike", "--by", "month", "--db", db])
    assert bad.exit_code == 1 and "--by" in bad.output


def test_due_command(db: str) -> None:
    out = _run("due", "--db", db)
    assert "archived articles due now" in out and "herald" in out
    rows = [json.loads(line) for line in _run("due", "--db", db, "--json").splitlines()]
    assert {r["outlet"] for r in rows} == {"herald", "ledger"} and all(r["due"] for r in rows)
    assert all(r["interval_s"] >= 900 for r in rows)
    assert _run("due", "--db", db, "--json", "--outlet", "ledger").count("\n") == 1
    assert HERALD.key in out
