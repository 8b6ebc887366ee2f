"""CaseFree finds exactly what the case-insensitive pattern finds, only faster."""

from __future__ import annotations

import re
import sys

import pytest

from crawler.extract.casefree import RARE_LETTERS, CaseFree, _lower_is_exact
from crawler.extract.prose import _SITE_TALK
from crawler.normalise.cleaning import _DEBRIS_ANYWHERE
from crawler.normalise.explainers import WHAT_CUES, WHY_CUES

OURS = [WHY_CUES, WHAT_CUES, _SITE_TALK, _DEBRIS_ANYWHERE]
TEXTS = [
    "Subscribe to our NEWSLETTER for more.", "Please SIGN IN to continue.", "Die Kunden müssen zahlen.",
    "PRICES rise as Consumers pay more BILLS.", "Follow Us On X: www.example.com", "CNN Student News today",
    "Ohne Treffer.", "ſubscribe to nothing", "İmage source: archive", "© 2024 Getty Images", "",
    "DIE KUNDEN MÜSSEN ZAHLEN, WEIL die Preise steigen.", "ПОТОМУ ЧТО цены растут; это означает рост",
    "Çünkü fiyatlar ARTIYOR: bu, tüketiciler için", "ΑΥΤΟ ΣΗΜΑΙΝΕΙ ότι οι τιμές", "Kelvin \u212a and ß ẞ",
    "一方、影響は大きい", "이 때문에 가격이",
]


@pytest.mark.parametrize("cues", OURS)
def test_same_matches_as_the_case_insensitive_pattern(cues: CaseFree) -> None:
    assert cues._twin is not None  # these patterns take the fast path on most texts
    for text in TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS]:
        assert cues.count(text) == len(cues.pattern.findall(text)), text
        assert cues.found(text) == bool(cues.pattern.search(text)), text


def test_texts_outside_ascii_take_the_fast_path_unless_they_hold_a_rare_letter() -> None:
    assert _lower_is_exact("Die Kunden müssen zahlen") and _lower_is_exact("ПОТОМУ ЧТО цены растут")
    assert not _lower_is_exact("ſubscribe") and not _lower_is_exact("İmage")
    assert not _lower_is_exact("ΟΔΟΣ") and not _lower_is_exact("οδός")  # Σ lowers to ς at a word's end


def test_every_other_letter_lowers_to_what_the_engine_compares() -> None:
    """Over all of Unicode: a text character that is not rare matches a pattern letter of ours
    case-insensitively exactly when its lower case is that letter."""
    cased = [chr(code) for code in range(sys.maxunicode + 1)
             if chr(code).lower() != chr(code) or chr(code).upper() != chr(code)]
    usable = [char for char in cased if _lower_is_exact(char)]
    assert len(usable) > 2000
    letters = {char for cues in OURS for char in cues.pattern.pattern if char.isalpha()}
    for letter in letters | set("abcdefghijklmnopqrstuvwxyz"):
        insensitive = re.compile(re.escape(letter), re.IGNORECASE)
        wrong = [char for char in usable if bool(insensitive.fullmatch(char)) != (char.lower() == letter)]
        assert not wrong, (letter, wrong)


def test_patterns_with_rare_or_upper_case_letters_keep_the_slow_path() -> None:
    assert {"ı", "ſ", "ς", "\u1c80"} <= RARE_LETTERS and not {"i", "s", "σ", "в"} & RARE_LETTERS
    turkish = CaseFree(r"ayrıca bakınız")  # dotless ı matches I under re.I, not after lower()
    assert turkish._twin is None
    assert turkish.found("AYRICA BAKINIZ") and turkish.found("ayrıca bakınız")
    assert CaseFree(r"Read more")._twin is None  # upper-case letters of its own
    assert CaseFree(r"müssen")._twin is not None and CaseFree(r"mÜssen")._twin is None
    assert CaseFree(r"\W+read\b")._twin is not None  # escapes are not letters
    assert CaseFree("read", re.X).count("READ read Read") == 3
