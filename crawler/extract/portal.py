"""Pages already shaped like the portal's stories: standfirst, key points, body, two explainers.

Some sources publish a standfirst, a list of key points and paragraphs labelled "Why this
matters:" and "What this means for you:". We read those straight into the ``source_*`` fields
and keep them out of the body. Labels come inline ("<strong>Why this matters:</strong> ..."),
as a heading followed by a paragraph, or doubled by a template bug ("What this means for you:
What this means for you: ..."), which is collapsed. Key points are a list marked by its class or
by the heading before it ("Key points", "At a glance"...).

Portal mode switches on only when the page carries key points or an explainer: a standfirst
alone is ordinary news markup, and there it stays part of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from crawler.extract.headline import normal_key
from crawler.extract.page import visible_text

__all__ = ["PortalFields", "read_portal", "collapse_label", "is_label"]

_WHY = re.compile(r"^\s*why (?:this|it) matters\s*[:.\-–—]?\s*", re.I)
_WHAT = re.compile(r"^\s*what (?:this|it) means for you\s*[:.\-–—]?\s*", re.I)
_KEY_HEADING = re.compile(
    r"^\s*(?:key (?:points|facts|takeaways)|at a glance|in brief|the essentials|highlights|in short|"
    r"what we know|summary|das wichtigste in kürze|auf einen blick|l'essentiel|en bref)\s*:?\s*$",
    re.I,
)
_KEY_CLASS = re.compile(
    r"key-?points|keypoints|key-?facts|at-a-glance|takeaways|highlights|bullet-?points", re.I
)
_STANDFIRST_CLASS = re.compile(
    r"standfirst|\bdek\b|\bsummary\b|\blead\b|\bintro\b|subtitle|teaser-text", re.I
)
_HEADINGS = {"h2", "h3", "h4", "h5", "strong", "b", "dt"}


@dataclass(slots=True)
class PortalFields:
    """Editorial fields found on the page, and the texts they occupy (to keep out of the body)."""

    summary: str | None = None
    key_points: list[str] = field(default_factory=list)
    key_node: HtmlElement | None = None
    why: str | None = None
    what: str | None = None
    used: set[str] = field(default_factory=set)

    @property
    def found(self) -> bool:
        """Whether the page is portal-shaped (key points or an explainer present)."""
        return bool(self.key_points or self.why or self.what)


def collapse_label(text: str, label: re.Pattern[str]) -> str:
    """Text after the label, with a repeated label ("X: X: ...") removed."""
    while label.match(text):
        text = label.sub("", text, count=1)
    return text.strip()


def _next_text(node: HtmlElement) -> str:
    sibling = node.getnext()
    while sibling is not None and not visible_text(sibling):
        sibling = sibling.getnext()
    return visible_text(sibling) if sibling is not None else ""


def _read_explainer(root: HtmlElement, label: re.Pattern[str], fields: PortalFields) -> str | None:
    for node in root.iter("p", "div", "li", *_HEADINGS):
        if not label.match(node.text_content()[:80].lstrip()):
            continue
        text = visible_text(node)
        if not label.match(text) or (node.tag == "div" and node.find(".//p") is not None):
            continue
        rest = collapse_label(text, label)
        target = node
        if not rest:  # the label is a heading (or a <strong> alone): the text follows it
            target = (
                node.getparent() if node.tag in {"strong", "b"} and node.getparent() is not None else node
            )
            rest = collapse_label(_next_text(target), label)
            fields.used.add(normal_key(_next_text(target)))
        fields.used.update({normal_key(text), normal_key(visible_text(target))})
        if rest:
            return rest
    return None


def _list_heading(lst: HtmlElement) -> str:
    prev = lst.getprevious()
    if prev is not None:
        return visible_text(prev)
    parent = lst.getparent()
    if parent is not None:
        first = parent.find("./*")
        if first is not None and first is not lst:
            return visible_text(first)
    return ""


def _read_key_points(root: HtmlElement, fields: PortalFields) -> None:
    for lst in root.iter("ul", "ol"):
        if len(lst) == 0 or lst.xpath("ancestor::nav or ancestor::footer or ancestor::header"):
            continue
        heading = _list_heading(lst)
        marked = _KEY_CLASS.search(
            " ".join(a.get("class") or "" for a in [lst, lst.getparent()] if a is not None)
        )
        if not marked and not _KEY_HEADING.match(heading):
            continue
        items = [visible_text(li) for li in lst.iter("li")]
        items = [i for i in items if i]
        if items:
            fields.key_points = items
            prev = lst.getprevious()
            fields.key_node = prev if prev is not None and _KEY_HEADING.match(visible_text(prev)) else lst
            fields.used.update(normal_key(i) for i in items)
            if _KEY_HEADING.match(heading):
                fields.used.add(normal_key(heading))
            return


def _read_standfirst(root: HtmlElement, fields: PortalFields, lead: list[str]) -> None:
    for node in root.iter("p", "div"):
        if _STANDFIRST_CLASS.search(node.get("class") or "") and not _KEY_CLASS.search(
            node.get("class") or ""
        ):
            text = visible_text(node)
            if text and normal_key(text) not in fields.used:
                fields.summary = text
                fields.used.add(normal_key(text))
                return
    if lead:
        fields.summary = " ".join(lead)
        fields.used.update(normal_key(t) for t in lead)
        return
    before = fields.key_node.getprevious() if fields.key_node is not None else None
    while before is not None and not visible_text(before):
        before = before.getprevious()
    if before is not None and before.tag in {"p", "div"} and len(visible_text(before).split()) >= 8:
        fields.summary = visible_text(before)  # the paragraph right above the key points
        fields.used.add(normal_key(fields.summary))


def is_label(text: str) -> bool:
    """Whether a paragraph is only a portal label ("Why this matters", "Key points"...)."""
    return bool(_KEY_HEADING.match(text)) or (
        (bool(_WHY.match(text)) and not collapse_label(text, _WHY))
        or (bool(_WHAT.match(text)) and not collapse_label(text, _WHAT))
    )


def read_portal(root: HtmlElement, lead: list[str]) -> PortalFields:
    """The portal fields under ``root`` (the article element); ``found`` is False on ordinary pages."""
    fields = PortalFields()
    text = root.text_content().casefold()
    if "matters" in text:
        fields.why = _read_explainer(root, _WHY, fields)
    if "means for you" in text:
        fields.what = _read_explainer(root, _WHAT, fields)
    _read_key_points(root, fields)
    if fields.found:
        _read_standfirst(root, fields, lead)
    return fields
