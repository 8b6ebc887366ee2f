"""Find the standfirst (lead, dek, teaser text) that sits between the headline and the body.

Generic extractors often drop it because it is styled apart from the body text, yet it is part
of the article. We look at the blocks that come after the visible headline and before the first
body paragraph, and keep those that are prose and either repeat the page description, carry a
lead-like class (``lead``, ``intro``, ``dek``, ``standfirst``, ``preamble``...), or are the only
prose block there. Captions, bylines and dates in that stretch are skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.headline import loose, normal_key
from crawler.extract.page import Page, visible_text

__all__ = ["find_lead"]

_LEADISH = re.compile(
    r"lead|intro|standfirst|teaser-?text|teasertext|excerpt|\bdek\b|dek-|-dek|[a-z]dek\b|preamble|summary|"
    r"subtitle|sub-?tit|subhead|abstract|description|deck|kicker-text|ingress|chapeau|chapo|entradilla|"
    r"sottotitolo|occhiello|catenaccio|vorspann|einleitung|spitzmarke-text|underrubrik|sommario",
    re.I,
)
_NOT_LEAD = re.compile(
    r"caption|credit|copyright|byline|author|date|time|share|social|breadcrumb|tag|label|meta|"
    r"bildunterschrift|figure|photo|image|video|audio|newsletter|related|teaser-list|advert",
    re.I,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CREDIT = re.compile(
    r"©|\((?:foto|photo|bild|image|picture)s?\b|\b(?:foto|photo|bild|credit|getty images)s?\s*:", re.I
)
_BLOCK_TAGS = {"p", "div", "h2", "h3", "span", "strong", "section", "header", "ul", "li"}
_MIN_CHARS = 40
_MAX_CHARS = 1200
_MAX_SCAN = 600
# Compiled once: a string passed to .xpath() is compiled again on every call.
_FOLLOWING = etree.XPath(f"following::*[position() <= {_MAX_SCAN}]")
_HAS_P = etree.XPath("boolean(.//p)")


def _attrs(node: HtmlElement) -> str:
    return " ".join(
        f"{k}={v}" for k, v in node.attrib.items() if k in {"class", "id"} or k.startswith("data-")
    )


@lru_cache(maxsize=4096)
def _not_lead_class(classes: str) -> bool:
    return bool(_NOT_LEAD.search(classes))


def _in_excluded(node: HtmlElement) -> bool:
    for anc in [node, *node.iterancestors()]:
        if anc.tag in {"figure", "figcaption", "nav", "aside", "footer", "time", "button", "form"}:
            return True
        if anc.tag in {"article", "main", "body"}:
            return False
        classes = anc.get("class")
        if classes and _not_lead_class(classes):
            return True
    return False


def _is_body_start(node: HtmlElement, first_key: str) -> bool:
    return bool(first_key) and normal_key(node.text_content()[:400]).startswith(first_key)


def _leaf_text(node: HtmlElement) -> str | None:
    """The node's text when it is a prose block without a block child holding most of it."""
    if len(node.text_content()) > 3 * _MAX_CHARS:
        return None
    if (
        node.find(".//figure") is not None
        or node.find(".//figcaption") is not None
        or node.find(".//img") is not None
    ):
        return None  # a wrapper around an image: its text is the caption
    text = visible_text(node)
    if not _MIN_CHARS <= len(text) <= _MAX_CHARS or len(text.split()) + len(_CJK.findall(text)) // 2 < 6:
        return None
    for child in node:
        if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
            if len(visible_text(child)) >= 0.8 * len(text):
                return None
    return text


def _collect(page: Page, start: HtmlElement, first_key: str) -> list[tuple[HtmlElement, str]] | None:
    """Prose blocks after ``start`` and before the first body paragraph; None when it never appears."""
    found: list[tuple[HtmlElement, str]] = []
    for node in _FOLLOWING(start):
        if not isinstance(node.tag, str) or node.tag not in _BLOCK_TAGS:
            continue
        if _is_body_start(node, first_key) and not _HAS_P(node):
            return found
        if len(found) > 8:
            return None
        if not _in_excluded(node):
            text = _leaf_text(node)
            if text and not any(text in t or t in text for _, t in found):
                found.append((node, text))
    return None


def _prose(text: str) -> bool:
    """Sentences, not UI: ends like a sentence and has enough words (or CJK characters)."""
    words = len(text.split()) + len(_CJK.findall(text)) // 2
    if _CREDIT.search(text):
        return False
    return words >= 8 and text.rstrip()[-1:] in ".!?…。！？\"'»“”)"


def find_lead(
    page: Page, headline: str, body: list[str], descriptions: list[str], start: HtmlElement | None
) -> list[str]:
    """Standfirst paragraphs missing from ``body`` (empty when none is found with confidence).

    ``start`` is the headline's node, ``headline_node(page, headline)``: the caller has it already.
    """
    if not body or not headline:
        return []
    if start is None:
        return []
    first_key = normal_key(body[0])[:40]
    blocks = _collect(page, start, first_key)
    if not blocks:
        return []
    head_key = normal_key(headline)[:40]
    body_key = normal_key(body[0])[:40]
    blocks = [(n, t) for n, t in blocks if head_key not in normal_key(t) and body_key not in normal_key(t)]
    desc_keys = {loose(d)[:60] for d in descriptions if d and len(d) >= _MIN_CHARS}
    body_keys = {loose(p) for p in body}
    chosen = [
        text
        for node, text in blocks
        if loose(text)[:60] in desc_keys
        or (len(blocks) <= 3 and _LEADISH.search(_attrs(node)) and _prose(text))
        or (len(blocks) == 1 and _prose(text))
    ]
    return [t for t in chosen if loose(t) not in body_keys and not _CREDIT.search(t)][:3]
