"""CaseFree finds exactly what the case-insensitive pattern finds, only faster on ASCII text."""

from __future__ import annotations

import re

import pytest

from crawler.extract.casefree import CaseFree
from crawler.extract.prose import _SITE_TALK
from crawler.normalise.cleaning import _DEBRIS_ANYWHERE
from crawler.normalise.explainers import WHAT_CUES, WHY_CUES

TEXTS = [
    "Subscribe to our NEWSLETTER for more.", "Please SIGN IN to continue.", "Die Kunden müssen zahlen.",
    "PRICES rise as Consumers pay more BILLS.", "Follow Us On X: www.example.com", "CNN Student News today",
    "Ohne Treffer.", "ſubscribe to nothing", "İmage source: archive", "© 2024 Getty Images", "",
]


@pytest.mark.parametrize("cues", [WHY_CUES, WHAT_CUES, _SITE_TALK, _DEBRIS_ANYWHERE])
def test_same_matches_as_the_case_insensitive_pattern(cues: CaseFree) -> None:
    assert cues._ascii is not None  # these patterns take the fast path on ASCII text
    for text in TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS]:
        assert cues.count(text) == len(cues.pattern.findall(text)), text
        assert cues.found(text) == bool(cues.pattern.search(text)), text


def test_patterns_whose_letters_fold_onto_ascii_keep_the_slow_path() -> None:
    turkish = CaseFree(r"ayrıca bakınız")  # dotless ı matches I under re.I, not after lower()
    assert turkish._ascii is None
    assert turkish.found("AYRICA BAKINIZ") and turkish.found("ayrıca bakınız")
    assert CaseFree(r"Read more")._ascii is None  # upper-case letters of its own
    assert CaseFree(r"\W+read\b")._ascii is not None  # escapes are not letters
    assert CaseFree("read", re.X).count("READ read Read") == 3
