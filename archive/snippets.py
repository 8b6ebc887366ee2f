"""Search snippets made in Python from the hit's text: the same on both backends, and cheap.

The database finds and ranks; only the few hits shown need a snippet, so it is cut here: a
window of about thirty words around the densest run of query words, those words marked. Words
are compared as the indexes compare them: case-insensitively and without accents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from archive.search_query import Term

__all__ = ["make_snippet", "fold"]

_WORD = re.compile(r"\w+")
BEFORE, WIDTH = 60, 200  # characters of context before the first hit, and in all


def fold(word: str) -> str:
    """Lower-cased, accents removed: how both search indexes compare words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(terms: Iterable[Term]) -> tuple[set[str], tuple[str, ...]]:
    exact: set[str] = set()
    prefixes: list[str] = []
    for term in terms:
        words = [fold(w) for w in term.words]
        exact.update(words[:-1] if term.prefix else words)
        if term.prefix:
            prefixes.append(words[-1])
    return exact, tuple(prefixes)


MAX_HITS = 64


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _find(low: str, word: str, whole: bool, found: list[tuple[int, int]]) -> None:
    """Occurrences of ``word`` in ``low`` at word starts (and word ends when ``whole``): str.find
    runs in C, far faster than a regular expression over a long body."""
    start = low.find(word)
    while start >= 0 and len(found) < MAX_HITS:
        end = start + len(word)
        if not _is_word_char(low, start - 1):
            if whole:
                if not _is_word_char(low, end):
                    found.append((start, end))
            else:
                while _is_word_char(low, end):
                    end += 1
                found.append((start, end))
        start = low.find(word, start + 1)


def _hits(text: str, exact: set[str], prefixes: tuple[str, ...]) -> list[tuple[int, int]]:
    low = text.lower()
    found: list[tuple[int, int]] = []
    if len(low) == len(text):  # lower() kept every offset, so spans in ``low`` are spans in ``text``
        for word in exact:
            _find(low, word, True, found)
        for prefix in prefixes:
            _find(low, prefix, False, found)
    if found or text.isascii():
        return sorted(found)
    # Accented text: compare word by word, folded (slower, so only when the fast pass found nothing).
    return [m.span() for m in _WORD.finditer(text)
            if (w := fold(m.group(0))) in exact or (prefixes and w.startswith(prefixes))]


def make_snippet(texts: list[str], terms: list[Term], marks: tuple[str, str], ellipsis: str = "\u2026") -> str:
    """About thirty words of the first text that holds query words (the caller orders the texts,
    e.g. body, summary, headline), query words wrapped in ``marks``."""
    exact, prefixes = _words(terms)
    for text in texts:
        hits = _hits(text, exact, prefixes)
        if hits:
            return _window(text, hits, marks, ellipsis)
    fallback = next((t for t in texts if t.strip()), "")
    return _window(fallback, [], marks, ellipsis) if fallback else ""


def _window(text: str, hits: list[tuple[int, int]], marks: tuple[str, str], ellipsis: str) -> str:
    if hits:
        densest = max(range(len(hits)), key=lambda k: sum(1 for s, _ in hits[k:] if s < hits[k][0] + WIDTH))
        start = max(0, hits[densest][0] - BEFORE)
    else:
        start = 0
    end = min(len(text), start + WIDTH)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < hits[densest][0] else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, position = [], start
    for s, e in hits:
        if s >= start and e <= end:
            out += [text[position:s], marks[0], text[s:e], marks[1]]
            position = e
    out.append(text[position:end])
    snippet = " ".join("".join(out).split())
    return (ellipsis if start > 0 else "") + snippet + (ellipsis if end < len(text) else "")
