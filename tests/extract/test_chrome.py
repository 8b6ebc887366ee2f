"""Chrome recognised from a paragraph's own text (cross-links, credits, date lines, UI labels)."""

from __future__ import annotations

import pytest

from crawler.extract.chrome import cut_related_tail, is_chrome_text


@pytest.mark.parametrize(
    "text",
    [
        "Read more: Harbour traders fear a summer without visitors",
        "Lesen Sie auch: Hafenhändler fürchten einen Sommer ohne Gäste",
        "Les også: Tone Damli ofret musikkarrieren for barna",
        "Czytaj więcej",
        "Advertisement",
        "Link zum YouTube-Inhalt",
        "ALSO READ | Bridge repairs delayed again",
        ">> Hier finden Sie alle Termine im Überblick",
        "Photo: Jane Doe/Harbour Herald",
        "Image: Fouzia Van Der Fort",
        "18.05.2026",
        "Freitag, 28.04.2023, 19:25",
    ],
)
def test_chrome_lines(text: str) -> None:
    assert is_chrome_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council approved the new harbour budget on Tuesday after a long debate.",
        "Read the full report, the mayor said, before judging the plan.",
        "What happens next",
        "On 28.04.2023 the council met again to discuss the harbour budget in detail.",
    ],
)
def test_article_lines_are_kept(text: str) -> None:
    assert not is_chrome_text(text)


def test_related_heading_in_the_second_half_cuts_the_teasers_after_it() -> None:
    body = ["One.", "Two.", "Three.", "Four.", "Related", "Teaser A", "Teaser B"]
    assert cut_related_tail(body) == ["One.", "Two.", "Three.", "Four."]
    early = ["Related", "One.", "Two.", "Three."]
    assert cut_related_tail(early) == early
