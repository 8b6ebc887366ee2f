"""Byline cleaning: prefixes, roles, dates and lists in several languages."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from crawler.extract.authors import clean_author_list, looks_like_name, split_byline

from .conftest import BODY, page


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("BY JANE DOE", ["JANE DOE"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por María López y Juan Pérez", ["María López", "Juan Pérez"]),
        ("Di Mario Rossi e Luca Bianchi", ["Mario Rossi", "Luca Bianchi"]),
        ("Av Kari Nordmann og Ola Nordmann", ["Kari Nordmann", "Ola Nordmann"]),
        ("Jane Doe, John Roe & Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, Senior Correspondent", ["Jane Doe"]),
        ("Jane Doe | Staff Writer", ["Jane Doe"]),
        ("홍길동 기자", ["홍길동"]),
        ("山田太郎記者", ["山田太郎"]),
        ("Autorin/Autor Roman Goncharenko", ["Roman Goncharenko"]),
        ("Jane Doe (dpa)", ["Jane Doe"]),
    ],
)
def test_split_and_clean(raw: str, expected: list[str]) -> None:
    assert clean_author_list([raw]) == expected


@pytest.mark.parametrize(
    "junk",
    [
        "5 Minutes Ago",
        "2 hours ago",
        "vor 3 Stunden",
        "Updated 12:30",
        "03.05.2024",
        "May 3, 2024",
        "https://herald.example/authors/jane",
        "jane@herald.example",
        "Share",
        "(Image: Getty Images",
        "Read more",
        "4 min read",
    ],
)
def test_non_names_are_rejected(junk: str) -> None:
    assert clean_author_list([junk]) == []


def test_dates_and_times_glued_to_a_name_are_cut() -> None:
    assert clean_author_list(["Jane Doe Updated May 3, 2024 12:30"]) == ["Jane Doe"]


def test_order_is_kept_and_duplicates_dropped() -> None:
    assert clean_author_list(["John Roe", "Jane Doe", "john roe", "Ann Poe"]) == [
        "John Roe",
        "Jane Doe",
        "Ann Poe",
    ]


def test_names_with_hyphens_and_particles_survive() -> None:
    assert looks_like_name("Anne-Marie van der Berg")
    assert split_byline("Anne-Marie van der Berg") == ["Anne-Marie van der Berg"]


def test_desk_credits_are_kept_whole() -> None:
    assert clean_author_list(["Guardian staff reporter"]) == ["Guardian staff reporter"]
    assert clean_author_list(["Telegraph Reporters"]) == ["Telegraph Reporters"]
    assert clean_author_list(["Jane Doe, Staff Reporter"]) == ["Jane Doe"]


URL = "https://www.herald.example/news/harbour-budget"
_LD = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", %s}</script>'


def test_a_desk_credit_naming_the_outlet_is_not_the_outlet() -> None:
    head = (
        '<meta property="og:site_name" content="The Herald">'
        + _LD % '"author": [{"@type": "Person", "name": "Herald staff reporter"}]'
        + '<meta property="article:author" content="Associated Press in Harbour City">'
    )
    assert extract(page(head=head), URL).authors == ["Herald staff reporter"]


def test_a_cms_admin_account_is_not_the_writer() -> None:
    head = _LD % '"author": {"@id": "https://www.herald.example/author/admin/", "name": "Herald D"}'
    body = "<p>JANE DOE</p>" + "".join(f"<p>{p}</p>" for p in BODY)
    ex = extract(page(head=head, body_html=body), URL)
    assert ex.authors == ["JANE DOE"]
    assert ex.body == BODY


def test_a_byline_inside_a_teaser_link_is_another_article_s() -> None:
    teaser = (
        '<div class="more"><a href="/news/other-story"><span>Harbour traders fear a quiet summer</span>'
        "<span>Von Ines Example, Washington</span></a></div>"
    )
    body = "".join(f"<p>{p}</p>" for p in BODY) + teaser
    assert extract(page(body_html=body), URL).authors == []


def test_a_long_labelled_line_gives_the_label_s_own_text() -> None:
    line = (
        '<p class="text-sm">By HNS, in <a href="/news/news">News</a>, <a href="/news/local">Local</a>, '
        '<a href="/news/business">Business</a>, <a href="/news/property">Property and housing</a>, '
        '<a href="/news/tourism">Tourism</a></p>'
    )
    body = "".join(f"<p>{p}</p>" for p in BODY) + line
    assert extract(page(body_html=body), URL).authors == ["HNS"]
