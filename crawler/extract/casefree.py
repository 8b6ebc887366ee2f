"""Case-insensitive patterns that stay fast: lower-case the text once, then match case-sensitively.

Python's regex engine compares case-insensitive letters through a case table one position at a
time, which makes a long alternation (cue words, debris phrases) the slowest part of scoring a
sentence. Lower-casing the text first and matching case-sensitively finds exactly the same
matches, except around a few letters:

- the engine gives some letters extra equivalents (``re._casefix``): "ı" and "i", "ſ" and "s",
  "ς" and "σ", "ᲀ" and "в". The rare member of each such set (the one that is not the lower
  case of its own upper case) lower-cases to itself, yet matches its common partner;
- ``str.lower`` turns "İ" into two characters, and "Σ" into "σ" or, ending a word, "ς".

A pattern with upper-case or rare letters of its own keeps the case-insensitive match for every
text, and so does a text containing a rare letter, "İ" or "Σ" (Greek text, mostly). Every other
letter lower-cases to the one character the engine compares it as; the tests check that over all
of Unicode.
"""

from __future__ import annotations

import re

# The regex engine's own table of the extra equivalents: private, but a pure-Python part of the
# standard library from 3.11 (our oldest) to CPython's main branch, and it ships with the engine.
from re._casefix import _EXTRA_CASES

__all__ = ["CaseFree", "RARE_LETTERS"]

_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")  # \W, \S, \D, \B are escapes, not letters


def _rare_letters() -> frozenset[str]:
    letters = {chr(code) for key, values in _EXTRA_CASES.items() for code in (key, *values)}
    return frozenset(letter for letter in letters if letter.upper().lower() != letter)


#: The rare members of the engine's sets of extra equivalents (see the module docstring).
RARE_LETTERS = _rare_letters()
_SLOW_TEXT = re.compile("[" + re.escape("".join(sorted(RARE_LETTERS | {"İ", "Σ"}))) + "]")


def _twin_is_exact(pattern: str) -> bool:
    if _UPPER_LITERAL.search(pattern):
        return False
    return all(char.lower() == char and char not in RARE_LETTERS for char in set(pattern) if not char.isascii())


def _lower_is_exact(text: str) -> bool:
    """Whether lower-casing ``text`` keeps every case-insensitive match (see the module docstring)."""
    return text.isascii() or _SLOW_TEXT.search(text) is None


class CaseFree:
    """A case-insensitive pattern with a case-sensitive twin for lower-cased text."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags | re.IGNORECASE)
        exact = _twin_is_exact(pattern)
        self._twin = re.compile(pattern, flags & ~re.IGNORECASE) if exact else None

    def _for(self, text: str) -> tuple[re.Pattern[str], str]:
        if self._twin is not None and _lower_is_exact(text):
            return self._twin, text.lower()
        return self.pattern, text

    def found(self, text: str) -> bool:
        """Whether the pattern occurs anywhere in ``text``."""
        pattern, subject = self._for(text)
        return pattern.search(subject) is not None

    def count(self, text: str) -> int:
        """How many non-overlapping matches ``text`` has."""
        pattern, subject = self._for(text)
        return len(pattern.findall(subject))
