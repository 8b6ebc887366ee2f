"""Body assembly: chrome dropped, headings kept, standfirst found, client-rendered pages read."""

from __future__ import annotations

import json

from crawler.extract import extract

from .conftest import page

URL = "https://herald.example/news/harbour-budget"
PARAS = [
    "The council approved the new harbour budget on Tuesday after a debate that lasted most of the day.",
    "Opposition members argued that the plan left too little money for flood defences along the river.",
    "The mayor said the spending would be reviewed in the spring once new forecasts were available.",
    "Harbour traders welcomed the decision but warned that parking charges could keep visitors away.",
]


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def test_headings_inside_the_article_are_their_own_paragraphs() -> None:
    body = _p(PARAS[0]) + _p(PARAS[1]) + "<h2>What happens next</h2>" + _p(PARAS[2]) + _p(PARAS[3])
    ex = extract(page(body_html=body), URL)
    assert ex.body == [PARAS[0], PARAS[1], "What happens next", PARAS[2], PARAS[3]]
    assert ex.headline not in ex.body


def test_captions_read_more_and_other_articles_are_dropped() -> None:
    body = (
        _p(PARAS[0]) + '<figure><img src="/a.jpg"><figcaption>The harbour at dawn on Tuesday, seen from the '
        "old lighthouse on the northern pier.</figcaption></figure>"
        + _p(PARAS[1])
        + _p("Read more: Harbour traders fear a summer without visitors")
        + _p(PARAS[2])
        + _p(PARAS[3])
    )
    other = (
        '<article class="next-story"><h2>Bridge repairs delayed again</h2>'
        + "".join(
            _p(
                f"Bridge repair works on the eastern crossing have been delayed for the {n} time this year, "
                "officials said on Monday evening."
            )
            for n in ("second", "third", "fourth")
        )
        + "</article>"
    )
    html = page(body_html=body).replace("</article></main>", "</article>" + other + "</main>")
    ex = extract(html, URL)
    assert ex.body == PARAS


def test_standfirst_styled_apart_is_prepended() -> None:
    lead = "Councillors backed the spending plan by a narrow margin, leaving flood defences short of money."
    body = f'<div class="article-intro"><span>{lead}</span></div>' + "".join(_p(p) for p in PARAS)
    head = f'<meta name="description" content="{lead}">'
    ex = extract(page(head=head, body_html=body), URL)
    assert ex.body == [lead, *PARAS]


def test_client_rendered_page_reads_embedded_article_html() -> None:
    fragment = "".join(f'<p class="editor-p">{p}</p>' for p in PARAS)
    data = json.dumps({"props": {"article": {"title": "Harbour budget approved", "contentHtml": fragment}}})
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour budget approved</title>'
        '<meta property="og:title" content="Harbour budget approved">'
        '<meta property="article:published_time" content="2024-05-03T10:00:00+01:00"></head>'
        f'<body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{data}</script>'
        "</body></html>"
    )
    ex = extract(html, URL)
    assert ex.body == PARAS
    assert ex.signals["body"] == "embedded"


def test_login_or_gallery_page_has_no_article_text() -> None:
    import pytest

    from crawler.extract import ExtractionError

    html = page(
        body_html='<form><label>Email</label><input name="e"><button>Log in</button></form>', title="Log in"
    )
    with pytest.raises(ExtractionError) as err:
        extract(html, "https://herald.example/login")
    assert err.value.kind == "no_article_text"


def test_every_field_is_filled_from_a_rich_page() -> None:
    head = (
        '<link rel="canonical" href="/news/harbour-budget">'
        '<meta property="og:site_name" content="The Harbour Herald">'
        '<meta property="og:image" content="/images/harbour.jpg">'
        '<meta property="article:section" content="Politics">'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour budget approved",'
        '"datePublished":"2024-05-03T10:00:00+01:00","author":[{"@type":"Person","name":"Jane Doe"}]}</script>'
    )
    ex = extract(page(head=head, body_html="".join(_p(p) for p in PARAS)), URL + "?ref=rss")
    assert ex.canonical_url == "https://herald.example/news/harbour-budget"
    assert ex.image_url == "https://herald.example/images/harbour.jpg"
    assert (ex.site_name, ex.section, ex.language) == ("The Harbour Herald", "Politics", "en")
    assert ex.authors == ["Jane Doe"] and ex.body == PARAS
    assert {"headline", "authors", "published_at", "canonical_url", "body"} <= set(ex.signals)
