"""When two articles tell the same story: MinHash signatures, LSH buckets and the match rule.

Two signals, because syndication comes in two shapes:

* **wire copy** — the same text under another outlet's headline, maybe trimmed: word 4-gram
  shingles of the body, compared by MinHash (estimated Jaccard);
* **same event** — independent write-ups share the names and numbers of what happened (places,
  people, amounts) while the prose differs: the set of capitalised words and numbers of headline
  and body, found through MinHash and confirmed by their exact Jaccard, within a few days, and
  only across outlets (one outlet's follow-ups on a running story share names too, but are
  separate stories; its republished copies match on the body anyway).

Headline similarity only supports an event match (headlines are rewritten far too freely to
decide alone). Pure functions: archive.clusters stores signatures and buckets and decides.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np

__all__ = [
    "Signature", "Match", "signature", "bucket_keys", "compare", "NUM_PERM", "BODY_MATCH", "EVENT_MATCH",
]

NUM_PERM = 128
SHINGLE_WORDS = 4
_BODY_BANDS, _BODY_ROWS = 32, 4      # candidates from about J >= 0.4
_EVENT_BANDS, _EVENT_ROWS = 42, 3    # candidates from about J >= 0.3
EVENT_BAND_OFFSET = 100              # event bands are numbered 100.. in lsh_buckets
#: Estimated body Jaccard from which two articles carry the same copy.
BODY_MATCH = 0.6
#: Exact Jaccard of names and numbers from which two write-ups report the same event...
EVENT_MATCH = 0.55
#: ...or a lower overlap when the headlines agree too.
EVENT_WITH_HEADLINE = 0.45
HEADLINE_AGREES = 0.6
#: Same-event write-ups appear within this time of each other.
EVENT_WINDOW = timedelta(days=3)

_WORD = re.compile(r"\w+")
_NAME_OR_NUMBER = re.compile(r"\b(?:[A-Z][\w'\u2019-]*\w|[A-Z]|\d[\d,.]*\d|\d)\b")
_COMMON = frozenset("""
a an the and or but if of to in on at by for from with as into over after before about than then this that these
those it its he she they we you i his her their our your my is are was were be been has have had will would can
could may might should must not no yes so do does did up out new more most also just there here when where which
who what why how all any each some such one two three mr mrs ms dr
""".split())
_SENTENCE_START = ".!?:;\"\u201c\u2018\u2014\u2013-(["
_HEADLINE_STOP = _COMMON | frozenset("says said".split())


@dataclass(frozen=True, slots=True)
class Signature:
    """What the archive keeps of an article to find its look-alikes."""

    minhash: bytes          # body shingles, NUM_PERM uint32 values
    event_minhash: bytes    # names and numbers, NUM_PERM uint32 values
    event_tokens: list[str]
    shingles: int           # 0: no body to compare
    headline: str = ""
    #: Its LSH (band, bucket) pairs, computed with the signature (in the crawler's extraction
    #: processes, not in the archive writer); empty for signatures read back from the archive.
    buckets: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    method: str   # "body" (wire copy) or "event" (same event)
    score: float


@functools.cache
def _scheme() -> tuple[Any, str]:
    """The seed's permutations (drawn once per process instead of once per MinHash) and the hash
    scheme datasketch uses by default, which the stored signatures were made with."""
    from datasketch import MinHash  # late: numpy/scipy load only when clustering

    prototype = MinHash(num_perm=NUM_PERM, seed=1)
    return prototype.permutations, prototype.scheme


_UINT32_LE = struct.Struct("<I").unpack_from


def _minhash(tokens: set[str]) -> bytes:
    """datasketch's MinHash of ``tokens`` with its default hash (the first four bytes of SHA-1,
    little-endian), hashed here in one comprehension rather than by datasketch's call of a Python
    function per token: 1.14 against 1.40 ms for the MinHash of a body's thousand shingles."""
    from datasketch import MinHash

    permutations, scheme = _scheme()
    mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=permutations, scheme=scheme, hashfunc=int)
    if tokens:  # in any order: the minimum of each permutation does not depend on it
        sha1 = hashlib.sha1
        mh.update_batch([_UINT32_LE(sha1(t.encode("utf-8")).digest())[0] for t in tokens])
    return np.asarray(mh.hashvalues, dtype=np.uint64).astype("<u4").tobytes()


def _shingles(body: Sequence[str]) -> set[str]:
    words = _WORD.findall(" ".join(body).lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _names(text: str) -> tuple[set[str], set[str]]:
    """(capitalised words seen mid-sentence, numbers) of one paragraph or headline."""
    names, numbers = set(), set()
    for m in _NAME_OR_NUMBER.finditer(text):
        token = m.group(0)
        if token[0].isdigit():
            numbers.add(token.replace(",", ""))
            continue
        before = text[:m.start()].rstrip()
        if before and before[-1] not in _SENTENCE_START and token.lower() not in _COMMON:
            names.add(token.lower())
    return names, numbers


def event_tokens(headline: str, body: Sequence[str]) -> set[str]:
    """Names and numbers: words capitalised in mid-sentence (so not "The" or "Residents" opening a
    sentence), and figures. A title-case headline only adds figures and names the body confirms."""
    names: set[str] = set()
    numbers: set[str] = set()
    for paragraph in body:
        found, figures = _names(paragraph)
        names |= found
        numbers |= figures
    head_names, head_numbers = _names(headline)
    return names | numbers | head_numbers | (head_names & names)


def signature(headline: str, body: Sequence[str]) -> Signature:
    shingles = _shingles(body)
    tokens = event_tokens(headline, body)
    sig = Signature(_minhash(shingles), _minhash(tokens), sorted(tokens), len(shingles), headline)
    return replace(sig, buckets=tuple(_bucket_keys(sig)))


def _values(raw: bytes) -> np.ndarray[Any, Any]:
    return np.frombuffer(raw, dtype="<u4")


def _bands(raw: bytes, bands: int, rows: int, offset: int) -> list[tuple[int, int]]:
    values = _values(raw)
    out = []
    for band in range(bands):
        chunk = values[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b((offset + band).to_bytes(2, "big") + chunk, digest_size=8).digest()
        out.append((offset + band, int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF))
    return out


def bucket_keys(sig: Signature) -> list[tuple[int, int]]:
    """(band, bucket) pairs to store; articles sharing any bucket are candidates."""
    return list(sig.buckets) if sig.buckets else _bucket_keys(sig)


def _bucket_keys(sig: Signature) -> list[tuple[int, int]]:
    keys: list[tuple[int, int]] = []
    if sig.shingles:
        keys += _bands(sig.minhash, _BODY_BANDS, _BODY_ROWS, 0)
    if sig.event_tokens:
        keys += _bands(sig.event_minhash, _EVENT_BANDS, _EVENT_ROWS, EVENT_BAND_OFFSET)
    return keys


def _estimate(a: bytes, b: bytes) -> float:
    # The share of equal values, as np.mean would give it, at a third of its cost (a wire copy
    # brings a dozen candidates to compare).
    mine, theirs = _values(a), _values(b)
    return int(np.count_nonzero(mine == theirs)) / mine.size


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _headline_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _HEADLINE_STOP}


def compare(a: Signature, b: Signature, a_time: datetime | None = None,
            b_time: datetime | None = None, *, same_outlet: bool = False) -> Match | None:
    """Whether two articles tell the same story, and how sure (None: they do not)."""
    if a.shingles and b.shingles:
        body = _estimate(a.minhash, b.minhash)
        if body >= BODY_MATCH:
            return Match("body", round(body, 3))
    if same_outlet or not (a.event_tokens and b.event_tokens):
        return None
    if a_time is not None and b_time is not None and abs(a_time - b_time) > EVENT_WINDOW:
        return None
    event = _jaccard(set(a.event_tokens), set(b.event_tokens))
    headline = _jaccard(_headline_words(a.headline), _headline_words(b.headline))
    if event >= EVENT_MATCH or (event >= EVENT_WITH_HEADLINE and headline >= HEADLINE_AGREES):
        return Match("event", round(event, 3))
    return None
