"""Read the visible byline out of the page markup, for pages whose structured data credits only the outlet.

Sites mark bylines with ``rel=author``, ``itemprop=author``, classes containing "author"/"byline",
or links to author pages. We read the smallest such element in the article area (not navigation,
footers, teasers or author-bio boxes) and leave cleaning to :mod:`crawler.extract.authors`.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.page import clean_space

__all__ = ["dom_bylines"]

_OUTSIDE = (
    "ancestor::nav or ancestor::footer or ancestor::aside or ancestor::*[contains(@class, 'teaser')"
    " or contains(@class, 'related') or contains(@class, 'comment') or contains(@class, 'footer')"
    " or contains(@class, 'recommend') or contains(@class, 'most-read') or contains(@class, 'sidebar')]"
)
_AUTHOR_PATHS = (
    "/author",
    "/autor",
    "/reporter/",
    "/journalist",
    "/profil",
    "/people/",
    "/staff/",
    "/redaktion/",
    "/auteur/",
    "mailto:",
)
_LINKED = (
    "//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')"
    " or contains(@href, '/autoren/') or contains(@href, '/reporter/') or contains(@href, '/journalist')"
    " or contains(@href, '/profil/') or contains(@href, '/people/') or contains(@href, '/staff/')"
    " or contains(@href, '/redaktion/') or contains(@href, '/auteur/') or contains(@href, '/autore/')]"
)
_LABELS = (
    "By ",
    "BY ",
    "Von ",
    "VON ",
    "Par ",
    "Por ",
    "Door ",
    "Av ",
    "Af ",
    "Autor",
    "Author",
    "Text: ",
    "Texto: ",
    "Przez ",
    "Yazan",
    "Oleh ",
    "Di ",
    "Reporter: ",
    "Written by ",
)
_SKIP_CLASS = ("bio", "avatar", "image", "img", "photo", "follow", "social", "description", "about")
_MAX_CHARS = 120
# Compiled once: a string passed to .xpath() is compiled again on every call.
_INSIDE_ARTICLE = etree.XPath(f"not({_OUTSIDE})")
_MAYBE_MARKED = etree.XPath("//*[@rel or @class or @data-testid]")
_LINKED_NODES = etree.XPath(_LINKED)
_ARTICLE_TEXTS = etree.XPath("//article//text() | //main//text()")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses
_CLASS_LOWER = str.maketrans("AUTHORBYLINE", "authorbyline")
_LINK_ABOVE = etree.XPath("ancestor-or-self::a[@href][1]")
_PLACE_TAIL = re.compile(r",?\s+in(?:\s+.*)?$")  # "By Jane Doe in Kyiv", "By X, in News, Business"


def _class(node: HtmlElement) -> str:
    return (node.get("class") or "").lower()


def _usable(node: HtmlElement) -> bool:
    if node.tag in {"script", "style", "img", "meta", "link", "svg"}:
        return False
    cls = _class(node)
    if any(word in cls for word in _SKIP_CLASS) and "name" not in cls:
        return False
    return bool(_INSIDE_ARTICLE(node))


def _marked(tree: HtmlElement) -> list[HtmlElement]:
    """Elements marked as a byline, in page order: ``rel=author`` (not a ``<link>``), a class with
    "author" or "byline" in any case, or a ``data-testid`` with "author" or "byline".

    Tested in Python: an XPath ``translate()`` of every element's class was the slowest part of
    reading a byline.
    """
    found = []
    for node in _MAYBE_MARKED(tree):
        if node.get("rel") == "author" and node.tag != "link":
            found.append(node)
            continue
        classes = (node.get("class") or "").translate(_CLASS_LOWER)
        testid = node.get("data-testid") or ""
        if "author" in classes or "byline" in classes or "author" in testid or "byline" in testid:
            found.append(node)
    return found


def _labelled_texts(tree: HtmlElement) -> list[Any]:
    """Text nodes inside ``<article>`` or ``<main>`` that open with a byline label, whitespace
    normalised as XPath's normalize-space() does (once per node, not once per label)."""
    return [t for t in _ARTICLE_TEXTS(tree) if _XML_SPACE.sub(" ", t).strip(" ").startswith(_LABELS)]


def _innermost(nodes: list[HtmlElement]) -> list[HtmlElement]:
    """Drop nodes that contain another candidate: the inner element holds the clean name."""
    chosen = set(nodes)
    return [n for n in nodes if not any(o is not n and n in o.iterancestors() for o in chosen)]


def _texts(nodes: list[HtmlElement]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        text = clean_space(node.text_content())
        if text and len(text) <= _MAX_CHARS and text not in out:
            out.append(text)
    return out


def dom_bylines(tree: HtmlElement) -> list[tuple[str, list[str]]]:
    """Candidate byline texts from markup, in trust order: marked elements, then author-page links."""
    groups: list[tuple[str, list[str]]] = []
    try:
        marked = [n for n in _marked(tree)[:40] if isinstance(n, HtmlElement) and _usable(n)]
        linked = [n for n in _LINKED_NODES(tree)[:20] if _usable(n)]
    except Exception:  # noqa: BLE001 - odd markup must not fail the page
        return groups
    texts = _texts(_innermost(marked))[:6]
    if texts:
        groups.append(("byline", texts))
    labelled = _labelled(tree)
    if labelled:
        groups.append(("byline_label", labelled))
    links = [t for t in _texts(linked) if _personal(t)][:6]
    if links:
        groups.append(("byline_link", links))
    return groups


def _personal(text: str) -> bool:
    """Link texts only count when they read like a personal name (2-5 capitalised words)."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _in_teaser_link(node: HtmlElement) -> bool:
    """Inside a link to another page (a teaser "Headline - By Jane Doe"), unless it is an author link."""
    links = _LINK_ABOVE(node)
    return bool(links) and not any(part in links[0].get("href", "") for part in _AUTHOR_PATHS)


def _labelled(tree: HtmlElement) -> list[str]:
    """Short texts that open with a byline label ("By Jane Doe", "Autorin/Autor Roman G.")."""
    out: list[str] = []
    for text_node in _labelled_texts(tree)[:6]:
        parent = text_node.getparent()
        if parent is None or not _usable(parent) or _in_teaser_link(parent):
            continue
        text = clean_space(parent.text_content())
        if len(text.split()) <= 1 and parent.getparent() is not None:
            text = clean_space(parent.getparent().text_content())  # the label alone: name is a sibling
        if len(text) > 80:  # a long line ("By X, in News, Politics, ..."): the label's own text node
            text = clean_space(str(text_node))
        text = _PLACE_TAIL.sub("", text)
        if text and len(text) <= 80 and text not in out:
            out.append(text)
    return out[:3]
