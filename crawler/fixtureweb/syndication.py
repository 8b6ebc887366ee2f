"""Stories more than one outlet runs: wire copy carried word for word under each outlet's own
headline, and one event reported independently. The ``wire-*`` outlets carry them, so the demo
set's edition counts stay simple."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from .model import BASE_TIME, Syndicated
from .prose import Story

__all__ = ["WIRE_OUTLETS", "STORIES", "adapt_syndicated", "syndicated_for"]

WIRE_OUTLETS = ("wire-a", "wire-b", "wire-c")
#: story key -> (topic, mode, outlets carrying it, hours before edition 1)
STORIES: dict[str, tuple[str, str, tuple[str, ...], int]] = {
    "wire-freeport-strike": ("strike", "wire", ("wire-a", "wire-b", "wire-c"), 5),
    "wire-aske-flood-scheme": ("flood", "wire", ("wire-a", "wire-b"), 9),
    "event-kingsbridge-budget": ("budget", "rewrite", ("wire-a", "wire-c"), 7),
}


def syndicated_for(outlet: str) -> tuple[Syndicated, ...]:
    """The shared stories this outlet carries, each with this outlet's variant number."""
    out = []
    for key, (topic, mode, outlets, hours) in STORIES.items():
        if outlet in outlets:
            variant = outlets.index(outlet)
            when = BASE_TIME - timedelta(hours=hours) + timedelta(minutes=11 * variant)
            out.append(Syndicated(key, topic, mode, variant, when))
    return tuple(out)


def adapt_syndicated(story: Story, facts: dict[str, Any], syn: Syndicated) -> Story:
    """One outlet's copy: its own headline; wire copy keeps the agency dateline, and the second
    outlet trims the last paragraph as subeditors do."""
    heads = tuple(sorted((story.headline, *story.headlines)))  # sorted: variants never collide
    headline = heads[syn.variant % len(heads)]
    paragraphs = list(story.paragraphs)
    if syn.mode == "wire":
        paragraphs[0] = f"{str(facts['city']).upper()} (Newswire) — {paragraphs[0]}"
        if syn.variant == 1:
            paragraphs = paragraphs[:-1]
    return replace(story, headline=headline, headlines=tuple(h for h in heads if h != headline),
                   paragraphs=tuple(paragraphs))
