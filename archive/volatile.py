"""Tell a meaningful change of an article from page noise, and a partial fetch from a real cut.

Pages carry parts that change on every fetch without the article changing: relative times
("5 minutes ago"), view counters, weather widgets, "Most read" and related-story lists, ad
slots, cookie banners. Extraction drops most of them, but what leaks into a story's text must
never make a version; so versions are compared on a *fingerprint* of the story with those parts
normalised away. The rules are generic text patterns, not any one site's markup.

A fetch that got only part of the article (cut short, or a paywall teaser) is not a huge
deletion either: ``partial_capture`` recognises it so the archive records the capture, flags it,
and keeps the previous version as current.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from archive.story import Story

__all__ = [
    "normalise_text", "is_volatile_paragraph", "meaningful_body", "fingerprint", "story_fingerprint",
    "paywall_signals", "partial_capture", "word_count",
]

_UNITS = (r"s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?|"
          r"y|yrs?|years?")
_RELATIVE_TIME = re.compile(
    rf"\b(?:\d+|an?|one|a\s+few|few|several)\s*(?:{_UNITS})\.?\s+ago\b|\bjust\s+now\b|\bmoments?\s+ago\b",
    re.IGNORECASE)
_COUNTER = re.compile(
    r"\b\d[\d,.\u202f\u00a0]*\s*[kKmM]?\s+(?:views|reads|readers|comments|shares|likes|reactions|page\s*views"
    r"|pageviews|people\s+reading(?:\s+now)?)\b|\b(?:viewed|read|shared)\s+\d[\d,.]*\s+times\b",
    re.IGNORECASE)
_TEMPERATURE = re.compile(r"-?\b\d{1,3}(?:[.,]\d)?\s?°\s?[CF]\b")
_PLACEHOLDER = "\u2400"  # what a volatile span becomes in the fingerprint

#: Whole paragraphs that are page furniture, not article text (matched on the lower-cased text
#: with punctuation and placeholders stripped).
_FURNITURE = re.compile(
    r"^(?:advertisement|advert|ad|sponsored(?: content)?|skip advertisement|story continues below(?: advertisement)?"
    r"|updated|last updated|published|posted|live|breaking(?: news)?|share|share this(?: article| story)?"
    r"|copy link|most read|most popular|most viewed|trending(?: now)?|popular now|related(?: stories| articles"
    r"| content| coverage)?|read more|see also|more on this story|top stories|recommended(?: for you)?"
    r"|you may also like|min read|\d+ min read|listen to this article|weather)$")
_LABELLED_LINK = re.compile(r"^(?:related|read more|see also|more|watch|listen|also read|read next)\s*:", re.I)
_COOKIES = re.compile(r"\buse(?:s)? cookies\b|\bcookie (?:policy|settings|preferences|consent)\b", re.I)
_LABEL_WORDS = re.compile(r"\b(?:last|updated|published|posted|on|at|by|views?|ago|min|read)\b", re.I)


def normalise_text(text: str) -> str:
    """``text`` with volatile spans replaced by one placeholder and whitespace collapsed."""
    text = _RELATIVE_TIME.sub(_PLACEHOLDER, text)
    text = _COUNTER.sub(_PLACEHOLDER, text)
    text = _TEMPERATURE.sub(_PLACEHOLDER, text)
    return " ".join(text.split())


def _bare(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace(_PLACEHOLDER, " ").lower()).split())


def is_volatile_paragraph(paragraph: str) -> bool:
    """Whether a body paragraph is page furniture (a label, a counter, a banner), not article text."""
    normal = normalise_text(paragraph)
    bare = _bare(normal)
    if not bare or _FURNITURE.match(bare):
        return True
    words = bare.split()
    if _PLACEHOLDER in normal and not _bare(_LABEL_WORDS.sub(" ", normal)):
        return True  # "Last updated 5 min ago", "12,345 views"
    if len(words) <= 25 and _LABELLED_LINK.match(paragraph.strip()):
        return True
    return len(words) <= 60 and bool(_COOKIES.search(paragraph))


def meaningful_body(body: Sequence[str]) -> list[str]:
    """The paragraphs that count: furniture dropped, volatile spans normalised."""
    return [normalise_text(p) for p in body if p.strip() and not is_volatile_paragraph(p)]


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def fingerprint(*, canonical_url: str, headline: str, authors: Sequence[str], published_at: datetime | None,
                updated_at: datetime | None, section: str | None, language: str | None,
                image_url: str | None, body: Sequence[str]) -> str:
    """SHA-256 over the content fields with page noise normalised away: equal means "no new version"."""
    payload: dict[str, Any] = {
        "canonical_url": canonical_url, "headline": normalise_text(headline), "authors": list(authors),
        "published_at": _instant(published_at), "updated_at": _instant(updated_at), "section": section,
        "language": language, "image_url": image_url, "body": meaningful_body(body),
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def story_fingerprint(story: Story) -> str:
    return fingerprint(canonical_url=story.canonical_url, headline=story.headline, authors=story.authors,
                       published_at=story.published_at, updated_at=story.updated_at, section=story.section,
                       language=story.language, image_url=story.image_url, body=story.body)


# -- partial fetches ------------------------------------------------------------------------------
# Searched in the lower-cased page (no re.I: case-folding regexes crawl a 300 kB page letter by letter).
_FREE_FALSE = re.compile(rb'"isaccessibleforfree"\s*:\s*(?:false|"false"|"no")')
_PAYWALL_CLASS = re.compile(
    rb"""class\s*=\s*["'][^"']*\b(?:paywall|paywalled|piano-offer|subscriber-only|subscribers-only"""
    rb"""|premium-content|metered-content|regwall|tp-modal)\b""")
_PAYWALL_TEXT = re.compile(
    rb"subscribe (?:now )?to (?:continue|keep) reading|to continue reading,? (?:please )?(?:subscribe|log ?in|sign in)"
    rb"|this (?:article|story|content) is (?:only )?(?:available|reserved|for) (?:to |for )?(?:subscribers|members)"
    rb"|already a subscriber\?|subscribers only|unlock this article|become a (?:subscriber|member) to read")
#: Every _PAYWALL_TEXT match contains one of these, so only the text around them is searched.
_PAYWALL_TEXT_ANCHORS = (b"subscri", b"member", b"continue reading", b"unlock this article")


def _paywall_wording(low: bytes) -> bool:
    for anchor in _PAYWALL_TEXT_ANCHORS:
        at = low.find(anchor)
        while at != -1:
            if _PAYWALL_TEXT.search(low, max(0, at - 80), at + 120):  # matches are under 60 bytes long
                return True
            at = low.find(anchor, at + 1)
    return False


def paywall_signals(html: bytes) -> list[str]:
    """Which paywall markers a page carries: JSON-LD isAccessibleForFree=false, paywall markup, wording."""
    low = html.lower()
    found = []
    if _FREE_FALSE.search(low):
        found.append("isAccessibleForFree=false")
    if _PAYWALL_CLASS.search(low):
        found.append("paywall markup")
    if _paywall_wording(low):
        found.append("paywall wording")
    return found


def word_count(body: Sequence[str]) -> int:
    return sum(len(p.split()) for p in meaningful_body(body))


def _is_prefix(short: list[str], full: list[str]) -> bool:
    """Whether ``short`` is the start of ``full``, its last paragraph possibly cut mid-way."""
    if not short or len(short) > len(full):
        return False
    *whole, last = short
    return whole == full[: len(whole)] and full[len(whole)].startswith(last.rstrip(" .…"))


#: A fetch is suspect when it holds less than this share of the previous version's words...
SHORTER_THAN = 0.6
#: ...and the previous version was long enough for the comparison to mean something.
MIN_PREVIOUS_WORDS = 60


def partial_capture(previous_body: Sequence[str], new_body: Sequence[str],
                    paywall: Sequence[str] = ()) -> tuple[str, str] | None:
    """``(flag, detail)`` when a fetch holds only part of the article, else None.

    ``paywalled`` when the body is much shorter than the previous version's and the page has
    paywall markers; ``truncated`` when it is much shorter and is just the start of the previous
    text. A much shorter body with neither sign is a real edit and makes a version.
    """
    before, after = word_count(previous_body), word_count(new_body)
    if before < MIN_PREVIOUS_WORDS or after >= SHORTER_THAN * before:
        return None
    detail = f"{after} words against {before} in the previous version"
    if paywall:  # the page's paywall_signals
        return "paywalled", f"{detail}; {', '.join(paywall)}"
    if _is_prefix(meaningful_body(new_body), meaningful_body(previous_body)):
        return "truncated", f"{detail}; the text stops part-way through the previous version"
    return None
