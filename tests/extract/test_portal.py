"""Portal-shaped pages: standfirst, key points and explainers go to source_* fields, not the body."""

from __future__ import annotations

import pytest

from crawler.extract import Extracted, extract

HEADLINE = "Harbour budget approved after long debate"
STANDFIRST = "Councillors backed the spending plan by a narrow margin, leaving flood defences short of money."
POINTS = [
    "The budget passed by 31 votes to 29.",
    "Flood defences get £4m less than asked.",
    "A review is due in the spring.",
]
BODY = [
    "The council approved the new harbour budget on Tuesday after a debate that lasted most of the day.",
    "Opposition members argued that the plan left too little money for flood defences along the river.",
    "The mayor said the spending would be reviewed in the spring once new forecasts were available.",
]
WHY = "The budget decides which harbour services survive the year and how much households pay."
WHAT = "Expect harbour parking charges to rise by about 5% from April."

CHROME = (
    '<div class="breaking-banner"><span class="flag">BREAKING</span> <a href="/x">Storm closes the bridge</a></div>'
    '<header class="portal-header"><a class="logo" href="/">The Brief</a><p class="tagline">Around The Clock</p>'
    '<div class="ticker">Loading latest headlines…</div></header>'
)
SHARE = (
    '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>'
    " <button>Copy link</button></div>"
)
SIGNUP = (
    '<aside class="signup"><h2>Get The Brief in your inbox</h2><p>Sign up for our newsletter: the five stories '
    "you need, every morning before 7am.</p></aside><footer><p>© 2026 The Brief</p></footer>"
)


def _doc(article: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{HEADLINE} | The Brief</title>'
        f'<meta property="og:site_name" content="The Brief"></head><body>{CHROME}<main><article>'
        f'<h1>{HEADLINE}</h1><p class="meta">By Jane Doe · <time datetime="2026-10-04T09:30:00+01:00">'
        f"4 Oct 2026 09:30</time></p>{SHARE}{article}</article></main>{SIGNUP}</body></html>"
    )


def _body() -> str:
    return "".join(f"<p>{p}</p>" for p in BODY)


def _items() -> str:
    return "".join(f"<li>{p}</li>" for p in POINTS)


MARKUPS = {
    "classed-list-inline-labels": (
        f'<p class="standfirst">{STANDFIRST}</p><ul class="key-points">{_items()}</ul>'
        f'<div class="story-body">{_body()}</div>'
        f"<p><strong>Why this matters:</strong> {WHY}</p><p><strong>What this means for you:</strong> {WHAT}</p>"
    ),
    "heading-list-heading-explainers": (
        f'<div class="summary"><p>{STANDFIRST}</p></div><h2>Key points</h2><ol>{_items()}</ol>'
        f'<div class="story-body">{_body()}</div>'
        f"<h2>Why this matters</h2><p>{WHY}</p><h2>What this means for you</h2><p>{WHAT}</p>"
    ),
    "glance-section-aside-explainers": (
        f'<p class="dek">{STANDFIRST}</p><section class="at-a-glance"><h3>At a glance</h3><ul>{_items()}</ul>'
        f'</section><div class="story-body">{_body()}</div>'
        f'<div class="explainer"><p>Why this matters: {WHY}</p><p>What this means for you: {WHAT}</p></div>'
    ),
    "doubled-label": (
        f'<p class="standfirst">{STANDFIRST}</p><ul class="key-points">{_items()}</ul>'
        f'<div class="story-body">{_body()}</div><p><strong>Why this matters:</strong> {WHY}</p>'
        f"<p><strong>What this means for you:</strong> What this means for you: {WHAT}</p>"
    ),
    "bold-paragraph-labels-no-classes": (
        f"<p><em>{STANDFIRST}</em></p><h3>Key takeaways</h3><ul>{_items()}</ul>{_body()}"
        f"<p><b>Why it matters:</b> {WHY}</p><p><b>What this means for you:</b> {WHAT}</p>"
    ),
}

_CHROME_WORDS = (
    "BREAKING",
    "Loading latest headlines",
    "Around The Clock",
    "Share on",
    "Copy link",
    "Sign up for our newsletter",
    "Get The Brief in your inbox",
)


def _all_text(ex: Extracted) -> str:
    return " ".join(
        [
            ex.headline,
            *ex.body,
            ex.source_summary or "",
            *ex.source_key_points,
            ex.source_why_this_matters or "",
            ex.source_what_this_means_for_you or "",
            *ex.authors,
        ]
    )


@pytest.mark.parametrize("name", sorted(MARKUPS))
def test_portal_markups_map_to_source_fields(name: str) -> None:
    ex = extract(_doc(MARKUPS[name]), "https://brief.example/briefs/harbour-budget")
    assert ex.headline == HEADLINE
    assert ex.source_key_points == POINTS
    assert ex.source_why_this_matters == WHY
    assert ex.source_what_this_means_for_you == WHAT
    assert ex.body == BODY
    assert ex.source_summary == STANDFIRST
    text = _all_text(ex)
    for word in _CHROME_WORDS:
        assert word not in text, f"{word!r} leaked into a field"


def test_ordinary_article_gets_no_portal_fields() -> None:
    html = _doc(f'<p class="standfirst">{STANDFIRST}</p><div class="story-body">{_body()}</div>')
    ex = extract(html, "https://brief.example/briefs/harbour-budget")
    assert ex.source_summary is None and ex.source_key_points == [] and ex.source_why_this_matters is None
    assert ex.body[0] == STANDFIRST  # a plain standfirst stays in the body of ordinary news pages
    assert ex.body[1:] == BODY


def test_brief_outlet_of_the_fixture_web() -> None:
    from crawler.fixtureweb import FixtureWeb

    web = FixtureWeb(seed=7)
    expected = web.portal_expected()
    assert expected, "the fixture web has no brief pages"
    for url, want in expected.items():
        response = web.fetch(url)
        ex = extract(response.body, url, content_type="text/html; charset=utf-8")
        assert ex.headline == want["headline"]
        assert ex.source_summary == want["summary"]
        assert ex.source_key_points == want["bullets"]
        assert ex.body == want["body"]
        assert ex.source_why_this_matters == want["why_this_matters"]
        assert ex.source_what_this_means_for_you == want["what_this_means_for_you"]
        for word in _CHROME_WORDS[:3]:
            assert word not in _all_text(ex)
