"""Property test: any HTML the web can throw at extraction gives a schema-valid Story or an
ExtractionError, nothing else.

Pages are generated with random nesting, attributes, scripts, JSON-LD blobs holding random JSON,
meta tags, dates (from year 1 to 9999, with and without offsets) and encodings.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.story import SourceRef, Story
from crawler.extract import ExtractionError, extract
from crawler.normalise import build_story

SOURCE = SourceRef(key="prop", name="Property Times", home_url="http://prop.localhost/")
URL = "http://prop.localhost/news/2026/10/05/story"

_words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_tag = st.sampled_from(["div", "p", "span", "article", "section", "main", "b", "i", "a", "li", "ul",
                        "h1", "h2", "time", "figure", "table", "td", "tr", "header", "footer", "aside"])
_attr_name = st.sampled_from(["class", "id", "itemprop", "datetime", "lang", "dir", "href", "content",
                              "property", "name", "style", "data-x", "onclick"])
_dates = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones(), min_value=datetime(1, 1, 2),
                 max_value=datetime(9999, 12, 30)).map(lambda d: d.isoformat()),
    st.sampled_from(["0000-00-00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "",
                     "2026-13-45", "Mon, 05 Oct 2026 06:00:00 +0100", "1970-01-01", "-0001-01-01"]),
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["@type", "headline", "author", "datePublished", "dateModified", "articleBody",
                         "name", "@graph", "image", "inLanguage", "url", "description"]) | _words,
        inner, max_size=5),
    max_leaves=15)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5 if depth < 6 else 1))
        if kind <= 1:
            parts.append(_escape(draw(_words)))
        elif kind == 2:
            parts.append(f'<script>var x = {json.dumps(draw(_words))};</script>')
        elif kind == 3:
            parts.append(f'<time datetime="{_escape(draw(_dates))}">{_escape(draw(_words))}</time>')
        else:
            tag = draw(_tag)
            attrs = "".join(f' {n}="{_escape(v)}"' for n, v in draw(st.lists(st.tuples(_attr_name, _words), max_size=3)))
            close = draw(st.booleans())  # unclosed tags too
            parts.append(f"<{tag}{attrs}>{draw(_markup(depth + 1))}" + (f"</{tag}>" if close else ""))
    return "".join(parts)


@st.composite
def pages(draw: st.DrawFn) -> tuple[bytes, str | None]:
    ld = draw(st.one_of(_json.map(json.dumps), _words, st.just('{"@type": "NewsArticle", "headline": [}')))
    metas = "".join(f'<meta {k}="{v}" content="{_escape(draw(st.one_of(_dates, _words)))}">'
                    for k, v in draw(st.lists(st.sampled_from([
                        ("property", "article:published_time"), ("property", "og:title"), ("name", "author"),
                        ("name", "date"), ("property", "article:modified_time"), ("name", "description")]),
                        max_size=4)))
    ld = ld.replace("</", "<\\/")
    paragraphs = "".join(f"<p>{_escape(p)}</p>" for p in draw(st.lists(_words, max_size=6)))
    html = (f"<!DOCTYPE html><html lang=\"{_escape(draw(_words)[:8])}\"><head><title>{_escape(draw(_words))}"
            f"</title>{metas}<script type=\"application/ld+json\">{ld}</script></head>"
            f"<body>{draw(_markup())}<article><h1>{_escape(draw(_words))}</h1>{paragraphs}"
            f"{draw(_markup())}</article></body></html>")
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis", "koi8-r"]))
    declared = draw(st.sampled_from([None, "utf-8", "iso-8859-1", "bogus-charset", encoding]))
    body = html.encode(encoding, errors="replace")
    return body, (f"text/html; charset={declared}" if declared else "text/html")


def _check_story(story: Story) -> None:
    assert isinstance(story.headline, str) and isinstance(story.summary, str)
    assert isinstance(story.why_this_matters, str) and isinstance(story.what_this_means_for_you, str)
    for items in (story.body, story.authors, story.bullets):
        assert isinstance(items, list) and all(isinstance(i, str) for i in items)
    assert 0 <= len(story.bullets) <= 5
    now = datetime.now(UTC) + timedelta(minutes=1)
    for when in (story.published_at, story.updated_at):
        assert when is None or (isinstance(when, datetime) and when.tzinfo is not None and when <= now), when
    for optional in (story.section, story.language, story.image_url):
        assert optional is None or isinstance(optional, str)
    json.dumps(story.to_dict())  # the export form is always serialisable


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pages())
def test_any_page_gives_a_valid_story_or_an_extraction_error(page: tuple[bytes, str | None]) -> None:
    body, content_type = page
    try:
        extracted = extract(body, URL, content_type=content_type)
    except ExtractionError:
        return
    try:
        story = build_story(extracted, SOURCE, canonical_url=URL)
    except ExtractionError:
        return
    _check_story(story)
