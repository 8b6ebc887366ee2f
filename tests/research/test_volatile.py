"""Page noise never makes a version; partial fetches are recognised (pure functions)."""

from __future__ import annotations

import pytest

from archive.volatile import (
    is_volatile_paragraph,
    meaningful_body,
    normalise_text,
    partial_capture,
    paywall_signals,
    story_fingerprint,
)
from tests.research.builders import BODY, make_story


@pytest.mark.parametrize("text", [
    "Last updated 5 minutes ago", "Updated 1 min ago", "an hour ago", "3 hrs ago", "just now",
    "12,345 views", "Viewed 1,204 times", "59°F", "· Updated", "Advertisement", "Most read",
    "Related: Council approves budget", "We and our partners use cookies to personalise content.",
])
def test_page_furniture_is_volatile(text: str) -> None:
    assert is_volatile_paragraph(text)


@pytest.mark.parametrize("text", [
    "The council approved new flood defences on Monday.",
    "Updated figures show 3,000 homes are at risk, the agency said.",
    "The minister said the plan was five years ago in the making and would cost £3m.",
])
def test_article_text_is_not_volatile(text: str) -> None:
    assert not is_volatile_paragraph(text)


def test_volatile_spans_inside_text_are_normalised() -> None:
    a = normalise_text("Brennan City 59°F Last updated 1 min ago Midland Ledger 1,024 views")
    b = normalise_text("Brennan City 67°F Last updated 21 min ago Midland Ledger 88 views")
    assert a == b


def test_fingerprint_ignores_noise_but_not_edits() -> None:
    base = make_story()
    noisy = make_story(body=["Updated 3 minutes ago", *BODY[:2], "Advertisement", *BODY[2:], "4,512 views"])
    assert story_fingerprint(base) == story_fingerprint(noisy)
    edited = make_story(body=[*BODY[:-1], BODY[-1] + " A spokesman declined to comment."])
    assert story_fingerprint(base) != story_fingerprint(edited)
    assert story_fingerprint(base) != story_fingerprint(make_story(headline="Something else"))


def test_paywall_signals() -> None:
    html = b'<script type="application/ld+json">{"isAccessibleForFree": false}</script>'
    assert paywall_signals(html) == ["isAccessibleForFree=false"]
    assert "paywall markup" in paywall_signals(b'<div class="article-paywall piano">x</div>')
    assert "paywall wording" in paywall_signals(b"<p>Subscribe to continue reading.</p>")
    assert paywall_signals(b"<p>Nothing to see</p>") == []


def test_partial_capture_needs_a_much_shorter_body_and_a_sign() -> None:
    teaser = BODY[:1]
    paywall = b'<div class="paywall">Subscribe to continue reading</div>'
    assert partial_capture(BODY, teaser, paywall_signals(paywall))[0] == "paywalled"  # type: ignore[index]
    cut = [BODY[0], BODY[1][:40]]
    assert partial_capture(BODY, cut)[0] == "truncated"  # type: ignore[index]
    # A real edit that removes paragraphs (not a prefix, no paywall) is a version, not a partial fetch.
    assert partial_capture(BODY, [BODY[3]]) is None
    assert partial_capture(BODY, BODY[:4], paywall_signals(paywall)) is None  # not much shorter


def test_meaningful_body_drops_furniture() -> None:
    assert meaningful_body(["Advertisement", "Real text here.", "  "]) == ["Real text here."]
