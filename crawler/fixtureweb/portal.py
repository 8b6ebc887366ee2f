# ruff: noqa: E501 - prose templates read better whole than wrapped
"""The ``brief`` outlet's editorial fields: key points, "Why this matters" and "What this means for
you", written by the outlet itself (so a crawler should take them from the page, not derive them)."""

from __future__ import annotations

import random
import re
from typing import Any

from .prose import Story, fill
from .topics import GENERIC

__all__ = ["enrich", "expected_fields"]

_WHY = {
    "budget": "The budget decides how much every household pays in {tax} and which local services survive the year.",
    "strike": "{port} handles around {pct3}% of the region's imports, so a long stoppage reaches shop shelves and factory lines.",
    "flood": "Thousands of homes along the {river} sit on the flood plain, and many owners already struggle to get insurance.",
    "election": "The result shows how voters in {city} weigh local issues such as housing ahead of next year's full elections.",
    "football": "A first win in {small} matches eases the pressure on {team} as the club hovers above the relegation places.",
    "tech": "{num} new jobs would make {tech_company} one of the larger private employers in {city}'s growing tech sector.",
}
_WHAT = {
    "budget": "Expect your {tax} bill to rise by about {pct}% from April, and check library opening hours before you visit.",
    "strike": "Deliveries of imported goods may be late this week; passenger ferries are running as normal.",
    "flood": "If you live in {ward}, you can see the final plans at the agency's drop-in sessions and sign up for flood alerts.",
    "election": "Your new councillor for {ward} is {candidate}, who is expected to hold a first advice surgery within weeks.",
    "football": "Tickets for the next home match go on sale this week; supporters' groups are still pressing for lower prices.",
    "tech": "Vacancies will be advertised over the next two years, and local colleges are running coding courses linked to the roles.",
}
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]”))\s+(?=[A-Z“])")


def _first_sentence(paragraph: str) -> str:
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0]


def enrich(rng: random.Random, topic: str, facts: dict[str, Any], story: Story) -> tuple[tuple[str, str], ...]:
    """Key points (first sentences of the opening paragraphs, filler skipped) and the two explainers."""
    filler = {fill(g, facts) for g in GENERIC}
    firsts = [_first_sentence(p) for p in story.paragraphs]
    bullets = [s for s in firsts if s not in filler][: rng.randint(3, 4)]
    return (
        ("bullets", "\n".join(bullets)),
        ("why_this_matters", fill(_WHY[topic], facts)),
        ("what_this_means_for_you", fill(_WHAT[topic], facts)),
    )


def expected_fields(headline: str, standfirst: str, paragraphs: tuple[str, ...],
                    extra: dict[str, str]) -> dict[str, Any]:
    """What a portal-aware extractor should read off the page."""
    return {
        "headline": headline, "summary": standfirst, "bullets": extra["bullets"].split("\n"),
        "body": list(paragraphs), "why_this_matters": extra["why_this_matters"],
        "what_this_means_for_you": extra["what_this_means_for_you"],
    }
