"""Language-neutral content terms of a sentence, for similarity and centrality.

No stemmer download: words are lower-cased and cut to a 6-character prefix, which conflates most
inflections in the corpus languages; CJK text (no spaces) uses character bigrams instead.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

__all__ = ["terms", "words", "term_vector", "STOPWORDS"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_PREFIX = 6

STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that
these those he she they we you i his her their our your my me him them us not no so than then there here
what which who whom whose when where why how all any both each few more most other some such only own same
too very can will just should would could may might must shall do does did doing have has had having also
into about after before over under again further once said says say according told mr mrs ms
der die das und oder aber ist sind war waren ein eine einer eines einem einen nicht auch mit von zu im am
für auf dem den des sich es er sie wir ihr als wie bei nach aus noch nur so dass hat haben wird werden
le la les un une des et ou mais est sont été du de dans sur pour par avec ce cette il elle ils qui que pas
el los las y o pero es son fue una uno en con por para del al lo se que no su sus
il lo gli e ed ma è sono di da per con su che non si
o os as um uma e mas é são foi de do da dos das em no na com por para que não se
de het een en of maar is zijn was waren in op van voor met dat die niet
og i på af at den det en et er var til med som ikke for har
och är var att som inte för med av på till
i w z na do nie się jest to że o od za po jak ale
и в на не что с по это как а но к у из за от о же то он она они бы был была
і в на не що з по це як але до та від за
ve bir bu da de ile için olarak çok daha gibi ama
""".split())


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return word[:_PREFIX]


def words(text: str) -> list[str]:
    """The word tokens of a text (letters and digits, apostrophes kept inside words)."""
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """Content terms: stopwords and one-letter tokens dropped, words reduced to a prefix stem."""
    out: list[str] = []
    if not text.isascii():  # ASCII text has no CJK runs to find or blank out
        for run in _CJK_RUN.findall(text):
            out.extend(run[i:i + 2] for i in range(max(1, len(run) - 1)))
        if out:
            text = _CJK_RUN.sub(" ", text)
    for word in _WORD.findall(text.lower()):
        if len(word) > 1 and word not in STOPWORDS:
            out.append(_stem(word))
    return out


def term_vector(terms: list[str]) -> dict[str, float]:
    """Term counts scaled to unit length (for cosine similarity)."""
    counts = Counter(terms)
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return {t: c / norm for t, c in counts.items()}
