"""Debris sentences: the fast form of the "anywhere" pattern finds what its plain form finds."""

from __future__ import annotations

import re

import pytest

from crawler.normalise.cleaning import _DEBRIS_ANYWHERE, is_debris

#: The pattern as one would write it plainly; the module's form opens every alternative with a literal.
PLAIN = re.compile(
    r"scroll\ down\ for|click\ here|contributed\ (?:to\ this|from|reporting)|all\ rights\ reserved"
    r"|©|hide\ caption|\bcaption\b\s*\d|\d+\ of\ \d+\ photos|follow\ @|\bfollow\ (?:us|him|her)\ on"
    r"|sign\ up\ for|subscribe\ to|newsletter|getty\ images|\(photo\b|photo:\ |image\ (?:source|copyright)"
    r"|you\ can\ follow|\bwww\.|https?://|@\w+\.\w|\bcnn\ student\ news\b",
    re.X | re.IGNORECASE,
)

SENTENCES = [
    "The council met on Tuesday to discuss the budget for next year.",
    "Caption 3: Residents queue outside the town hall in the rain.",
    "A subcaption 3 is not a caption line at all, says the editor.",
    "Follow us on Twitter for the latest updates from the newsroom.",
    "Readers who unfollow us on weekends still get the newsletter.",
    "More at WWW.EXAMPLE.ORG and in print tomorrow morning, he said.",
    "The word awww. is not a web address in this quoted sentence.",
    "12 of 30 photos show the flooded high street on Monday morning.",
    "Item x of 3 photos was blurred, the photographer explained later.",
    "Gallery a1 of 3 photos opens the feature on the harbour works.",
    "CNN Student News is shown in classrooms across the country.",
    "Die Bürger MÜSSEN zahlen, sagte der Bürgermeister am Montag.",
    "© 2024 Getty Images. All rights reserved by the agency itself.",
    "Это означает рост цен для жителей города, сообщил мэр.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_debris_anywhere_matches_the_plain_pattern(sentence: str) -> None:
    for text in (sentence, sentence.upper(), sentence.lower()):
        assert _DEBRIS_ANYWHERE.found(text) == bool(PLAIN.search(text)), text


def test_credits_and_promos_are_debris_and_reporting_is_not() -> None:
    assert is_debris("Follow us on Twitter for the latest updates from the newsroom.")
    assert is_debris("12 of 30 photos show the flooded high street on Monday morning.")
    assert not is_debris("Readers who unfollow us on weekends still get no emails.")
    assert not is_debris("The council met on Tuesday to discuss the budget for next year.")
