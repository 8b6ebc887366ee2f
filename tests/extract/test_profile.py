"""Outlet profiles: boilerplate learnt across pages is dropped; extraction without one still works."""

from __future__ import annotations

from crawler.extract import OutletProfile, ProfileBuilder, extract
from crawler.extract.learn import learn_profile

from .conftest import page

PROMO = "Sign up to the Morning Harbour, our free daily briefing with the five stories you need today."
STORIES = [
    [
        "The council approved the new harbour budget on Tuesday after a debate that lasted most of the day.",
        "Opposition members argued that the plan left too little money for flood defences along the river.",
    ],
    [
        "Ferry services to the islands were cancelled on Wednesday as strong winds battered the coast again.",
        "Operators said sailings would resume once the forecast improved, possibly by the weekend.",
    ],
    [
        "A new cycle lane along the quay opened on Thursday, three years after it was first proposed.",
        "Shop owners on the quay said they had seen more customers since the works finished last month.",
    ],
]


def _article(paragraphs: list[str], title: str) -> str:
    body = (
        "".join(f"<p>{p}</p>" for p in paragraphs[:1])
        + f"<p>{PROMO}</p>"
        + "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    )
    return page(body_html=body, title=f"{title} | Harbour Herald Online")


def test_builder_learns_repeated_paragraphs_and_title_suffix() -> None:
    builder = ProfileBuilder(outlet="herald")
    for i, story in enumerate(STORIES):
        builder.add_page([*story, PROMO], f"Story {i} | Harbour Herald Online")
    profile = builder.build()
    assert profile.is_boilerplate(PROMO)
    assert not profile.is_boilerplate(STORIES[0][0])
    assert profile.pages_seen == 3 and profile.title_affixes


def test_profile_needs_several_pages() -> None:
    builder = ProfileBuilder(outlet="herald")
    builder.add_page([PROMO], "A | Herald")
    assert builder.build().boilerplate == frozenset()


def test_learnt_profile_removes_the_promo_from_a_new_page() -> None:
    pages = [
        (_article(s, f"Story {i}"), f"https://herald.example/news/{i}") for i, s in enumerate(STORIES[:2])
    ]
    profile = learn_profile(pages, outlet="herald")
    html = _article(STORIES[2], "Cycle lane opens")
    assert PROMO in extract(html, "https://herald.example/news/9").body  # without a profile it stays
    assert extract(html, "https://herald.example/news/9", profile=profile).body == STORIES[2]


def test_profile_round_trips_through_json() -> None:
    profile = OutletProfile("herald", 3, frozenset({"abc"}), frozenset({"heraldonline"}))
    assert OutletProfile.from_json(profile.to_json()) == profile


def test_extraction_is_a_pure_function_of_page_url_and_profile() -> None:
    html = _article(STORIES[0], "Budget")
    first = extract(html, "https://herald.example/news/1")
    second = extract(html, "https://herald.example/news/1")
    assert first == second
