"""BagIt export: the ``bagit`` package validates it, and its datapackage.json describes every field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import bagit
import pyarrow.parquet as pq
import pytest

from archive.db import Archive
from archive.exporters.bag import export_bag
from archive.exporters.selection import ExportFilters
from tests.exports.conftest import Small

ALL = ExportFilters(latest_only=False)


@pytest.fixture(scope="module")
def bag(fixture_archive: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from archive.db import open_archive

    target = tmp_path_factory.mktemp("bag") / "bag"
    archive = open_archive(fixture_archive)
    try:
        with archive.session() as session:
            export_bag(session, target, ALL, include=("jsonl", "csv", "parquet", "warc", "atom"))
    finally:
        archive.dispose()
    return target


def _package(bag: Path) -> dict:
    return json.loads((bag / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_bagit_validates_the_bag(bag: Path) -> None:
    opened = bagit.Bag(str(bag))
    opened.validate()  # raises BagValidationError on any problem
    assert opened.is_valid()
    assert set(opened.payload_files()) >= {"data/stories.jsonl", "data/stories.csv", "data/stories.parquet",
                                           "data/stories.warc.gz", "data/stories.atom.xml", "data/datapackage.json"}
    assert opened.info["Newsarchive-Story-Versions"] == "49"
    assert json.loads(opened.info["Newsarchive-Filters"])["versions"] == "all"
    assert set(opened.algorithms) == {"sha256", "sha512"}


def test_tampering_is_caught(bag: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "bag"
    shutil.copytree(bag, copy)
    with (copy / "data" / "stories.csv").open("a", encoding="utf-8") as handle:
        handle.write("forged,row\r\n")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(copy)).validate()


def test_datapackage_describes_every_field_of_every_file(bag: Path) -> None:
    package = _package(bag)
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == {"stories.jsonl", "stories.csv", "stories.parquet", "stories.warc.gz",
                              "stories.atom.xml"}
    data = bag / "data"
    for path, resource in resources.items():
        assert resource["bytes"] == (data / path).stat().st_size
        assert resource["hash"].startswith("sha256:") and resource["name"] and resource["mediatype"]
    with (data / "stories.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert [f["name"] for f in resources["stories.csv"]["schema"]["fields"]] == header
    parquet_fields = resources["stories.parquet"]["schema"]["fields"]
    assert [f["name"] for f in parquet_fields] == pq.read_schema(data / "stories.parquet").names
    assert {f["name"]: f["type"] for f in parquet_fields}["bullets"] == "array"
    first = json.loads((data / "stories.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {f["name"] for f in resources["stories.jsonl"]["schema"]["fields"]} == set(first)
    for resource in (resources["stories.csv"], resources["stories.parquet"], resources["stories.jsonl"]):
        assert all(f["description"] and f["type"] for f in resource["schema"]["fields"])


def test_unknown_formats_are_refused(archive: Archive, small: Small, tmp_path: Path) -> None:
    with archive.session() as session, pytest.raises(ValueError, match="cannot put bagit in a bag"):
        export_bag(session, tmp_path / "bag", ALL, include=("jsonl", "bagit"))
    assert not (tmp_path / "bag").exists()


def test_html_site_can_be_bagged(archive: Archive, small: Small, tmp_path: Path) -> None:
    with archive.session() as session:
        result = export_bag(session, tmp_path / "bag", ALL, include=("html",))
    assert result.count == 4
    bagit.Bag(str(tmp_path / "bag")).validate()
    package = _package(tmp_path / "bag")
    assert [r["path"] for r in package["resources"]] == ["site/index.html"]
    assert (tmp_path / "bag" / "data" / "site" / "stories").is_dir()
