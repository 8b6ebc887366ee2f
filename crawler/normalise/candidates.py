"""The article's sentences as candidates for extraction: cleaned, tokenised, flagged."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.normalise.cleaning import is_debris, strip_dateline
from crawler.normalise.generator import Article
from crawler.normalise.sentences import split_body
from crawler.normalise.tokens import term_vector, terms, words

__all__ = ["Candidate", "candidates"]

_TERMINALS = (".", "!", "?", "…", "。", "！", "？", "।", "؟")
_QUOTES = "\"“”„«»「『'‘"
# A sentence opening with a pronoun leans on the one before; as a stand-alone bullet it dangles.
_PRONOUN = re.compile(
    r"^[\"“'‘]?(?:He|She|It|They|His|Her|Its|Their|Them|This|These|Those|Er|Sie|Es|Ihr|Dies"
    r"|Il|Elle|Ils|Elles|Él|Ella|Ellos|Lui|Lei|Loro|Ele|Ela|Eles|Hij|Zij"
    r"|Han|Hun|Dette|Hon|Ona|Oni|Он|Она|Они|Это|Він|Вона|Вони|Це|Bu)\b"
)


@dataclass(slots=True)
class Candidate:
    """One body sentence; ``index`` is its position in ``split_body(article.body)`` (provenance)."""

    index: int
    text: str
    paragraph: int
    terms: list[str]
    n_words: int
    debris: bool
    quote: bool
    question: bool
    pronoun: bool
    terminated: bool  # ends with . ! ? etc.; a line without is usually a heading or kicker
    vector: dict[str, float]  # term_vector(terms), made once: scoring and selection both compare it


_CJK_CHAR = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")


def _count_words(text: str) -> int:
    """Words, counting CJK text at roughly two characters a word so length limits stay comparable."""
    n = len(words(text))
    cjk = 0 if text.isascii() else len(_CJK_CHAR.findall(text))
    return n + cjk // 2 if cjk > len(text) // 3 else n


def candidates(article: Article) -> list[Candidate]:
    """Every sentence of the body, with datelines stripped and furniture flagged."""
    out: list[Candidate] = []
    for index, sentence in enumerate(split_body(list(article.body), article.language)):
        text = strip_dateline(sentence.text) if index < 3 else sentence.text
        stripped = text.lstrip()
        sentence_terms = terms(text)
        out.append(Candidate(
            index=index, text=text, paragraph=sentence.paragraph, terms=sentence_terms,
            n_words=_count_words(text), debris=is_debris(text),
            quote=bool(stripped) and stripped[0] in _QUOTES,
            question=text.rstrip(_QUOTES + " ").endswith(("?", "？")),
            pronoun=bool(_PRONOUN.match(stripped)),
            terminated=text.rstrip(_QUOTES + "»”’)] ").endswith(_TERMINALS),
            vector=term_vector(sentence_terms),
        ))
    return out
