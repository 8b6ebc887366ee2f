"""`renormalise` adds derivations without touching captured text; `show` fills every portal field."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from archive import models
from archive.capture import Capture
from archive.db import open_archive
from archive.story import Story
from archive.versioning import record_capture
from crawler.cli import adhoc_outlet, app, extract_page

runner = CliRunner()
CORPUS = Path(os.environ.get("NEWSARCHIVE_CORPUS", Path(__file__).resolve().parents[3] / "shared" / "corpus"))
ARTICLES = sorted((CORPUS / "articles").glob("*.json"))[:40:8] if (CORPUS / "articles").is_dir() else []


def _archive_with(tmp_path: Path, ids: list[Path]) -> tuple[str, list[str]]:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    archive = open_archive(url)
    urls = []
    for meta_path in ids:
        meta = json.loads(meta_path.read_text())
        story_json = extract_page(meta_path.with_suffix(".html"), meta["url"])
        assert "error" not in story_json, story_json
        story = Story.from_dict(story_json)
        outlet = adhoc_outlet(meta["url"])
        with archive.session() as session:
            record_capture(session, Capture(source=outlet.ref, requested_url=meta["url"], final_url=meta["url"],
                                            status=200, fetched_at=datetime.now(UTC),
                                            body=meta_path.with_suffix(".html").read_bytes(),
                                            headers={"content-type": "text/html"}, story=story))
        urls.append(story.canonical_url)
    archive.dispose()
    return url, urls


@pytest.mark.skipif(not ARTICLES, reason="shared corpus not found")
def test_show_fills_every_portal_field_for_corpus_articles(tmp_path: Path) -> None:
    db, urls = _archive_with(tmp_path, ARTICLES)
    for url in urls:
        result = runner.invoke(app, ["show", url, "--db", db, "--json"])
        assert result.exit_code == 0, result.output
        story = json.loads(result.output)
        for field in ("headline", "summary", "why_this_matters", "what_this_means_for_you"):
            assert story[field].strip(), (url, field)
        assert 3 <= len(story["bullets"]) <= 5 and story["body"], url
        assert story["provenance"]["bullets"]["method"] in ("extractive", "source")
        text = runner.invoke(app, ["show", url, "--db", db])
        assert "Key points" in text.output and "Why this matters" in text.output


@pytest.mark.skipif(not ARTICLES, reason="shared corpus not found")
def test_renormalise_records_a_new_derivation_and_keeps_captured_text(tmp_path: Path) -> None:
    db, urls = _archive_with(tmp_path, ARTICLES[:2])
    archive = open_archive(db)
    with archive.session() as session:
        bodies = [v.body for v in session.scalars(select(models.Version).order_by(models.Version.id))]
        first = session.scalars(select(models.Derivation).order_by(models.Derivation.id)).first()
        assert first is not None
        session.add(models.Derivation(version_id=first.version_id, created_at=datetime.now(UTC), generator="editor",
                                      summary="An editor's summary.", bullets=["x"], why_this_matters="",
                                      what_this_means_for_you="", provenance={}))
    same = runner.invoke(app, ["renormalise", "--db", db, "--outlet", adhoc_outlet(urls[1]).key])
    assert same.exit_code == 0, same.output and "0 new derivation(s)" in same.output
    result = runner.invoke(app, ["renormalise", "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 new derivation(s)" in result.output
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Derivation)) == 4
        assert [v.body for v in session.scalars(select(models.Version).order_by(models.Version.id))] == bodies
    archive.dispose()
    shown = json.loads(runner.invoke(app, ["show", urls[0], "--db", db, "--json"]).output)
    assert shown["summary"] != "An editor's summary."


def test_renormalise_chat_generator_needs_a_server() -> None:
    result = runner.invoke(app, ["renormalise", "--generator", "chat"], env={"NEWSARCHIVE_CHAT_URL": ""})
    assert result.exit_code == 1 and "--chat-url" in result.output
    bad = runner.invoke(app, ["renormalise", "--generator", "poetry"])
    assert bad.exit_code == 1 and "unknown generator" in bad.output
