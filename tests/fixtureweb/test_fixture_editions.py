"""Editions change the web the way newsrooms do, and ``changes()`` says exactly what changed."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest

from crawler.fixtureweb import DEMO, VOLATILE_CLASSES, FixtureWeb
from crawler.fixtureweb.themes import THEMES

from .conftest import get

THEME_OF = {"herald": "herald", "ledger": "ledger", "courier": "courier"}


@pytest.fixture(scope="module")
def web() -> FixtureWeb:
    """Editions are switched here, so this module gets its own server."""
    with FixtureWeb(seed=11, slow_seconds=0.5) as running:
        yield running


def _key(url: str) -> str:
    return url.split("//")[1].split(".")[0]


def _parts(web: FixtureWeb, url: str) -> dict[str, object]:
    """The article parts of a page, plus the page with its volatile chrome removed."""
    doc = lxml.html.fromstring(get(web, url).body)
    theme = THEMES[THEME_OF[_key(url)]]
    meta = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    for el in doc.xpath("//*[@class]"):
        if set(el.get("class").split()) & VOLATILE_CLASSES:
            el.getparent().remove(el)
    return {
        "headline": doc.xpath(theme.HEADLINE_XPATH)[0].text_content(),
        "paragraphs": tuple(p.text_content() for p in doc.xpath(theme.BODY_XPATH)),
        "modified": meta["article:modified_time"],
        "stable": lxml.html.tostring(doc),
    }


def _snapshot(web: FixtureWeb, edition: int) -> dict[str, dict[str, object]]:
    web.set_edition(edition)
    urls = {t.url for t in web.articles(edition)}
    return {url: _parts(web, url) for url in urls}


def test_pages_match_the_ground_truth(web: FixtureWeb) -> None:
    web.set_edition(1)
    for truth in web.articles(1):
        parts = _parts(web, truth.url)
        assert parts["headline"] == truth.headline
        assert parts["paragraphs"] == truth.paragraphs


def test_edition_two_differs_exactly_where_changes_says() -> None:
    with FixtureWeb(seed=11, slow_seconds=0.5) as web:
        before, after = _snapshot(web, 1), _snapshot(web, 2)
        changes = web.changes(1, 2)
    kinds_by_outlet = {k: Counter() for k in DEMO}
    for url, kinds in changes.items():
        for kind in kinds:
            kinds_by_outlet[_key(url)][kind] += 1
    for key, counts in kinds_by_outlet.items():
        assert counts["headline"] >= 1 and counts["paragraph_added"] >= 1 and counts["correction"] >= 1, key
        assert 1 <= counts["new"] <= 2, key
    assert sum(c["stealth"] for c in kinds_by_outlet.values()) == 1
    for url, new in after.items():
        kinds = changes.get(url, set())
        if "new" in kinds:
            assert url not in before
            continue
        old = before[url]
        assert (old["headline"] != new["headline"]) == ("headline" in kinds), url
        assert (old["modified"] != new["modified"]) == ("updated_bumped" in kinds), url
        if "paragraph_added" in kinds:
            assert len(new["paragraphs"]) == len(old["paragraphs"]) + 1
            assert not new["paragraphs"][-1].startswith("Correction:")
        if "correction" in kinds:
            assert new["paragraphs"][:-1] == old["paragraphs"]
            assert new["paragraphs"][-1].startswith("Correction:")
        if "stealth" in kinds:
            assert new["paragraphs"] != old["paragraphs"] and new["modified"] == old["modified"]
        if not kinds:
            assert new["stable"] == old["stable"], f"unchanged article differs outside volatile chrome: {url}"
    assert set(after) - set(before) == {u for u, k in changes.items() if "new" in k}


def test_dropped_articles_stay_served_unchanged() -> None:
    with FixtureWeb(seed=11) as web:
        dropped = web.article_urls(1) - web.article_urls(2)
        assert dropped and all(_key(u) in DEMO for u in dropped)
        assert len({_key(u) for u in dropped}) == len(DEMO)
        before = {u: _parts(web, u) for u in dropped}
        web.set_edition(2)
        for url in dropped:
            assert get(web, url).status == 200
            assert _parts(web, url)["stable"] == before[url]["stable"]
            assert url not in web.changes(1, 2)


def test_future_articles_are_not_served_yet() -> None:
    with FixtureWeb(seed=11) as web:
        new = [u for u, k in web.changes(1, 3).items() if "new" in k]
        assert new
        assert all(get(web, u).status == 404 for u in new)
        web.set_edition(3)
        assert all(get(web, u).status == 200 for u in new)


def test_later_editions_keep_evolving(web: FixtureWeb) -> None:
    for n in range(2, 7):
        step = web.changes(n - 1, n)
        assert any("new" in k for k in step.values())
        assert any(k & {"headline", "paragraph_added", "correction", "updated_bumped"} for k in step.values())
        assert sum("stealth" in k for k in step.values()) == 1
    combined = web.changes(1, 4)
    assert combined.keys() == set().union(*(web.changes(n - 1, n).keys() for n in (2, 3, 4)))


def test_volatile_chrome_changes_every_edition(web: FixtureWeb) -> None:
    url = sorted(web.article_urls(1, ["herald"]))[0]
    web.set_edition(1)
    first = get(web, url).body
    web.set_edition(2)
    second = get(web, url).body
    assert first != second
    web.set_edition(1)
    assert get(web, url).body == first
