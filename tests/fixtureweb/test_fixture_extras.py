"""The outlets outside the demo set: JS-only apps, the portal, shared wire copy, hostile markup."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import lxml.html

from crawler.fixtureweb import DEMO, FixtureWeb
from crawler.fixtureweb.syndication import WIRE_OUTLETS
from crawler.fixtureweb.themes.spa import LOADING

from .conftest import get

DOM_SHIM = Path(__file__).with_name("dom_shim.js")


def _visible_text(html: bytes) -> str:
    doc = lxml.html.fromstring(html)
    for script in doc.xpath("//script|//noscript"):
        script.getparent().remove(script)
    return doc.text_content()


def _run_scripts(html: bytes) -> dict[str, object]:
    """Run the page's inline scripts against a tiny DOM stand-in in Node; return what they built."""
    doc = lxml.html.fromstring(html)
    state = doc.xpath('//script[@id="__PULSE_STATE__"]/text()')[0]
    code = doc.xpath("//script[not(@type)]/text()")[0]
    done = subprocess.run(["node", str(DOM_SHIM)], input=json.dumps({"state": state, "code": code}),
                          capture_output=True, text=True, timeout=20, check=True)
    return json.loads(done.stdout)


def test_js_outlets_are_in_sources_but_not_in_the_demo(web: FixtureWeb) -> None:
    assert not {"pulse", "pulsar", "brief", "xss", *WIRE_OUTLETS} & set(DEMO)
    entries = {o["key"]: o for o in tomllib.loads(web.sources_toml(["pulse", "pulsar"]))["outlet"]}
    assert entries["pulse"]["render"] == "browser" and "render" not in entries["pulsar"]


def test_js_article_has_no_static_text_but_scripts_build_it(web: FixtureWeb) -> None:
    truths = {t.url: t for t in web.articles(outlets=["pulse", "pulsar"])}
    for key in ("pulse", "pulsar"):
        url = sorted(web.article_urls(outlets=[key]))[0]
        html = get(web, url).body
        text = _visible_text(html)
        assert LOADING in text and truths[url].paragraphs[0][:40] not in text
        built = _run_scripts(html)
        assert built["h1"] == [truths[url].headline]
        assert built["p"][1:] == list(truths[url].paragraphs)
        assert built["title"].startswith(truths[url].headline)


def test_js_front_page_headlines_come_from_script(web: FixtureWeb) -> None:
    home = web.base("pulse") + "/"
    html = get(web, home).body
    assert not lxml.html.fromstring(html).xpath('//ul[@id="headlines"]/li')
    built = _run_scripts(html)
    states = {t.headline for t in web.articles(outlets=["pulse"]) if t.listed}
    assert set(built["a"]) == states


def _field(doc: lxml.html.HtmlElement, text: str) -> bool:
    return any(text in el.text_content() for el in doc.iter("p", "li"))


def test_portal_pages_carry_their_own_editorial_fields(web: FixtureWeb) -> None:
    expected = web.portal_expected()
    assert set(expected) == web.article_urls(outlets=["brief"])
    markups = set()
    for url, fields in expected.items():
        html = get(web, url).body.decode()
        doc = lxml.html.fromstring(html)
        assert doc.xpath("//h1")[0].text_content() == fields["headline"]
        assert [p.text_content() for p in doc.xpath('//div[@class="brief-body"]/p')] == fields["body"]
        assert 3 <= len(fields["bullets"]) <= 4 and all(_field(doc, b) for b in fields["bullets"])
        assert _field(doc, fields["summary"]) and _field(doc, fields["why_this_matters"])
        assert _field(doc, fields["what_this_means_for_you"])
        for chrome in ("BREAKING", "Loading latest headlines…", "Around The Clock", "Sign up"):
            assert chrome in html
        markups.add(("key-points" in html, "<h2>Key points</h2><ol>" in html, "At a glance" in html,
                     "What this means for you: What this means for you:" in doc.text_content()))
    assert len(markups) >= 4


def test_story_groups_cover_wire_copy_and_same_event_stories(web: FixtureWeb) -> None:
    groups = web.story_groups()
    listed = web.article_urls(outlets=list(WIRE_OUTLETS))
    assert set().union(*groups) == listed and sum(map(len, groups)) == len(listed)
    shared = [g for g in groups if len(g) > 1]
    assert [len(g) for g in shared] == [3, 2, 2]
    truths = {t.url: t for t in web.articles(outlets=list(WIRE_OUTLETS))}
    for group in shared:
        members = [truths[u] for u in sorted(group)]
        assert len({m.headline for m in members}) == len(members)
        firsts = {m.paragraphs[0] for m in members}
        if "(Newswire)" in members[0].paragraphs[0]:
            assert len(firsts) == 1 and all(m.authors == ("Newswire",) for m in members)
        else:
            assert len(firsts) == len(members)


def test_xss_pages_carry_payloads(web: FixtureWeb) -> None:
    urls = web.xss_urls()
    assert len(urls) == 4 and set(urls) == web.article_urls(outlets=["xss"])
    pages = [get(web, u).body.decode() for u in urls]
    joined = "\n".join(pages)
    for payload in ("<script>alert(", "onerror=", "javascript:alert(", "<svg onload=", "expression(alert(",
                    "url(javascript:", "<iframe srcdoc=", "&lt;script&gt;", "&#106;avascript:"):
        assert payload in joined, payload
    for page in pages:
        doc = lxml.html.fromstring(page)
        assert len(" ".join(p.text_content() for p in doc.xpath('//div[@class="article-body"]/p'))) > 800
    feed = get(web, web.base("xss") + "/rss.xml").body.decode()
    assert "&lt;script&gt;alert('xss-feed-title')&lt;/script&gt;" in feed
