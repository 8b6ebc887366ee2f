"""Headline choice and outlet-name stripping."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from crawler.extract.headline import pick_headline, strip_site_name

from .conftest import page

SITES = ["The Harbour Herald", "harbourherald"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Budget approved | The Harbour Herald", "Budget approved"),
        ("Budget approved - The Harbour Herald", "Budget approved"),
        ("The Harbour Herald: Budget approved", "Budget approved"),
        ("Budget approved - The Harbour Herald - 13.06.2023", "Budget approved"),
        ("Budget approved | Politics | The Harbour Herald", "Budget approved | Politics"),
        ("Budget approved – harbourherald.com", "Budget approved"),
        ("Trump: Budget approved - a long day", "Trump: Budget approved - a long day"),
        ("Budget approved", "Budget approved"),
    ],
)
def test_strip_site_name(raw: str, expected: str) -> None:
    assert strip_site_name(raw, SITES) == expected


def test_section_names_are_stripped_when_given() -> None:
    assert (
        strip_site_name("Budget approved | Politics | The Harbour Herald", [*SITES, "Politics"])
        == "Budget approved"
    )
    assert strip_site_name("예산안 통과-정치ㅣ한국일보", ["한국일보", "정치"]) == "예산안 통과"


def test_short_site_keys_do_not_eat_real_words() -> None:
    assert strip_site_name("Nam, SA pipeline flagged", ["The Namibian"]) == "Nam, SA pipeline flagged"


def test_opengraph_wins_and_peers_remove_decoration() -> None:
    cands = [("opengraph", "Budget approved - Politics"), ("jsonld", "Budget approved"), ("title", "x")]
    assert pick_headline(cands, SITES) == ("Budget approved", "opengraph")


def test_headline_from_page_uses_og_title_without_site_suffix() -> None:
    head = (
        '<meta property="og:site_name" content="The Harbour Herald">'
        '<meta property="og:title" content="Harbour budget approved | The Harbour Herald">'
    )
    ex = extract(
        page(head=head, title="Harbour budget approved | The Harbour Herald"),
        "https://www.harbourherald.example/news/a",
    )
    assert ex.headline == "Harbour budget approved"
    assert ex.site_name == "The Harbour Herald"


def test_headline_falls_back_to_h1_and_title() -> None:
    ex = extract(page(title="Harbour budget approved"), "https://herald.example/a")
    assert ex.headline == "Harbour budget approved"
