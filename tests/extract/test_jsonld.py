"""JSON-LD reading: the shapes sites really publish, broken ones included."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from crawler.extract import extract
from crawler.extract.jsonld import article_objects, jsonld_objects
from crawler.extract.page import parse_page

from .conftest import page

URL = "https://herald.example/news/harbour-budget"


def _ld(*blocks: str) -> str:
    return "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)


def _extract(*blocks: str, title: str = "Harbour budget approved"):
    return extract(page(head=_ld(*blocks), title=title), URL)


def test_plain_news_article() -> None:
    ex = _extract(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Harbour budget approved",
                "datePublished": "2024-05-03T15:47:42+02:00",
                "dateModified": "2024-05-03T18:00:00+02:00",
                "author": {"@type": "Person", "name": "Jane Doe"},
                "articleSection": "Politics",
            }
        )
    )
    assert ex.authors == ["Jane Doe"]
    assert ex.published_at == datetime(2024, 5, 3, 15, 47, 42, tzinfo=timezone(timedelta(hours=2)))
    assert ex.published_at.utcoffset() == timedelta(hours=2)  # the page's offset is kept
    assert ex.updated_at == datetime(2024, 5, 3, 18, 0, tzinfo=timezone(timedelta(hours=2)))
    assert ex.section == "Politics"
    assert ex.signals["published_at"] == "jsonld"


def test_graph_form_with_author_references() -> None:
    ex = _extract(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "@id": "#site", "name": "The Harbour Herald"},
                    {"@type": "Person", "@id": "#p1", "name": "Jane Doe"},
                    {"@type": "Person", "@id": "#p2", "name": "John Roe"},
                    {
                        "@type": ["NewsArticle", "Article"],
                        "headline": "Harbour budget approved",
                        "author": [{"@id": "#p1"}, {"@id": "#p2"}],
                        "datePublished": "2024-05-03T09:00:00Z",
                    },
                ],
            }
        )
    )
    assert ex.authors == ["Jane Doe", "John Roe"]
    assert ex.published_at is not None and ex.published_at.utcoffset() == timedelta(0)


def test_top_level_array_and_nested_author_objects() -> None:
    ex = _extract(
        json.dumps(
            [
                {"@type": "BreadcrumbList", "itemListElement": []},
                {
                    "@type": "ReportageNewsArticle",
                    "headline": "Harbour budget approved",
                    "author": [
                        {"@type": "Person", "name": ["Jane", "Doe"]},
                        {"@type": "Person", "givenName": "John", "familyName": "Roe"},
                    ],
                    "datePublished": "2024-05-03",
                },
            ]
        )
    )
    assert ex.authors == ["Jane Doe", "John Roe"]


def test_broken_json_is_repaired_or_skipped() -> None:
    broken = """<!--
    {"@type": "NewsArticle", "headline": "Harbour budget approved",
     "author": {"@type": "Person", "name": "Jane Doe",},
     "description": "a raw
newline", "datePublished": "2024-05-03T10:00:00+01:00",}
    -->"""
    ex = _extract("{ this is not json", broken)
    assert ex.authors == ["Jane Doe"]
    assert ex.published_at == datetime(2024, 5, 3, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def test_concatenated_objects_in_one_block() -> None:
    tree = parse_page(
        page(head=_ld('{"@type": "WebSite", "name": "X"} {"@type": "NewsArticle", "headline": "H"}')), URL
    ).tree
    assert [o["headline"] for o in article_objects(jsonld_objects(tree))] == ["H"]


def test_html_entities_in_headline_are_decoded() -> None:
    ex = _extract(
        json.dumps({"@type": "NewsArticle", "headline": "Harbour&#8217;s budget approved"}),
        title="Harbour’s budget approved",
    )
    assert ex.headline == "Harbour’s budget approved"


def test_organization_author_gives_way_to_a_visible_byline() -> None:
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Harbour budget approved",
            "author": {"@type": "Organization", "name": "The Harbour Herald"},
            "publisher": {"@type": "Organization", "name": "The Harbour Herald"},
        }
    )
    body = '<p class="byline">By <a rel="author" href="/authors/jane-doe">Jane Doe</a></p>' + "".join(
        f"<p>{'Some sentence about the harbour budget and the council vote. ' * 3}{i}</p>" for i in range(4)
    )
    ex = extract(page(head=_ld(ld), body_html=body), URL)
    assert ex.authors == ["Jane Doe"]


def test_organization_author_is_kept_when_nobody_else_is_credited() -> None:
    ex = _extract(
        json.dumps(
            {
                "@type": "NewsArticle",
                "headline": "Harbour budget approved",
                "author": {"@type": "Organization", "name": "dpa"},
            }
        )
    )
    assert ex.authors == ["dpa"]
