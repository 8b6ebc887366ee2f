"""Every command has help, and each archive command works on a small hand-built archive."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive.capture import Capture
from archive.db import open_archive
from archive.story import FieldProvenance, SourceRef, Story
from archive.versioning import record_capture
from crawler.cli import app

runner = CliRunner()
SOURCE = SourceRef(key="herald", name="The Harbour Herald", home_url="https://herald.example/", country="GB")
URL = "https://herald.example/world/council-approves-flood-defences"


def _story(headline: str, body: list[str]) -> Story:
    return Story(
        canonical_url=URL, source=SOURCE, headline=headline, body=body,
        summary=body[0], bullets=body[:3], why_this_matters=body[-1], what_this_means_for_you=body[-2],
        authors=["Ada Lovelace"], published_at=datetime(2026, 10, 5, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        section="World", language="en", provenance={"summary": FieldProvenance("extractive", "1", sentences=[0])},
    )


def _capture(story: Story, minutes: int) -> Capture:
    return Capture(source=SOURCE, requested_url=URL, final_url=URL, status=200,
                   fetched_at=datetime(2026, 10, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes),
                   body=f"<html><h1>{story.headline}</h1></html>".encode(),
                   headers={"content-type": "text/html"}, story=story)


BODY = [
    "The council approved new flood defences on Monday.",
    "The scheme costs 12 million pounds and covers the harbour front.",
    "Work starts in spring and lasts two years.",
    "Residents in low-lying streets will pay lower insurance premiums.",
    "The defences protect 3,000 homes from storm surges.",
]


@pytest.fixture
def filled_archive(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    archive = open_archive(url)
    with archive.session() as session:
        record_capture(session, _capture(_story("Council approves flood defences", BODY), 0))
    with archive.session() as session:
        record_capture(session, _capture(_story("Council approves £12m flood defences", BODY), 30))
    archive.engine.dispose()
    return url


def _command_names() -> list[str]:
    return sorted(c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands)


def test_expected_commands_exist() -> None:
    assert {"demo", "crawl", "stories", "show", "history", "export", "extract"} <= set(_command_names())


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and len(result.output) > 200


def test_stories_lists_latest_versions(filled_archive: str) -> None:
    result = runner.invoke(app, ["stories", "--db", filled_archive, "--json"])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert row["headline"] == "Council approves £12m flood defences" and row["version"] == 2
    table = runner.invoke(app, ["stories", "--db", filled_archive, "--text", "flood"])
    assert table.exit_code == 0 and "Council approves" in table.output
    none = runner.invoke(app, ["stories", "--db", filled_archive, "--outlet", "nobody", "--json"])
    assert none.exit_code == 0 and none.output.strip() == ""


def test_show_prints_portal_layout(filled_archive: str) -> None:
    result = runner.invoke(app, ["show", URL, "--db", filled_archive])
    assert result.exit_code == 0, result.output
    for expected in ("Council approves £12m flood defences", "Key points", "Why this matters",
                     "What this means for you", "The Harbour Herald", "Ada Lovelace", "version 2"):
        assert expected in result.output
    first = runner.invoke(app, ["show", URL, "--db", filled_archive, "--version", "1", "--json"])
    assert json.loads(first.output)["headline"] == "Council approves flood defences"
    missing = runner.invoke(app, ["show", "https://nowhere.example/x", "--db", filled_archive])
    assert missing.exit_code == 1 and "no story" in missing.output


def test_history_lists_versions(filled_archive: str) -> None:
    result = runner.invoke(app, ["history", URL, "--db", filled_archive])
    assert result.exit_code == 0, result.output
    assert "2 version(s)" in result.output and "£12m" in result.output


def test_export_jsonl(filled_archive: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "--db", filled_archive, "--out", str(out),
                                 "--all-versions"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["version"] for r in rows] == [1, 2]
    assert rows[1]["headline"] == "Council approves £12m flood defences"
    bad = runner.invoke(app, ["export", "--format", "xml", "--db", filled_archive])
    assert bad.exit_code == 1 and "unknown format" in bad.output


def test_bad_database_url_is_one_line() -> None:
    result = runner.invoke(app, ["stories", "--db", "nosuchdb://x"])
    assert result.exit_code == 1
    assert "error:" in result.output and "Traceback" not in result.output


def test_crawl_rejects_bad_sources(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[outlet]]\nkey = "x"\n')
    result = runner.invoke(app, ["crawl", "--sources", str(bad), "--db", f"sqlite:///{tmp_path / 'a.db'}"])
    assert result.exit_code == 1 and "bad.toml: outlet 'x': field 'name' is required" in result.output
    result = runner.invoke(app, ["crawl", "--sources", str(bad), "--spider", "nope"])
    assert result.exit_code == 1 and "unknown spider" in result.output
