"""`newsarchive export`: every format from the command line, default folder, filters and manifest."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive.db import Archive
from archive.exporters.run import FORMATS
from crawler.cli import app
from tests.exports.conftest import Small, url_of

runner = CliRunner()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_goes_to_exports_with_a_manifest(fmt: str, archive: Archive, small: Small, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSARCHIVE_EXPORTS", raising=False)
    result = runner.invoke(app, ["export", "--format", fmt, "--db", url_of(archive), "--all-versions"])
    assert result.exit_code == 0, result.output
    output = tmp_path / "exports" / FORMATS[fmt].default_name
    manifest_file = output.with_name(output.name + ".manifest.json")
    assert output.exists() and manifest_file.exists()
    manifest = json.loads(manifest_file.read_text())
    assert manifest["format"] == fmt and manifest["count"] == 4
    assert manifest["filters"]["versions"] == "all"
    assert datetime.fromisoformat(manifest["started_at"]) <= datetime.fromisoformat(manifest["finished_at"])
    assert manifest["files"]
    for entry in manifest["files"]:
        path = output / entry["path"] if output.is_dir() else output.parent / entry["path"]
        assert _sha256(path) == entry["sha256"], entry["path"]
    if not output.is_dir():
        assert manifest["sha256"] == _sha256(output)
    assert "wrote 4 story versions" in " ".join(result.output.split())


def test_filters_reach_the_export(archive: Archive, small: Small, tmp_path: Path) -> None:
    out = tmp_path / "fr.jsonl"
    result = runner.invoke(app, ["export", "--db", url_of(archive), "--out", str(out), "--language", "fr"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["canonical_url"] for line in out.read_text().splitlines()] == [small.ferry.canonical_url]
    dated = tmp_path / "dated.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "--db", url_of(archive), "--out", str(dated),
                                 "--outlet", "herald", "--outlet", "courier", "--since", "2026-10-02",
                                 "--until", "2026-10-06"])
    assert result.exit_code == 0, result.output
    with dated.open(encoding="utf-8", newline="") as handle:
        assert [row["canonical_url"] for row in csv.DictReader(handle)] == [small.flood.canonical_url]
    manifest = json.loads((tmp_path / "dated.csv.manifest.json").read_text())
    assert manifest["filters"] == {"outlets": ["herald", "courier"], "language": None,
                                   "since": "2026-10-02T00:00:00+00:00", "until": "2026-10-06T00:00:00+00:00",
                                   "query": None, "cluster": None, "versions": "latest"}
    assert manifest["count"] == 1


def test_section_option_selects_and_is_in_the_manifest(archive: Archive, small: Small, tmp_path: Path) -> None:
    out = tmp_path / "world.jsonl"
    result = runner.invoke(app, ["export", "--db", url_of(archive), "--out", str(out), "--section", "world",
                                 "--outlet", "courier"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["canonical_url"] for line in out.read_text().splitlines()] == [small.ferry.canonical_url]
    assert json.loads((tmp_path / "world.jsonl.manifest.json").read_text())["filters"]["section"] == "world"
    result = runner.invoke(app, ["export", "--db", url_of(archive), "--out", str(tmp_path / "none.jsonl"),
                                 "--section", "Weather"])
    assert result.exit_code == 0 and (tmp_path / "none.jsonl").read_text() == ""


def test_bad_options_are_one_line_errors(archive: Archive, small: Small, tmp_path: Path) -> None:
    db = url_of(archive)
    for args, message in ((["--format", "xml"], "unknown format 'xml'"),
                          (["--since", "not a date"], "--since: cannot read"),
                          (["--include", "csv"], "--include only applies to --format bagit"),
                          (["--format", "bagit", "--include", "jsonl,pdf", "--out", str(tmp_path / "b")],
                           "cannot put pdf in a bag")):
        result = runner.invoke(app, ["export", "--db", db, *args])
        assert result.exit_code == 1, (args, result.output)
        assert message in " ".join(result.output.split()) and "Traceback" not in result.output


def test_bagit_include_option(archive: Archive, small: Small, tmp_path: Path) -> None:
    import bagit

    target = tmp_path / "bag"
    result = runner.invoke(app, ["export", "-f", "bagit", "--db", url_of(archive), "--out", str(target),
                                 "--include", "jsonl", "--include", "rss,parquet"])
    assert result.exit_code == 0, result.output
    bag = bagit.Bag(str(target))
    bag.validate()
    assert sorted(p for p in bag.payload_files()) == ["data/datapackage.json", "data/stories.jsonl",
                                                     "data/stories.parquet", "data/stories.rss.xml"]


def test_query_and_cluster_filters_from_the_command_line(archive: Archive, small: Small, tmp_path: Path) -> None:
    out = tmp_path / "q.jsonl"
    result = runner.invoke(app, ["export", "--db", url_of(archive), "--out", str(out), "--query", "tram"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["canonical_url"] for line in out.read_text().splitlines()] == [small.tram.canonical_url]
    from archive.clusters import cluster_article_ids  # the same small stories share a body: one cluster

    with archive.session() as session:
        members = cluster_article_ids(session, small.ferry.id)
    result = runner.invoke(app, ["export", "--db", url_of(archive), "--out", str(out), "--cluster", small.ferry.id])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert small.ferry.canonical_url in {line["canonical_url"] for line in lines}
    assert {line["article_id"] for line in lines} == members
    manifest = json.loads((tmp_path / "q.jsonl.manifest.json").read_text())
    assert manifest["filters"]["cluster"] == small.ferry.id and manifest["count"] == len(members)
