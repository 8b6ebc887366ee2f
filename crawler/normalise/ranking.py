"""Rank sentences for key points: position, centrality and novelty, tuned on CNN highlights.

Scores are a weighted sum of cheap features; the weights were tuned on the first 500 articles of
the CNN reference set (``bench/bullets.py`` reports on the other 500).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from crawler.normalise.candidates import Candidate
from crawler.normalise.tokens import term_vector

__all__ = ["Weights", "score", "select", "similarity"]


@dataclass(frozen=True, slots=True)
class Weights:
    """Feature weights and limits of the ranking; defaults are the tuned values."""

    position: float = 1.0
    decay: float = 0.5  # position weight is (1 + rank) ** -decay
    centrality: float = 0.6
    headline: float = 0.3
    quote: float = -0.25
    question: float = -0.4
    pronoun: float = -0.2
    unterminated: float = -1.0
    short: float = -0.2
    long: float = -0.3
    min_words: int = 9
    max_words: int = 40
    redundancy: float = 0.6


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def score(cands: list[Candidate], headline_terms: list[str], w: Weights) -> list[float]:
    """One score per candidate (debris gets minus infinity)."""
    vectors = [c.vector for c in cands]
    centroid = Counter[str]()
    for c in cands:
        if not c.debris:
            centroid.update(set(c.terms))
    centre = term_vector(list(centroid.elements()))
    head = term_vector(headline_terms)
    out: list[float] = []
    rank = 0
    for c, v in zip(cands, vectors, strict=True):
        if c.debris or not c.terms:
            out.append(-math.inf)
            continue
        value = w.position / (1 + rank) ** w.decay + w.centrality * similarity(v, centre)
        value += w.headline * similarity(v, head) if head else 0.0
        value += w.quote * c.quote + w.question * c.question + w.pronoun * c.pronoun
        value += w.unterminated * (not c.terminated)
        value += w.short * (c.n_words < w.min_words) + w.long * (c.n_words > w.max_words)
        out.append(value)
        rank += 1
    return out


def select(cands: list[Candidate], scores: list[float], k: int, w: Weights,
           shorten: Callable[[str], str] = str, cap: int = 35) -> list[tuple[Candidate, str]]:
    """Greedy pick of up to ``k`` high-scoring, mutually non-redundant candidates, in reading order.

    Each pick is returned with its shortened text; picks longer than ``cap`` words after
    shortening are taken only when the article has nothing shorter to offer.
    """
    vectors = [c.vector for c in cands]
    order = [i for i in sorted(range(len(cands)), key=lambda i: -scores[i]) if scores[i] != -math.inf]
    picked: list[tuple[int, str]] = []
    for capped in (True, False):
        for i in order:
            if len(picked) >= k:
                break
            if any(i == j for j, _ in picked):
                continue
            if any(similarity(vectors[i], vectors[j]) > w.redundancy for j, _ in picked):
                continue
            text = shorten(cands[i].text)
            if capped and len(text.split()) > cap:
                continue
            picked.append((i, text))
    return [(cands[i], text) for i, text in sorted(picked)]
