"""RSS and Atom exports, read by feedparser: every item attributable, complete, and free of hostile markup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import html as lxml_html

from archive.db import Archive
from archive.exporters.feeds import export_atom, export_rss
from archive.exporters.jsonl import export_jsonl
from archive.exporters.selection import ExportFilters
from tests.exports.conftest import Small

LATEST = ExportFilters()
EXPORTERS = {"rss": export_rss, "atom": export_atom}


def _parse(archive: Archive, kind: str, path: Path, filters: ExportFilters = LATEST) -> Any:
    with archive.session() as session:
        result = EXPORTERS[kind](session, path, filters)
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == result.count
    return parsed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_each_item_has_what_an_editor_needs(kind: str, archive: Archive, small: Small, out: Path) -> None:
    parsed = _parse(archive, kind, out / f"feed.{kind}")
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    flood = next(e for e in parsed.entries if e.link == small.flood.canonical_url)
    assert flood.title == "Council approves £12m flood defences"
    assert flood.summary == small.flood2.summary
    assert flood.author == "Ada Lovelace"
    assert flood.source.title == "The Harbour Herald"
    assert flood.source.get("href", flood.source.get("link")) == "https://herald.example/"
    assert flood.published_parsed[:5] == (2026, 10, 5, 7, 0)  # 08:00+01:00
    assert flood.tags[0].term == "World"
    content = lxml_html.fragment_fromstring(flood.content[0].value, create_parent="div")
    assert [li.text for li in content.iter("li")] == small.flood2.bullets
    text = content.text_content()
    assert "Why this matters" in text and small.flood2.why_this_matters in text
    assert "What this means for you" in text
    source_link = [a.get("href") for a in content.iter("a")]
    assert source_link == [small.flood.canonical_url]
    if kind == "atom":
        assert flood.updated_parsed[:5] == (2026, 10, 5, 13, 15)  # the outlet's update, 10:15-03:00


def test_all_versions_are_distinct_items(archive: Archive, small: Small, out: Path) -> None:
    parsed = _parse(archive, "atom", out / "all.atom", ExportFilters(latest_only=False))
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids)) == 4
    assert sum(1 for e in parsed.entries if e.link == small.flood.canonical_url) == 2


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_fixture_web_feeds_parse_and_carry_no_payloads(kind: str, opened: Archive, out: Path) -> None:
    parsed = _parse(opened, kind, out / f"web.{kind}")
    with opened.session() as session:
        export_jsonl(session, out / "latest.jsonl")
    stories = [json.loads(line) for line in (out / "latest.jsonl").read_text().splitlines()]
    assert len(parsed.entries) == len(stories) == 39
    assert {e.link for e in parsed.entries} == {s["canonical_url"] for s in stories}
    raw = (out / f"web.{kind}").read_text(encoding="utf-8")
    xss = [e for e in parsed.entries if "xss.localhost" in e.link]
    assert len(xss) == 4
    for entry in xss:
        for value in [entry.title, entry.summary, entry.content[0].value, entry.get("author", "")]:
            fragment = lxml_html.fragment_fromstring(value or "<p></p>", create_parent="div")
            for element in fragment.iter():
                assert element.tag not in ("script", "img", "svg", "iframe", "object", "embed")
                assert not [a for a in element.attrib if a.startswith("on") or a == "style"]
                assert not (element.get("href") or "http").lower().startswith(("javascript", "data"))
    assert "<script" not in raw.lower() and "&lt;script" not in raw.lower()
    assert "javascript:" not in raw.lower()
