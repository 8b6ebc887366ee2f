"""The sources file: valid files load, every mistake names the file, the outlet and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import SourcesError, load_sources, parse_sources, select_outlets

REPO = Path(__file__).resolve().parents[2]

GOOD = """
[[outlet]]
key = "herald"
name = "The Harbour Herald"
home = "https://www.herald.example/"
language = "en"
country = "GB"
feeds = ["https://www.herald.example/feed.xml"]
frontpages = ["https://www.herald.example/"]
render = "static"
"""


def test_good_file_loads_every_field() -> None:
    [outlet] = parse_sources(GOOD, "good.toml")
    assert outlet.key == "herald" and outlet.name == "The Harbour Herald"
    assert outlet.feeds == ("https://www.herald.example/feed.xml",)
    assert outlet.sitemaps == () and outlet.render == "static"
    assert outlet.ref.home_url == "https://www.herald.example/"
    assert outlet.owns_host("herald.example") and outlet.owns_host("www.herald.example")
    assert outlet.owns_host("news.herald.example") and not outlet.owns_host("evil-herald.example")


def test_example_sources_file_is_valid() -> None:
    outlets = load_sources(REPO / "sources.example.toml")
    assert len(outlets) >= 3
    assert all(o.feeds or o.sitemaps or o.frontpages for o in outlets)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[outlet]\nkey=", "bad.toml: not valid TOML"),
        ("title = 'x'", "bad.toml: no outlets"),
        (GOOD.replace('key = "herald"', 'key = "Her ald"'), "field 'key'"),
        (GOOD.replace('name = "The Harbour Herald"', ""), "outlet 'herald': field 'name' is required"),
        (GOOD.replace('home = "https://www.herald.example/"', 'home = "herald.example"'), "outlet 'herald', field 'home'"),
        (GOOD.replace('feeds = ["https://www.herald.example/feed.xml"]', 'feeds = ["ftp://x/feed"]'),
         "outlet 'herald', field 'feeds'[0]"),
        (GOOD.replace('render = "static"', 'render = "sometimes"'), "outlet 'herald', field 'render'"),
        (GOOD.replace('country = "GB"', 'country = "GB"\nfeed = "x"'), "outlet 'herald': unknown field(s) feed"),
        (GOOD + GOOD, "outlet 'herald': the key is used twice"),
        (GOOD.replace('feeds = ["https://www.herald.example/feed.xml"]\nfrontpages = ["https://www.herald.example/"]', ""),
         "give at least one of"),
    ],
)
def test_mistakes_name_file_outlet_and_field(text: str, expected: str) -> None:
    with pytest.raises(SourcesError) as err:
        parse_sources(text, "bad.toml")
    assert str(err.value).startswith("bad.toml: ")
    assert expected in str(err.value)


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="missing.toml: cannot read the sources file"):
        load_sources(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b"# caf\xe9\n")
    with pytest.raises(SourcesError, match="latin.toml: the sources file is not UTF-8"):
        load_sources(latin)


def test_select_outlets_rejects_unknown_keys() -> None:
    outlets = parse_sources(GOOD, "good.toml")
    assert select_outlets(outlets, None) == outlets
    assert select_outlets(outlets, ["herald"]) == outlets
    with pytest.raises(SourcesError, match="unknown outlet.*nope.*known: herald"):
        select_outlets(outlets, ["nope"])
