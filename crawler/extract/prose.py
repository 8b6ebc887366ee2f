"""Whether extracted body text is prose at all, or only page chrome (galleries, login walls, hubs).

A page with no article still yields *some* text: navigation labels, "1 / 12" photo counters,
"Sign in to continue reading". Such text is short sentences, counters and labels; an article
has at least a few real sentences (eight words or more, ending in sentence punctuation). We
count the characters of such sentences, leaving out the ones that talk to the reader about the
site itself (cookies, subscriptions, signing in), and call the page article-less below a floor.
"""

from __future__ import annotations

import re

from crawler.extract.casefree import CaseFree

__all__ = ["MIN_PROSE_CHARS", "prose_chars", "is_prose"]

#: A sentence ends at terminal punctuation, optionally followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"'”’»)\]」』]*(?:\s+|$)|(?<=[。！？])")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
#: Scripts written without spaces between words: count characters instead.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MIN_WORDS = 8
_MIN_UNSPACED_CHARS = 15
#: Sentences that address the reader about the site, not the news.
_SITE_TALK = CaseFree(
    r"\b(?:cookies?|subscri(?:be|ber|bers|ption)s?|sign(?:ed)?[ -]?(?:in|up)|log(?:ged)?[ -]?in|"
    r"password|e-?mail address|newsletter|javascript|browser|terms of (?:use|service)|privacy policy|"
    r"abonn\w*|anmelden|einloggen|registrieren)\b"
)
#: Below this many characters of real sentences the page carries no article.
MIN_PROSE_CHARS = 60


_TERMINATED = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")


def _sentences(paragraph: str) -> list[str]:
    """Sentences that end in terminal punctuation (a trailing unterminated fragment is dropped)."""
    parts = _SENTENCE_END.split(paragraph.strip())
    if parts and not _TERMINATED.search(paragraph.strip()):
        parts = parts[:-1]  # the tail never ended: a label run, not a sentence
    return [p.strip() for p in parts if p and p.strip()]


def is_prose(sentence: str) -> bool:
    """A sentence of at least eight words (or fifteen CJK characters) that is not about the site."""
    if _SITE_TALK.found(sentence):
        return False
    if not sentence.isascii() and len(_UNSPACED.findall(sentence)) >= _MIN_UNSPACED_CHARS:
        return True
    return len(_WORD.findall(sentence)) >= _MIN_WORDS


def prose_chars(paragraphs: list[str]) -> int:
    """Characters of real prose sentences across the paragraphs."""
    return sum(len(s) for p in paragraphs for s in _sentences(p) if is_prose(s))
