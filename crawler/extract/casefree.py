"""Case-insensitive patterns that stay fast on ASCII text.

Python's regex engine compares case-insensitive letters through a case table one position at a
time, which makes a long alternation (cue words, debris phrases) the slowest part of scoring a
sentence. On ASCII text, lower-casing first and matching case-sensitively finds exactly the same
matches, as long as the pattern's own letters are lower case and none of its non-ASCII letters
folds onto an ASCII one (Turkish "ı" matches "I", "ſ" matches "s"); such patterns, and non-ASCII
text, keep the case-insensitive pattern.
"""

from __future__ import annotations

import re
import string

__all__ = ["CaseFree"]

_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")  # \W, \S, \D, \B are escapes, not letters


def _ascii_twin_is_exact(pattern: str) -> bool:
    if _UPPER_LITERAL.search(pattern):
        return False
    for char in {c for c in pattern if not c.isascii()}:
        if any(re.fullmatch(re.escape(char), letter, re.IGNORECASE) for letter in string.ascii_letters):
            return False
    return True


class CaseFree:
    """A case-insensitive pattern with a case-sensitive twin for lower-cased ASCII text."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags | re.IGNORECASE)
        exact = _ascii_twin_is_exact(pattern)
        self._ascii = re.compile(pattern, flags & ~re.IGNORECASE) if exact else None

    def _for(self, text: str) -> tuple[re.Pattern[str], str]:
        if self._ascii is not None and text.isascii():
            return self._ascii, text.lower()
        return self.pattern, text

    def found(self, text: str) -> bool:
        """Whether the pattern occurs anywhere in ``text``."""
        pattern, subject = self._for(text)
        return pattern.search(subject) is not None

    def count(self, text: str) -> int:
        """How many non-overlapping matches ``text`` has."""
        pattern, subject = self._for(text)
        return len(pattern.findall(subject))
