"""The checks that keep a model's text to what the article says, and delete-only compression."""

from __future__ import annotations

import re

from crawler.normalise.compress import Compression, compress
from crawler.normalise.faithfulness import SourceIndex, unsupported

ARTICLE = ("French striker Bafetimbi Gomis, 29, said he is now \"feeling well\" after Swansea's 3-2 loss "
           "at Tottenham. About 1,200 fans and three doctors saw it. NATO and the U.S. team said 4.5% more.")
SOURCE = SourceIndex(ARTICLE, "en")


def test_faithful_paraphrase_passes() -> None:
    assert unsupported('Gomis says he is "feeling well" after the 3-2 defeat.', SOURCE) == []
    assert unsupported("Some 1200 fans and 3 doctors watched; NATO commented.", SOURCE) == []
    assert unsupported("Swansea’s striker is 29.", SOURCE) == []


def test_invented_number_person_and_quote_are_caught() -> None:
    assert unsupported("About 1,500 fans saw it.", SOURCE) == ["number '1,500'"]
    assert unsupported("Coach Peter Brown was worried.", SOURCE) == ["name 'Peter'", "name 'Brown'"]
    assert unsupported('Gomis said "I nearly died".', SOURCE) == ["quote 'I nearly died'"]
    assert unsupported("Shares fell 4.6%.", SOURCE) == ["number '4.6'"]


def test_german_nouns_are_not_names_but_multiword_names_are() -> None:
    source = SourceIndex("Die Regierung in Berlin hat am Montag das Gesetz beschlossen.", "de")
    assert unsupported("Das Gesetz wurde von der Regierung beschlossen.", source) == []
    assert unsupported("Kanzler Olaf Scholz begrüßte das Gesetz.", source) != []


def test_compression_only_deletes_words() -> None:
    sentence = ("But French striker Bafetimbi Gomis, who has a history of fainting, said he is now "
                "\"feeling well\" (pictured) after collapsing -- in the first half -- on Wednesday.")
    short = compress(sentence, Compression(ages=True))
    expected = 'French striker Bafetimbi Gomis said he is now "feeling well" after collapsing on Wednesday.'
    assert short == expected
    words = iter(re.findall(r"\w+", sentence.lower()))
    assert all(word in words for word in re.findall(r"\w+", short.lower()))


def test_compression_keeps_attribution_by_default() -> None:
    sentence = "The bridge will stay closed until June, officials said."
    assert compress(sentence) == sentence
    assert compress(sentence, Compression(attribution=True)) == "The bridge will stay closed until June."
