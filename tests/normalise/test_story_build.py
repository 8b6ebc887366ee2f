"""build_story and derive: every field filled, provenance recorded, never raising on odd input."""

from __future__ import annotations

import re
from collections.abc import Callable

from archive.story import CONTENT_FIELDS, DERIVED_FIELDS, SourceRef, Story
from crawler.extract.result import Extracted
from crawler.normalise import ExtractiveGenerator, build_story, derive, split_body
from crawler.normalise.generator import Article, Derivation

MakeExtracted = Callable[..., Extracted]


def _words_in_order(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with words deleted (the only edit extractive output may make)."""
    tokens = iter(re.findall(r"\w+", long.lower()))
    return all(word in tokens for word in re.findall(r"\w+", short.lower()))


def test_every_field_filled_with_provenance(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(), source, canonical_url="http://herald.localhost:8123/a/1")
    assert story.headline == "Council votes to close ferry terminal"
    assert story.authors == ["Jo Smith"] and story.section == "Local" and story.language == "en"
    assert story.summary and story.why_this_matters and story.what_this_means_for_you
    assert 3 <= len(story.bullets) <= 5
    for name in DERIVED_FIELDS:
        prov = story.provenance[name]
        assert prov.method == "extractive" and prov.version and prov.sentences, name
    assert story.provenance["headline"].method == "source"
    assert story.provenance["headline"].signal == "jsonld"
    assert story.provenance["body"].signal == "trafilatura"
    assert set(story.provenance) >= set(DERIVED_FIELDS) | {"canonical_url", "headline", "body"}


def test_derived_fields_are_the_articles_own_sentences(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(), source, canonical_url="u")
    sentences = [s.text for s in split_body(story.body, "en")]
    bullets_prov = story.provenance["bullets"].sentences or []
    assert len(bullets_prov) == len(story.bullets)
    for index, bullet in zip(bullets_prov, story.bullets, strict=True):
        assert _words_in_order(bullet, sentences[index])
    for name in ("why_this_matters", "what_this_means_for_you"):
        (index,) = story.provenance[name].sentences or []
        assert getattr(story, name) in sentences[index]
        assert index not in bullets_prov  # never the same sentence as a bullet
    assert story.why_this_matters != story.what_this_means_for_you


def test_debris_never_used(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(), source, canonical_url="u")
    text = " ".join([story.summary, *story.bullets, story.why_this_matters, story.what_this_means_for_you])
    assert "(CNN)" not in text and "Photos:" not in text and "Read more" not in text


def test_explainers_follow_cues(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(), source, canonical_url="u")
    assert "jobs at risk" in story.why_this_matters or "could" in story.why_this_matters
    assert story.provenance["why_this_matters"].note is None


def test_source_editorial_fields_win(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(
        source_summary="The ferry  closes.", source_key_points=["One.", " ", "Two."],
        source_why_this_matters="Because.", signals={"source_key_points": "portal", "headline": "jsonld"},
    ), source, canonical_url="u")
    assert story.summary == "The ferry closes." and story.bullets == ["One.", "Two."]
    assert story.why_this_matters == "Because."
    for name in ("summary", "bullets", "why_this_matters"):
        assert story.provenance[name].method == "source" and story.provenance[name].signal == "portal"
    assert story.provenance["what_this_means_for_you"].method == "extractive"


def test_deterministic(extracted: MakeExtracted, source: SourceRef) -> None:
    first = build_story(extracted(), source, canonical_url="u").to_dict()
    assert build_story(extracted(), source, canonical_url="u").to_dict() == first


def test_edge_cases_never_raise(extracted: MakeExtracted, source: SourceRef) -> None:
    bodies: list[list[str]] = [[], [""], ["One short sentence."], ["First one here. Second one here."],
                               ["東京都は月曜日、新しい条例を発表した。市民は来月から手数料を払う必要がある。"],
                               ["Москва объявила новые правила. Жители должны платить больше. Цены растут."],
                               ["..."], ["Photos: a caption only."]]
    for body in bodies:
        story = build_story(extracted(body=body, headline=""), source, canonical_url="u")
        assert len(story.bullets) <= max(1, len(body[0]) if body else 0)
        assert all(story.provenance[name].method == "extractive" for name in DERIVED_FIELDS)
        sentences = {s.text for s in split_body(story.body)}
        assert set(story.bullets) <= sentences


def test_two_sentences_leave_explainers_empty(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(body=["The bridge reopened on Monday after repairs.",
                                         "Drivers can use both lanes again from today."]),
                        source, canonical_url="u")
    assert story.bullets == ["The bridge reopened on Monday after repairs.",
                             "Drivers can use both lanes again from today."]
    assert story.why_this_matters == "" and story.what_this_means_for_you == ""
    assert story.provenance["why_this_matters"].note


def test_non_latin_bullets(extracted: MakeExtracted, source: SourceRef) -> None:
    body = ["東京都は月曜日、新しい条例を発表した。市民は来月から手数料を払う必要がある。"
            "専門家は影響が大きいと指摘した。条例は四月に施行される。反対意見もある。"]
    story = build_story(extracted(body=body, language="ja"), source, canonical_url="u")
    assert 3 <= len(story.bullets) <= 5
    assert story.summary.startswith("東京都は月曜日")


class _Broken:
    name = "broken"
    version = "0"

    def generate(self, article: Article) -> Derivation:
        raise RuntimeError("boom")


def test_crashing_generator_falls_back_with_note(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(), source, canonical_url="u", generator=_Broken())
    assert story.bullets
    assert "broken failed" in (story.provenance["bullets"].note or "")


def test_derive_recomputes_only_derived_fields(extracted: MakeExtracted, source: SourceRef) -> None:
    story = build_story(extracted(source_summary="Outlet standfirst."), source, canonical_url="u")
    stale = Story.from_dict(story.to_dict())
    stale.bullets, stale.why_this_matters = ["old"], "old"
    again = derive(stale, ExtractiveGenerator(bullets=4))
    assert len(again.bullets) == 4 and again.why_this_matters != "old"
    assert again.summary == "Outlet standfirst." and again.provenance["summary"].method == "source"
    for name in CONTENT_FIELDS:
        assert getattr(again, name) == getattr(stale, name)
    assert again.provenance["headline"] == stale.provenance["headline"]
