"""Assemble the body: extractor paragraphs, minus chrome, plus the standfirst, split from portal fields.

Order of work: trafilatura's paragraphs (or, for client-rendered pages, the HTML embedded in
script data, or JSON-LD ``articleBody``) -> drop chrome (captions, teasers, other articles,
cross-links, the outlet's learnt boilerplate) -> prepend the standfirst the extractor missed ->
on portal-shaped pages, move standfirst, key points and explainers out of the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from crawler.extract.body import BodyResult
from crawler.extract.chrome import chrome_paragraphs, cut_related_tail, is_chrome_text, paragraph_key
from crawler.extract.headline import headline_node, normal_key
from crawler.extract.hydration import embedded_paragraphs
from crawler.extract.lead import find_lead
from crawler.extract.page import Page
from crawler.extract.portal import PortalFields, is_label, read_portal
from crawler.extract.profile import OutletProfile
from crawler.extract.signals import Signals

__all__ = ["BodyParts", "assemble_body"]

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class BodyParts:
    """The body paragraphs, where they came from, and the portal fields when the page has them."""

    paragraphs: list[str]
    source: str
    portal: PortalFields = field(default_factory=PortalFields)


def _without_chrome(
    page: Page, head: HtmlElement | None, paragraphs: list[str], profile: OutletProfile | None
) -> list[str]:
    drop = chrome_paragraphs(page.tree, head, paragraphs)
    kept = [p for p in cut_related_tail(paragraphs) if paragraph_key(p) not in drop and not is_chrome_text(p)]
    if profile is not None:
        kept = [p for p in kept if not profile.is_boilerplate(p)]
    return kept


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def _fuller_article_body(paragraphs: list[str], article_body: str | None) -> list[str] | None:
    """JSON-LD ``articleBody`` paragraphs when they contain our text and much more (the extractor
    stopped early, e.g. at a mid-article ad or gallery); only bodies with paragraph breaks qualify."""
    if not article_body or "\n" not in article_body.strip():
        return None
    ours, theirs = _words(" ".join(paragraphs)), _words(article_body)
    shared = sum((ours & theirs).values())
    if not ours or shared / sum(ours.values()) < 0.95 or shared / sum(theirs.values()) > 0.7:
        return None
    return [p.strip() for p in article_body.split("\n") if p.strip()]


def _raw_paragraphs(page: Page, sig: Signals, result: BodyResult | None) -> tuple[list[str], str]:
    if result and result.paragraphs:
        fuller = _fuller_article_body(result.paragraphs, sig.article_body)
        if fuller:
            return fuller, "jsonld"
        return list(result.paragraphs), "trafilatura"
    embedded = embedded_paragraphs(page.tree)
    if embedded:
        return embedded, "embedded"
    if sig.article_body:
        return [p.strip() for p in sig.article_body.split("\n") if p.strip()], "jsonld"
    return [], "none"


def _article_root(page: Page, head: HtmlElement | None) -> HtmlElement:
    if head is not None:
        for anc in head.iterancestors("article", "main"):
            return anc
    found = page.tree.find(".//article")
    if found is None:
        found = page.tree.find(".//main")
    return found if found is not None else page.tree


def assemble_body(
    page: Page,
    sig: Signals,
    result: BodyResult | None,
    profile: OutletProfile | None,
    headline: str,
    descriptions: list[str],
) -> BodyParts:
    """The article body (a list of paragraphs) and any portal fields, for one page."""
    head = headline_node(page, headline) if headline else None
    raw, source = _raw_paragraphs(page, sig, result)
    head_keys = {normal_key(headline)} | {normal_key(v) for _, v in sig.headlines}
    raw = [
        p for i, p in enumerate(raw) if i > 2 or normal_key(p) not in head_keys
    ]  # the headline is not body
    paragraphs = _without_chrome(page, head, raw, profile)
    if not paragraphs and raw and source == "trafilatura":
        paragraphs, source = _without_chrome(page, head, embedded_paragraphs(page.tree), profile), "embedded"
    lead = find_lead(page, headline, paragraphs, descriptions, head) if paragraphs else []
    portal = read_portal(_article_root(page, head), lead)
    if not portal.found:
        return BodyParts(lead + paragraphs, source)
    body = [p for p in lead + paragraphs if normal_key(p) not in portal.used and not is_label(p)]
    if portal.summary:
        body = [p for p in body if normal_key(p) != normal_key(portal.summary)]
    return BodyParts(body, source, portal)
