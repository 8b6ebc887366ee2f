"""Fallback body for client-rendered pages: the article HTML embedded in a script's data.

Next.js/Nuxt-style sites ship the article as an HTML string inside a JSON blob
(``self.__next_f.push(...)``, ``__NEXT_DATA__``, ``window.__INITIAL_STATE__``) and build the DOM in
the browser, so the served markup has no article text for trafilatura. We find the longest such
embedded fragment that holds several paragraphs and read its paragraphs. Used only when the
regular path found no body.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml.html import HtmlElement

from crawler.extract.page import clean_space, visible_text

__all__ = ["embedded_paragraphs"]

_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.){300,})"', re.S)
_HAS_P = re.compile(r"\\u003cp[\s>\\]|<p[\s>]", re.I)
_MARKERS = re.compile(r"\$\$[A-Z_]+\$\$")
_SKIP = re.compile(r"caption|credit|photo|image|figure|related|ad[-_]|advert", re.I)
_MIN_PARAGRAPHS = 2


def _fragments(tree: HtmlElement) -> list[str]:
    found: list[str] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        text = script.text or ""
        if "ld+json" in kind or not _HAS_P.search(text):
            continue
        for m in _JSON_STRING.finditer(text):
            raw = m.group(1)
            if not _HAS_P.search(raw):
                continue
            try:
                decoded = json.loads(f'"{raw}"')
            except json.JSONDecodeError:
                continue
            found.append(_MARKERS.sub(" ", decoded))
    return found


def _paragraphs(fragment: str) -> list[str]:
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    out: list[str] = []
    for node in root.iter("p", "h2", "h3", "li", "blockquote"):
        if any(_SKIP.search(a.get("class") or "") for a in [node, *node.iterancestors()]):
            continue
        if node.tag != "p" and node.xpath(".//p"):
            continue
        text = visible_text(node)
        if text and text not in out:
            out.append(clean_space(text))
    return out


def embedded_paragraphs(tree: HtmlElement) -> list[str]:
    """Paragraphs of the largest article-like HTML fragment embedded in script data (may be empty)."""
    best: list[str] = []
    for fragment in _fragments(tree):
        paragraphs = _paragraphs(fragment)
        if len(paragraphs) >= _MIN_PARAGRAPHS and sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    return best
