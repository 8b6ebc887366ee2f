"""Shorten a sentence by deleting words only: asides, ages, trailing attributions, openers.

Every operation removes a span and never adds or reorders words, so a compressed bullet says
nothing the article does not. Operations are conservative: each only fires where what remains
is still a sentence (subject and verb outside the removed span).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Compression", "compress"]

# "But", "However,", "Meanwhile," ... at the start carry a link to a sentence the reader lacks.
_OPENER = re.compile(
    r"^(?:But|And|So|Yet|Still|Also|Now|However|Meanwhile|Moreover|Furthermore|Indeed|Instead|Then"
    r"|In addition|In fact|Nonetheless|Nevertheless|Aber|Doch|Und|Mais|Et|Pero|Y|Ma|E|Mas|Maar|Men|Ale)"
    r"(?:,\s*|\s+(?=[A-Za-zÀ-ÿ\"“]))"
)
_DASH_ASIDE = re.compile(r"\s+(?:--|—|–)\s+[^-—–]{3,120}?\s+(?:--|—|–)\s+")
_PAREN = re.compile(r"\s*\((?:[^()]{1,60})\)(?=[\s,.;:!?])")
_AGE = re.compile(r",\s*\d{1,3},(?=\s)")
# ", police said." / ", he told CNN on Tuesday." / ", according to the agency."
_ATTRIBUTION = re.compile(
    r",\s*(?:(?:according to|citing)\s[^,.;]{2,60}"
    r"|(?:[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}|the\s[\w\s'’-]{2,40}|police|officials|authorities|he|she|they|it)"
    r"\s(?:said|says|told\s[^,.;]{2,40}|added|reported|announced|confirmed|stated)(?:\s[^,.;]{1,40})?)"
    r"(?=[.!?]\s*[\"”’]?$)"
)
# Non-restrictive relative clause between commas: "Gomis, who has a history of fainting, said"
_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\s[^,;:\"“”]{3,90},\s+")
_TRAILING = re.compile(r",\s+(?:adding|saying|noting|citing|which|where)\s[^;:\"“”]{3,120}(?=[.!?]$)")
# Leading clauses whose removal leaves the main clause asserted as before (not "if"/"when").
_INTRO = re.compile(r"^(?:As|While|After|Although|Though|Despite|Since|Earlier|Later|In a statement"
                    r"|On (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                    r"|Last (?:week|month|year))"
                    r"\b[^,;:\"“”]{0,80},\s+(?=[a-zA-Z])")
_SPACES = re.compile(r"\s{2,}")
_QUOTE_CHARS = "\"“”„«»"


@dataclass(frozen=True, slots=True)
class Compression:
    """Which deletions compress() may make."""

    opener: bool = True
    asides: bool = True
    parentheses: bool = True
    ages: bool = False
    attribution: bool = False
    clauses: bool = True
    long_words: int = 15  # clause deletions only fire on sentences longer than this


def _balanced_quotes(text: str) -> bool:
    straight = text.count('"') % 2 == 0
    return straight and text.count("“") == text.count("”")


def _capitalise(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch not in _QUOTE_CHARS + "'(":
            break
    return text


def _deletions(options: Compression, n_words: int) -> list[Callable[[str], str]]:
    """The enabled deletions, in order; clause deletions only for long sentences."""
    steps: list[tuple[bool, Callable[[str], str]]] = [
        (options.asides, lambda t: _DASH_ASIDE.sub(" ", t)),
        (options.clauses and n_words > options.long_words, lambda t: _RELATIVE.sub(" ", t)),
        (options.clauses and n_words > options.long_words, lambda t: _TRAILING.sub("", t)),
        (options.clauses and n_words > options.long_words, lambda t: _capitalise(_INTRO.sub("", t, count=1))),
        (options.parentheses, lambda t: _PAREN.sub("", t)),
        (options.ages, lambda t: _AGE.sub("", t)),
        (options.attribution, lambda t: _ATTRIBUTION.sub("", t)),
        (options.opener, lambda t: _capitalise(_OPENER.sub("", t, count=1))),
    ]
    return [step for enabled, step in steps if enabled]


def compress(sentence: str, options: Compression = Compression()) -> str:
    """``sentence`` with the enabled deletions made; a deletion that would break it is skipped."""
    text = sentence
    for step in _deletions(options, len(sentence.split())):
        shorter = _SPACES.sub(" ", step(text)).strip()
        if len(shorter.split()) >= 4 and _balanced_quotes(shorter) == _balanced_quotes(text):
            text = shorter
    return text
