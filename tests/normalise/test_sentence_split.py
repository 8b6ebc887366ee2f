"""The splitter on hard cases: abbreviations, numbers, quotes, ellipses, CJK, several languages."""

from __future__ import annotations

import pytest

from crawler.normalise.sentences import split_body, split_sentences

CASES = [
    ("en", "Dr. Smith met Mrs. Jones at 3.5 p.m. on Monday. They talked.",
     ["Dr. Smith met Mrs. Jones at 3.5 p.m. on Monday.", "They talked."]),
    ("en", "U.S. officials said the U.S. economy grew 2.4%. The U.S. The end is near.",
     ["U.S. officials said the U.S. economy grew 2.4%.", "The U.S.", "The end is near."]),
    ("en", 'He said: "We will win." Then he left. "Why?" she asked.',
     ['He said: "We will win."', "Then he left.", '"Why?" she asked.']),
    ("en", "J. K. Rowling wrote it... Then nothing happened. Wait... what now?",
     ["J. K. Rowling wrote it...", "Then nothing happened.", "Wait... what now?"]),
    ("en", "He was ranked No. 1 in the world. Apple Inc. said so. It was 1990. In 2000 he left.",
     ["He was ranked No. 1 in the world.", "Apple Inc. said so.", "It was 1990.", "In 2000 he left."]),
    ("de", "Das ist z. B. ein Test mit ca. 3,5 Mio. Euro. Am 3. Oktober kam er an. "
           "Er sagte: „Wir gehen.“ Dann ging er.",
     ["Das ist z. B. ein Test mit ca. 3,5 Mio. Euro.", "Am 3. Oktober kam er an.", "Er sagte: „Wir gehen.“",
      "Dann ging er."]),
    ("de", "Prof. Dr. Müller sprach bzw. las vor. Die Sitzung endete um 18.30 Uhr.",
     ["Prof. Dr. Müller sprach bzw. las vor.", "Die Sitzung endete um 18.30 Uhr."]),
    ("fr", "M. Dupont est arrivé. « C'est fini. » Il est parti à 20 h.",
     ["M. Dupont est arrivé.", "« C'est fini. »", "Il est parti à 20 h."]),
    ("es", "¿Qué pasa? ¡Nada! El Sr. García llegó a EE. UU. el lunes.",
     ["¿Qué pasa?", "¡Nada!", "El Sr. García llegó a EE. UU. el lunes."]),
    ("ru", "Он приехал в г. Москва. Это т.е. правда. Потом ушёл.",
     ["Он приехал в г. Москва.", "Это т.е. правда.", "Потом ушёл."]),
    ("pl", "Spotkanie odbyło się przy ul. Długiej. Prof. Nowak był obecny.",
     ["Spotkanie odbyło się przy ul. Długiej.", "Prof. Nowak był obecny."]),
    ("da", "Han sagde: »Nej.« Så gik han. Det skete den 5. maj.",
     ["Han sagde: »Nej.«", "Så gik han.", "Det skete den 5. maj."]),
    ("ja", "今日は晴れです。明日は雨でしょう！本当？「行きます。」と彼は言った。",
     ["今日は晴れです。", "明日は雨でしょう！", "本当？", "「行きます。」と彼は言った。"]),
    ("zh", "他说：“我们会赢。”然后他走了。经济增长3.5%。",
     ["他说：“我们会赢。”", "然后他走了。", "经济增长3.5%。"]),
    ("ko", "오늘은 맑습니다. 내일은 비가 옵니다. 정말?",
     ["오늘은 맑습니다.", "내일은 비가 옵니다.", "정말?"]),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_hard_cases(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_unknown_language_still_keeps_titles_and_initials() -> None:
    assert split_sentences("Dr. Who met J. Smith. They left.") == ["Dr. Who met J. Smith.", "They left."]


def test_lowercase_after_period_never_splits() -> None:
    text = "The e.g. case and etc. are fine. yes"
    assert split_sentences(text, "en") == [text]


def test_line_breaks_end_sentences_and_debris_without_words_is_dropped() -> None:
    sentences = split_sentences("Headline without stop\n...\nNext line.", "en")
    assert sentences == ["Headline without stop", "Next line."]


def test_split_body_numbers_sentences_across_paragraphs() -> None:
    sentences = split_body(["One here. Two here.", "Three here."], "en")
    pairs = [(s.text, s.paragraph) for s in sentences]
    assert pairs == [("One here.", 0), ("Two here.", 0), ("Three here.", 1)]


def test_splitting_is_fast() -> None:
    import time

    text = " ".join(["Dr. Smith said the U.S. grew 3.5% in 2024. \"It is good,\" he said."] * 200)
    start = time.perf_counter()
    sentences = split_sentences(text, "en")
    assert len(sentences) == 400
    assert time.perf_counter() - start < 0.1
