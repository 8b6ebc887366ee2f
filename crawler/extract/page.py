"""Parse a page once and index the head signals (meta tags, links, language) every reader shares."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.etree import ParserError, XMLSyntaxError

from crawler.extract.result import ExtractionError

__all__ = ["Page", "parse_page", "clean_space", "visible_text"]

_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def _html_class_lookup() -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes, chosen in C rather than by its Python ``lookup`` method.

    Every element proxy made on our tree (and on trafilatura's copies of it, which keep the
    parser) asks the parser which class to use; lxml.html answers from Python, which cost about
    a tenth of a page's extraction time. This gives the same classes by tag name.
    """
    fallback = etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
    lookup = etree.ElementNamespaceClassLookup(fallback)
    by_tag = lookup.get_namespace(None)
    for tag, cls in lxml.html.HtmlElementClassLookup._default_element_classes.items():
        by_tag[tag] = cls
    return lookup


_PARSER.set_element_class_lookup(_html_class_lookup())


def clean_space(text: str | None) -> str:
    """Collapse whitespace runs (including non-breaking and zero-width ones) to single spaces."""
    if not text:
        return ""
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return " ".join(text.split())


_INVISIBLE = {"script", "style", "noscript", "template", "svg", "button", "select", "option"}
_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "font",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "hi",
    "ref",
    "del",
    "ins",
}


def visible_text(node: lxml.html.HtmlElement) -> str:
    """The node's text without script, style and control contents, whitespace collapsed."""
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag not in _INLINE
        if tag and tag not in _INVISIBLE:
            if block:
                parts.append(" ")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            if block:
                parts.append(" ")
        if el is not node and el.tail:
            parts.append(el.tail)

    walk(node)
    return clean_space("".join(parts))


@dataclass(slots=True)
class Page:
    """The parsed tree plus an index of ``<meta>`` and ``<link>`` values, keyed in lower case."""

    url: str
    tree: lxml.html.HtmlElement
    meta: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lang: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys``, in the order given."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None

    def absolute(self, href: str | None) -> str | None:
        """``href`` made absolute against the page URL (None for empty or non-web links)."""
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "data:", "mailto:", "#")):
            return None
        try:
            return urljoin(self.url, href)
        except ValueError:
            return None


def _index(page: Page) -> None:
    for node in page.tree.iter("meta"):
        content = node.get("content")
        if content is None:
            continue
        content = clean_space(content)
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = node.get(attr)
            if key:
                page.meta[key.strip().lower()].append(content)
    for node in page.tree.iter("link"):
        href = node.get("href")
        for rel in (node.get("rel") or "").lower().split():
            if href:
                page.links[rel].append(href)
    root_lang = page.tree.get("lang") or page.tree.get("xml:lang")
    page.lang = clean_space(root_lang) or None


def parse_page(text: str, url: str) -> Page:
    """Parse decoded page text; raises ``not_html`` when lxml finds no document in it."""
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (ParserError, XMLSyntaxError, ValueError) as exc:
        raise ExtractionError("not_html", f"the page cannot be parsed as HTML: {exc}") from exc
    if tree is None or not isinstance(tree, lxml.html.HtmlElement):
        raise ExtractionError("not_html", "the page cannot be parsed as HTML")
    page = Page(url=url, tree=tree)
    _index(page)
    return page
