"""Check a model's text against the article: names, numbers and quotes must all be in the source.

No NER model is available offline, so "names" are approximated by capitalised tokens that do not
open a sentence, and by acronyms: stricter than a real entity tagger (places and days count too),
which errs on the side of rejecting. In German, where every noun is capitalised, only
multi-word capitalised names and acronyms are checked.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["unsupported", "SourceIndex"]

_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")
_QUOTED = re.compile(r"[\"“„«「『]([^\"“”„«»「」『』]{4,}?)[\"”“»」』]")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“„«(]\s*)$")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "100", "thousand": "1000", "dozen": "12", "first": "1", "second": "2", "third": "3",
}


def _fold(text: str) -> str:
    """Lower-case, accent-insensitive, quotes and whitespace normalised, for substring checks."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\"“”„«»「」『』‘’']", "", text)
    return " ".join(text.split())


def _number_key(raw: str) -> str:
    """A number without thousands separators: "1,200" / "1.200" / "1 200" -> "1200"; "3.5" -> "3.5"."""
    compact = raw.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):
        return re.sub(r"[.,]", "", compact)
    return compact.replace(",", ".")


class SourceIndex:
    """What the article contains, prepared once so each field check is cheap."""

    def __init__(self, text: str, language: str | None = None) -> None:
        self.folded = _fold(text)
        self.tokens = {t.rstrip(".") for t in _TOKEN.findall(text)}
        self.lower_tokens = {t.lower() for t in self.tokens}
        self.numbers = {_number_key(n) for n in _NUMBER.findall(text)}
        self.numbers |= {v for w, v in _NUMBER_WORDS.items() if w in self.lower_tokens}
        self.german = (language or "").lower().startswith("de")

    def has_name(self, token: str) -> bool:
        bare = re.sub(r"(?:['’]s|['’])$", "", token.rstrip("."))
        return any(t in self.tokens for t in (bare, bare.rstrip("s"), token.rstrip(".")))


def _names(text: str, german: bool) -> list[str]:
    """Capitalised tokens that are not sentence openers, plus acronyms anywhere."""
    found: list[str] = []
    run: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        opener = bool(_SENTENCE_START.search(text[:match.start()]))
        capital = token[0].isupper()
        acronym = len(token) > 1 and token.replace(".", "").isupper()
        if capital and not opener:
            run.append(token)
        else:
            if not german or len(run) > 1:
                found.extend(run)
            run = []
        if acronym and opener:
            found.append(token)
    if not german or len(run) > 1:
        found.extend(run)
    return found


def unsupported(text: str, source: SourceIndex) -> list[str]:
    """Names, numbers and quotes in ``text`` that the article does not contain (empty = faithful)."""
    problems: list[str] = []
    for raw in _NUMBER.findall(text):
        if _number_key(raw) not in source.numbers:
            problems.append(f"number {raw!r}")
    for quote in _QUOTED.findall(text):
        if _fold(quote) not in source.folded:
            problems.append(f"quote {quote[:40]!r}")
    for name in _names(text, source.german):
        if not source.has_name(name):
            problems.append(f"name {name!r}")
    return problems
