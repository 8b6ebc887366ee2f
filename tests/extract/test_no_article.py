"""Pages without an article (galleries, login walls) raise ``no_article_text``; every article still extracts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crawler.extract import ExtractionError, extract
from crawler.extract.prose import prose_chars
from crawler.fixtureweb import FixtureWeb

from .conftest import BODY, page

URL = "https://herald.example/news/harbour-budget"
_REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("NEWSARCHIVE_CORPUS") or _REPO.parent / "shared" / "corpus") / "articles"
#: Outlets whose articles are served as static HTML (pulse/pulsar need a browser).
STATIC_OUTLETS = ["herald", "ledger", "courier", "brief", "wire-a", "wire-b", "wire-c", "xss"]

LOGIN_WALL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves harbour budget - The Harbour Herald</title>
<meta property="og:title" content="Council approves harbour budget">
<meta property="article:published_time" content="2026-01-05T09:00:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council approves harbour budget", "datePublished": "2026-01-05T09:00:00Z"}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/account">Account</a></nav>
<main><article><h1>Council approves harbour budget</h1>
<div class="paywall"><h2>This article is for subscribers</h2>
<p>Sign in or subscribe to continue reading this article and all our journalism.</p>
<p>Already a subscriber? Log in with your email address and password below.</p>
<form><label>Email</label><input name="email"><label>Password</label><input name="pw" type="password">
<button>Sign in</button></form><p>Subscribe today: first month for $1, cancel any time.</p></div>
</article></main><footer><p>© 2026 The Harbour Herald</p></footer></body></html>"""


def _fails(html: str | bytes, url: str = URL, content_type: str | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract(html, url, content_type=content_type)
    return caught.value


def test_counters_and_navigation_are_not_prose() -> None:
    chrome = (
        "59°F Brennan City Last updated 1 min ago Midland Ledger Home Local Business 1 / 12 2 / 12 3 / 12"
    )
    assert prose_chars([chrome]) == 0
    assert prose_chars(BODY) == sum(len(p) for p in BODY)


def test_sentences_about_the_site_are_not_prose() -> None:
    assert prose_chars(["Sign in or subscribe to continue reading this article and all our journalism."]) == 0


def test_cjk_sentences_count_without_spaces() -> None:
    assert prose_chars(["政府は来年度予算案を閣議決定し、防衛費の大幅な増額を盛り込んだ。"]) > 0


def test_fixture_gallery_page_is_no_article() -> None:
    web = FixtureWeb(seed=7)
    url = web.base("ledger") + "/galleries/harvest-festival-in-pictures"
    resp = web.fetch(url)
    assert _fails(resp.body, url, resp.content_type).kind == "no_article_text"


def test_login_wall_is_no_article() -> None:
    assert _fails(LOGIN_WALL).kind == "no_article_text"


def test_gallery_with_captions_only_is_no_article() -> None:
    slides = "".join(
        f'<figure><img src="/g/{i}.jpg"><figcaption>{i} / 8</figcaption></figure>' for i in range(1, 9)
    )
    assert _fails(page(body_html=f'<div class="gallery">{slides}</div>')).kind == "no_article_text"


def test_a_short_article_still_extracts() -> None:
    ex = extract(page(body_html=f"<p>{BODY[0]}</p><p>{BODY[1]}</p>"), URL)
    assert ex.body == BODY[:2]


def test_every_static_fixture_article_extracts() -> None:
    web = FixtureWeb(seed=7)
    urls = sorted(web.article_urls(outlets=STATIC_OUTLETS))
    assert len(urls) > 50
    for url in urls:
        resp = web.fetch(url)
        ex = extract(resp.body, url, content_type=resp.content_type)
        assert prose_chars(ex.body) > 0, url


@pytest.mark.slow
def test_every_corpus_page_extracts() -> None:
    pages = sorted(CORPUS.glob("*.json"))
    assert len(pages) == 127
    for gold_path in pages:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        ex = extract(gold_path.with_suffix(".html").read_text(encoding="utf-8"), gold["url"])
        assert ex.body, gold["id"]
