"""The article body: trafilatura's main-content tree turned into a list of paragraphs.

trafilatura returns its own small XML tree (``p``, ``head``, ``list/item``, ``quote``, ``table``);
each block becomes one paragraph, and headings inside the article stay as their own paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

from crawler.extract.page import visible_text

__all__ = ["BodyResult", "run_trafilatura", "paragraphs_of"]


@dataclass(slots=True)
class BodyResult:
    """trafilatura's answer: its paragraphs (with heading flags) and its own metadata guesses."""

    paragraphs: list[str]
    headings: set[int]
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    language: str | None = None
    image: str | None = None


def _walk(node: _Element, out: list[tuple[str, bool]]) -> None:
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in {"list", "table", "div", "cell"} and len(child):
            _walk(child, out)
            continue
        text = visible_text(child)
        if text:
            out.append((text, tag == "head"))


def paragraphs_of(body: _Element | None) -> tuple[list[str], set[int]]:
    """Paragraph texts in reading order and the indexes of those that are headings."""
    if body is None:
        return [], set()
    found: list[tuple[str, bool]] = []
    _walk(body, found)
    return [t for t, _ in found], {i for i, (_, head) in enumerate(found) if head}


#: trafilatura's fast pass (its own extractor only) is trusted when it kept at least this share of
#: the page's paragraph prose; below it, the full cascade (readability and jusText compared) runs.
#: On the corpus the full cascade costs 1.6x the fast pass and changes 4 of 127 pages; the two it
#: changes much are pages the fast pass cut short, to 0.40 and 0.53 of their prose. 10 pages fall
#: below the threshold; on 7 of them the full cascade then agrees with the fast pass, a cost
#: taken for the margin.
FAST_PASS_MIN_SHARE = 0.65
#: Paragraphs shorter than this are menus, captions and buttons rather than prose.
_PROSE_PARAGRAPH = 80


def run_trafilatura(tree: HtmlElement, url: str) -> BodyResult | None:
    """Run trafilatura on the shared tree (it copies it); None when it finds no main text.

    Its fast pass first; the full cascade only when the fast pass kept little of the page's
    paragraph prose (see FAST_PASS_MIN_SHARE). Its metadata pass is skipped: our own signal
    readers cover it, and htmldate runs separately only for pages where they found no date
    (see :func:`crawler.extract.fuse.choose_dates`).
    """
    fast = _bare_extraction(tree, url, fast=True)
    if fast is not None and sum(map(len, fast.paragraphs)) >= FAST_PASS_MIN_SHARE * _paragraph_prose(tree):
        return fast
    return _bare_extraction(tree, url)


def _paragraph_prose(tree: HtmlElement) -> int:
    """Characters of text in the page's longer ``<p>`` elements: roughly its article prose."""
    total = 0
    for paragraph in tree.iter("p"):
        length = len(" ".join(paragraph.text_content().split()))
        if length >= _PROSE_PARAGRAPH:
            total += length
    return total


def _bare_extraction(tree: HtmlElement, url: str, **options: Any) -> BodyResult | None:
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, **options
        )
    except Exception:  # noqa: BLE001 - trafilatura can raise on odd markup; treat as "no text"
        return None
    if doc is None or isinstance(doc, dict):
        return None
    paragraphs, headings = paragraphs_of(doc.body)
    return BodyResult(
        paragraphs=paragraphs,
        headings=headings,
        title=doc.title,
        author=doc.author,
        date=doc.date,
        sitename=doc.sitename,
        language=doc.language,
        image=doc.image,
    )
