"""archive.sanitise: hostile markup and URLs lose everything that could run, and keep their text."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from archive.sanitise import safe_url, sanitise_html, sanitise_text
from crawler.fixtureweb.xss import BODY_PAYLOADS


def _executable_bits(fragment: str) -> list[str]:
    """Everything in a parsed fragment that a browser could run or load."""
    found: list[str] = []
    root = lxml_html.fragment_fromstring(f"<div>{fragment}</div>")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "style", "iframe", "object", "embed", "svg", "img", "form", "base", "link"):
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name.startswith("on") or name in ("style", "srcdoc", "src", "data", "formaction"):
                found.append(f"{element.tag}@{name}")
            if name == "href" and not value.startswith(("http://", "https://", "mailto:")):
                found.append(f"href={value}")
    return found


@pytest.mark.parametrize("payload", BODY_PAYLOADS)
def test_fixture_payloads_lose_everything_executable(payload: str) -> None:
    cleaned = sanitise_html(payload)
    assert _executable_bits(cleaned) == []
    assert "alert(" not in cleaned or "&lt;script&gt;" in cleaned  # only ever as visible, escaped text


def test_sanitise_html_keeps_structure_and_safe_links() -> None:
    fragment = ('<p class="x" onclick="steal()">Read <a href="https://ok.example/r" onmouseover="x()">the report</a>'
                '<em>now</em></p><ul><li>one</li></ul><blockquote cite="https://q.example/">quote</blockquote>')
    cleaned = sanitise_html(fragment)
    tree = lxml_html.fragment_fromstring(f"<div>{cleaned}</div>")
    link = tree.find(".//a")
    assert link is not None and link.get("href") == "https://ok.example/r"
    assert "nofollow" in (link.get("rel") or "") and "noopener" in (link.get("rel") or "")
    assert [e.tag for e in tree.iter()][1:] == ["p", "a", "em", "ul", "li", "blockquote"]
    assert "onclick" not in cleaned and "class=" not in cleaned and "onmouseover" not in cleaned


def test_sanitise_text_removes_markup_and_script_bodies() -> None:
    assert sanitise_text("Council votes <script>alert('xss-h1')</script>today") == "Council votes today"
    assert sanitise_text("Eve <img src=x onerror=alert('xss-byline')>Mallory") == "Eve Mallory"
    assert sanitise_text("Fish &amp; chips cost < £5 & rising") == "Fish & chips cost < £5 & rising"
    assert sanitise_text("") == "" and sanitise_text(None) == ""
    plain = "A plain headline with no markup at all"
    assert sanitise_text(plain) is plain  # the fast path


@pytest.mark.parametrize("url", [
    "javascript:alert('xss-js-link')", "JaVaScRiPt:alert(1)", "&#106;avascript:alert('xss-entity-link')",
    "jav\tascript:alert('xss-tab-link')", "\x01 javascript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLWRhdGEnKTwvc2NyaXB0Pg==", "/relative/path", "//host.example/x",
    "https://", "http://exa mple.com/", "", None,
])
def test_safe_url_rejects_anything_but_absolute_http(url: str | None) -> None:
    assert safe_url(url) is None


def test_safe_url_keeps_web_urls_and_quotes_attribute_breakers() -> None:
    assert safe_url("https://ok.example/a?b=1&copy=2#c") == "https://ok.example/a?b=1&copy=2#c"
    assert safe_url("  HTTP://Ok.Example/x\n") == "HTTP://Ok.Example/x"
    assert safe_url('https://ok.example/"><script>') == "https://ok.example/%22%3E%3Cscript%3E"
