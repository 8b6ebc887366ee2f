"""End to end on a real crawl: `newsarchive crawl` the fixture web, then export every format and read it back.

Two crawls (editions 1 and 2, Scrapy in a subprocess as users run it) per backend, then every
format from the command line, each read by its own reader, and the WARC imported back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import bagit
import feedparser
import pyarrow.parquet as pq
import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from crawler.cli import app
from crawler.fixtureweb import FixtureWeb
from tests.integration.crawling import archive_state, crawl

pytestmark = pytest.mark.slow
runner = CliRunner()
OUTLETS = ["herald", "courier", "xss"]


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb(seed=11, edition=1, slow_seconds=0.5) as served:
        yield served


@pytest.fixture
def crawled(web: FixtureWeb, archive_url: str, tmp_path: Path) -> str:
    sources = web.write_sources(tmp_path / "sources.toml", OUTLETS)
    crawl(sources, archive_url, "--spider", "feeds", cwd=tmp_path)
    web.set_edition(2)
    try:  # edition 2 changes some stories; re-fetch known pages to see it
        crawl(sources, archive_url, "--spider", "feeds", "--set", "NEWSARCHIVE_REFETCH_KNOWN=True", cwd=tmp_path)
    finally:
        web.set_edition(1)
    return archive_url


def _export(db: str, fmt: str, out: Path) -> dict:
    result = runner.invoke(app, ["export", "--format", fmt, "--db", db, "--out", str(out), "--all-versions"])
    assert result.exit_code == 0, result.output
    return json.loads(out.with_name(out.name + ".manifest.json").read_text())


def test_every_format_of_a_crawled_archive(crawled: str, tmp_path: Path) -> None:
    state = archive_state(crawled)
    assert state.versions > len(state.articles) > 10  # edition 2 changed some stories
    _export(crawled, "jsonl", tmp_path / "s.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert len(lines) == state.versions and {x["canonical_url"] for x in lines} == state.articles
    assert _export(crawled, "csv", tmp_path / "s.csv")["count"] == state.versions
    _export(crawled, "parquet", tmp_path / "s.parquet")
    assert pq.read_table(tmp_path / "s.parquet").num_rows == state.versions
    _export(crawled, "warc", tmp_path / "s.warc.gz")
    with (tmp_path / "s.warc.gz").open("rb") as handle:
        responses = sum(1 for r in ArchiveIterator(handle) if r.rec_type == "response")
    assert responses == state.versions
    for kind in ("rss", "atom"):
        _export(crawled, kind, tmp_path / f"s.{kind}")
        parsed = feedparser.parse((tmp_path / f"s.{kind}").read_bytes())
        assert not parsed.bozo and len(parsed.entries) == state.versions
    _export(crawled, "html", tmp_path / "site")
    pages = list((tmp_path / "site" / "stories").glob("*.html"))
    assert len(pages) == state.versions
    for page in pages:
        tree = lxml_html.fromstring(page.read_bytes())
        assert not tree.xpath("//script | //*[@*[starts-with(name(), 'on')]] | //*[@style]")
        assert not [h for h in tree.xpath("//@href | //@src") if h.strip().lower().startswith("javascript")]
    _export(crawled, "bagit", tmp_path / "bag")
    bagit.Bag(str(tmp_path / "bag")).validate()
    _round_trip(crawled, tmp_path)


def _round_trip(crawled: str, tmp_path: Path) -> None:
    """The crawl's WARC, imported into a fresh archive (two extraction workers), gives the same stories."""
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    result = runner.invoke(app, ["import", str(tmp_path / "s.warc.gz"), "--db", fresh, "--workers", "2"])
    assert result.exit_code == 0, result.output

    def stories(db: str, name: str) -> list[dict]:
        _export(db, "jsonl", tmp_path / name)
        lines = [json.loads(x) for x in (tmp_path / name).read_text().splitlines()]
        return [{k: v for k, v in line.items() if k not in ("article_id", "capture")} for line in lines]

    assert stories(fresh, "after.jsonl") == stories(crawled, "before.jsonl")
