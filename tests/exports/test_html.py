"""The static site export, read with lxml: the portal layout on every page, and nothing executable."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from archive.db import Archive
from archive.exporters.html import export_html
from archive.exporters.jsonl import export_jsonl
from archive.exporters.selection import ExportFilters

ALL = ExportFilters(latest_only=False)
EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "frame", "frameset", "applet", "base", "form"}


@pytest.fixture(scope="module")
def site(fixture_archive: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """The fixture web's site with every version, and the same selection as JSON Lines."""
    from archive.db import open_archive

    root = tmp_path_factory.mktemp("site")
    archive = open_archive(fixture_archive)
    try:
        with archive.session() as session:
            export_html(session, root / "site", ALL)
            export_jsonl(session, root / "all.jsonl", filters=ALL)
    finally:
        archive.dispose()
    lines = [json.loads(line) for line in (root / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    return root / "site", lines


def _page(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def _text(tree: lxml_html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_every_version_has_a_page_in_the_portal_layout(site: tuple[Path, list[dict]]) -> None:
    root, lines = site
    newest = {}
    for line in lines:
        newest[line["id"]] = max(newest.get(line["id"], 0), line["version"])
    for line in lines:
        if "xss.localhost" in line["canonical_url"]:
            continue  # hostile markup is checked below; its text is cleaned, not equal
        name = f"{line['id']}.html" if line["version"] == newest[line["id"]] else f"{line['id']}.v{line['version']}.html"
        tree = _page(root / "stories" / name)
        assert _text(tree, "//h1[@class='headline']") == [" ".join(line["headline"].split())]
        assert _text(tree, "//p[@class='summary']") == [" ".join(line["summary"].split())]
        assert _text(tree, "//section[@class='key-points']//li") == [" ".join(b.split()) for b in line["bullets"]]
        assert _text(tree, "//div[@class='body']/p") == [" ".join(p.split()) for p in line["body"]]
        assert _text(tree, "//section[@class='why-this-matters']/h2") == ["Why this matters"]
        assert _text(tree, "//section[@class='what-this-means-for-you']/h2") == ["What this means for you"]
        assert tree.xpath("//a[@class='original']/@href") == [line["canonical_url"]]
        assert _text(tree, "//a[@class='original']") == [line["source"]["name"]]
        if line["authors"]:
            assert _text(tree, "//p[@class='authors']") == ["By " + ", ".join(line["authors"])]
        if line["published_at"]:
            assert tree.xpath("//time[@class='published']/@datetime") == [line["published_at"]]
        history = tree.xpath("//aside[@class='updated-note']//ol/li")
        assert len(history) == (line["versions"] if line["versions"] > 1 else 0)


def test_changed_stories_link_their_history(site: tuple[Path, list[dict]]) -> None:
    root, lines = site
    changed = {line["id"] for line in lines if line["version"] == 2}
    assert len(changed) == 10
    for story_id in changed:
        tree = _page(root / "stories" / f"{story_id}.html")
        assert "version 2 of 2" in _text(tree, "//aside[@class='updated-note']/p")[0]
        links = tree.xpath("//aside[@class='updated-note']//a/@href")
        assert links == [f"{story_id}.v1.html"] and (root / "stories" / links[0]).exists()
        old = _page(root / "stories" / f"{story_id}.v1.html")
        assert "a newer version exists" in _text(old, "//aside[@class='updated-note']/p")[0]


def test_index_lists_every_story_newest_first(site: tuple[Path, list[dict]]) -> None:
    root, lines = site
    tree = _page(root / "index.html")
    links = tree.xpath("//ol[@class='stories']/li/a/@href")
    assert len(links) == len({line["id"] for line in lines}) == 39
    assert all((root / link).exists() for link in links)
    times = [datetime.fromisoformat(t) for t in tree.xpath("//ol[@class='stories']/li/time/@datetime")]
    assert len(times) == 39 and times == sorted(times, reverse=True)


def test_nothing_executable_survives_on_any_page(site: tuple[Path, list[dict]]) -> None:
    root, _ = site
    pages = sorted(root.rglob("*.html"))
    xss_pages = 0
    for path in pages:
        tree = _page(path)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in EXECUTABLE_TAGS, (path, element.tag)
            for name, value in element.attrib.items():
                assert not name.startswith("on") and name not in ("style", "srcdoc", "formaction"), (path, name)
                if name in ("href", "src", "action", "data", "poster"):
                    assert value.startswith(("http://", "https://", "../", "stories/", "index.html", "style.css")) \
                        or value.endswith(".html"), (path, name, value)
        source = path.read_text(encoding="utf-8").lower()
        if "xss.localhost" in source:
            xss_pages += 1
            assert "javascript:" not in source and "<script" not in source and "onerror" not in source
    assert xss_pages == 4


def test_site_replaces_the_previous_one_whole(archive: Archive, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "stale.html").write_text("old")
    with archive.session() as session:
        result = export_html(session, target, ALL)
    assert result.count == 0 and not (target / "stale.html").exists()
    assert (target / "index.html").exists() and set(result.files) == {"index.html", "style.css"}
