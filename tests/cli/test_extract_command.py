"""`newsarchive extract`: one page or a stream of pages to story JSON; broken pages give errors, not crashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.cli import app

runner = CliRunner()
CORPUS = Path(os.environ.get("NEWSARCHIVE_CORPUS", Path(__file__).resolve().parents[3] / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(not (CORPUS / "articles").is_dir() and os.environ.get("CI") != "true",
                                  reason="shared corpus not found")

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Harbour Herald</title>
<meta property="og:site_name" content="The Harbour Herald">
<link rel="canonical" href="https://herald.example/news/harbour-bridge-reopens">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour bridge reopens after repairs",
 "datePublished": "2026-10-05T08:00:00+01:00", "author": {"@type": "Person", "name": "Mara Quill"}}</script>
</head><body><nav>Home World Sport</nav><article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday morning after six months of repairs that cost the city 4 million pounds.</p>
<p>Engineers replaced the corroded steel cables and resurfaced the deck, the council said in a statement on Sunday.</p>
<p>Commuters had faced detours of up to forty minutes while the bridge was closed to cars and buses.</p>
<p>The council said the work would extend the life of the bridge by at least thirty years and cut future maintenance costs.</p>
</article><footer>Contact us</footer></body></html>"""


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.html"
    good.write_text(PAGE, encoding="utf-8")
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes(PAGE.replace("<meta charset=\"utf-8\">", "<meta charset=\"windows-1252\">")
                       .replace("Monday morning", "Monday morning (café reopened too)").encode("cp1252"))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    return {"good": good, "legacy": legacy, "empty": empty, "binary": binary}


def test_single_page_prints_story_json(pages: dict[str, Path]) -> None:
    result = runner.invoke(app, ["extract", str(pages["good"]), "--url", "https://herald.example/news/harbour-bridge-reopens?utm_source=x"])
    assert result.exit_code == 0, result.output
    story = json.loads(result.output)
    assert story["headline"] == "Harbour bridge reopens after repairs"
    assert story["authors"] == ["Mara Quill"]
    assert story["published_at"] == "2026-10-05T08:00:00+01:00"
    assert story["canonical_url"] == "https://herald.example/news/harbour-bridge-reopens"
    assert len(story["body"]) == 4 and story["bullets"] and story["summary"]
    assert set(story) >= {"id", "source", "why_this_matters", "what_this_means_for_you", "provenance"}


def test_wrong_encoding_is_decoded(pages: dict[str, Path]) -> None:
    result = runner.invoke(app, ["extract", str(pages["legacy"]), "--url", "https://herald.example/a-b-c"])
    assert result.exit_code == 0, result.output
    assert "café reopened" in " ".join(json.loads(result.output)["body"])


@pytest.mark.parametrize("name", ["empty", "binary"])
def test_broken_single_page_gives_error_and_status_1(pages: dict[str, Path], name: str) -> None:
    result = runner.invoke(app, ["extract", str(pages[name]), "--url", "https://herald.example/a-b-c"])
    assert result.exit_code == 1
    assert "error" in json.loads(result.output)
    assert "Traceback" not in result.output


def test_single_page_needs_url(pages: dict[str, Path]) -> None:
    result = runner.invoke(app, ["extract", str(pages["good"])])
    assert result.exit_code == 1 and "--url is required" in result.output


def test_stream_mode_keeps_order_and_reports_errors_per_page(pages: dict[str, Path], tmp_path: Path) -> None:
    requests = [
        {"url": "https://herald.example/news/harbour-bridge-reopens", "path": str(pages["good"])},
        {"url": "https://herald.example/x-y-z", "path": str(pages["empty"])},
        {"url": "https://herald.example/x-y-z", "path": str(pages["binary"])},
        {"url": "https://herald.example/x-y-z", "path": str(tmp_path / "missing.html")},
        {"url": "https://herald.example/news/harbour-bridge-reopens", "path": str(pages["legacy"])},
    ]
    stdin = "\n".join(json.dumps(r) for r in requests) + "\nnot json\n"
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "extract", "-"], input=stdin, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 6
    assert out[0]["headline"] == "Harbour bridge reopens after repairs"
    assert [("error" in o) for o in out] == [False, True, True, True, False, True]
    assert out[3]["error"].startswith("unreadable") and out[5]["error"].startswith("bad_request")


@needs_corpus
def test_stream_mode_on_real_corpus_pages() -> None:
    ids = sorted(p.stem for p in (CORPUS / "articles").glob("*.json"))[:5]
    lines = []
    for page_id in ids:
        meta = json.loads((CORPUS / "articles" / f"{page_id}.json").read_text())
        lines.append(json.dumps({"url": meta["url"], "path": str(CORPUS / "articles" / f"{page_id}.html")}))
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "extract", "-"], input="\n".join(lines),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    stories = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(stories) == 5 and all("error" not in s and s["headline"] and s["body"] for s in stories)
