"""Shape extracted fields into a portal Story, and (re)compute its derived fields."""

from __future__ import annotations

from dataclasses import replace

from archive.story import DERIVED_FIELDS, FieldProvenance, SourceRef, Story
from crawler.extract.result import Extracted
from crawler.normalise.generator import Article, Derivation, Generator

__all__ = ["build_story", "derive", "default_generator"]

_SOURCE_SIGNAL = "portal"  # the page's own editorial block, when Extracted.signals does not say
_CONTENT_FROM_EXTRACTED = ("headline", "authors", "published_at", "updated_at", "section", "language",
                           "image_url", "body")


def default_generator() -> Generator:
    """The offline extractive generator (no model, no network, deterministic)."""
    from crawler.normalise.extractive import ExtractiveGenerator

    return ExtractiveGenerator()


def _clean_list(values: list[str] | tuple[str, ...]) -> list[str]:
    return [" ".join(v.split()) for v in values if v and v.strip()]


def _source_fields(extracted: Extracted) -> dict[str, str | list[str]]:
    """The editorial fields the page itself carried, by Story field name."""
    given: dict[str, str | list[str]] = {}
    if extracted.source_summary and extracted.source_summary.strip():
        given["summary"] = " ".join(extracted.source_summary.split())
    points = _clean_list(extracted.source_key_points)
    if points:
        given["bullets"] = points
    for name in ("why_this_matters", "what_this_means_for_you"):
        value = getattr(extracted, f"source_{name}")
        if value and value.strip():
            given[name] = " ".join(value.split())
    return given


def _apply(story: Story, derivation: Derivation, given: dict[str, str | list[str]],
           signals: dict[str, str]) -> Story:
    """Copy derived fields onto the story; fields the source gave win and are marked ``source``."""
    provenance = dict(story.provenance)
    values: dict[str, object] = {}
    for name in DERIVED_FIELDS:
        if name in given:
            values[name] = given[name]
            signal = signals.get(name) or signals.get(f"source_{name}") or _SOURCE_SIGNAL
            provenance[name] = FieldProvenance(method="source", signal=signal)
        else:
            values[name] = getattr(derivation, name)
            provenance[name] = derivation.provenance.get(name) or FieldProvenance(method="unknown")
    return replace(story, provenance=provenance, **values)  # type: ignore[arg-type]


def _article(story: Story, given: dict[str, str | list[str]]) -> Article:
    points = given.get("bullets")
    return Article(
        headline=story.headline, body=tuple(story.body), language=story.language,
        key_points=tuple(points) if isinstance(points, list) else (),
    )


def _run(generator: Generator, article: Article) -> Derivation:
    """Run a generator; a crash in a plugged-in one falls back to the extractive default."""
    try:
        return generator.generate(article)
    except Exception as exc:  # noqa: BLE001 - a story must never be lost to a generator bug
        fallback = default_generator()
        if type(generator) is type(fallback):
            raise
        derivation = fallback.generate(article)
        for prov in derivation.provenance.values():
            prov.note = f"{generator.name} failed ({type(exc).__name__}); extractive fallback"
        return derivation


def build_story(extracted: Extracted, source: SourceRef, *, canonical_url: str,
                generator: Generator | None = None) -> Story:
    """A full Story from one page's extracted fields: content fields as given, derived fields made.

    Content fields get provenance ``source`` with the winning page signal; derived fields come from
    the page's own editorial block when it has one, else from ``generator`` (extractive default).
    """
    story = Story(
        canonical_url=canonical_url, source=source, headline=" ".join(extracted.headline.split()),
        body=_clean_list(extracted.body), authors=_clean_list(extracted.authors),
        published_at=extracted.published_at, updated_at=extracted.updated_at, section=extracted.section,
        language=extracted.language, image_url=extracted.image_url,
    )
    for name in _CONTENT_FROM_EXTRACTED + ("canonical_url",):
        if getattr(story, name) not in (None, "", []):
            story.provenance[name] = FieldProvenance(method="source", signal=extracted.signals.get(name))
    given = _source_fields(extracted)
    derivation = _run(generator or default_generator(), _article(story, given))
    return _apply(story, derivation, given, extracted.signals)


def derive(story: Story, generator: Generator | None = None) -> Story:
    """A copy of ``story`` with only its derived fields recomputed (content fields untouched).

    Fields whose provenance says ``source`` (the outlet's own standfirst, key points...) are kept
    as they are; everything else is rewritten by ``generator`` (extractive default).
    """
    given: dict[str, str | list[str]] = {
        name: getattr(story, name) for name in DERIVED_FIELDS
        if story.provenance.get(name) is not None and story.provenance[name].method == "source"
        and getattr(story, name)
    }
    signals = {name: story.provenance[name].signal or _SOURCE_SIGNAL for name in given}
    derivation = _run(generator or default_generator(), _article(story, given))
    return _apply(story, derivation, given, signals)
