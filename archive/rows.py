"""Translate between Story objects and archive rows, and fingerprint a story's content."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from archive.models import Article, Derivation, Source, Version
from archive.story import CONTENT_FIELDS, DERIVED_FIELDS, FieldProvenance, SourceRef, Story

__all__ = [
    "content_hash", "split_instant", "join_instant", "version_columns", "derivation_columns",
    "same_derivation", "story_from_rows", "source_ref",
]


def _as_instant(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def content_hash(story: Story) -> str:
    """SHA-256 over the story's content fields; the same instant in another offset hashes the same.

    Only CONTENT_FIELDS count: a re-derived summary is not a new version of the article.
    """
    payload: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        value = getattr(story, name)
        payload[name] = _as_instant(value) if isinstance(value, datetime) else value
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def split_instant(value: datetime | None) -> tuple[datetime | None, int | None]:
    """The UTC instant and the source's offset in minutes (None when the source gave no zone)."""
    if value is None:
        return None, None
    offset = value.utcoffset()
    if offset is None:
        return value.replace(tzinfo=UTC), None
    return value.astimezone(UTC), round(offset.total_seconds() / 60)


def join_instant(value: datetime | None, offset_min: int | None) -> datetime | None:
    """The stored UTC instant shown again in the offset the source wrote."""
    if value is None:
        return None
    utc = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if offset_min is None:
        return utc.astimezone(UTC)
    return utc.astimezone(timezone(timedelta(minutes=offset_min)))


def _provenance(story: Story, derived: bool) -> dict[str, Any]:
    return {name: p.to_dict() for name, p in story.provenance.items() if (name in DERIVED_FIELDS) == derived}


def version_columns(story: Story) -> dict[str, Any]:
    """The Version columns a story fills (ids, number, hash and capture are the caller's)."""
    published_at, published_offset = split_instant(story.published_at)
    updated_at, updated_offset = split_instant(story.updated_at)
    from_source = {name: getattr(story, name) for name in DERIVED_FIELDS
                   if name in story.provenance and story.provenance[name].method == "source"}
    return {
        "headline": story.headline, "authors": list(story.authors),
        "published_at": published_at, "published_offset_min": published_offset,
        "updated_at": updated_at, "updated_offset_min": updated_offset,
        "section": story.section, "language": story.language, "image_url": story.image_url,
        "body": list(story.body),
        "source_fields": {"derived": from_source, "provenance": _provenance(story, derived=False)},
    }


def _generator(story: Story) -> str:
    """A short name of what made the derived fields, e.g. ``extractive-v1`` or ``source``."""
    methods = set()
    for name in DERIVED_FIELDS:
        prov = story.provenance.get(name)
        if prov is not None and prov.method != "source":
            methods.add(f"{prov.method}-v{prov.version}" if prov.version else prov.method)
    if methods:
        return "+".join(sorted(methods))[:64]
    has_source = any(name in story.provenance for name in DERIVED_FIELDS)
    return "source" if has_source else "unknown"


def derivation_columns(story: Story) -> dict[str, Any]:
    return {
        "generator": _generator(story), "summary": story.summary, "bullets": list(story.bullets),
        "why_this_matters": story.why_this_matters, "what_this_means_for_you": story.what_this_means_for_you,
        "provenance": _provenance(story, derived=True),
    }


def same_derivation(row: Derivation | None, story: Story) -> bool:
    """Whether the stored derivation already says what ``story`` derives (no new row needed)."""
    if row is None:
        return False
    wanted = derivation_columns(story)
    return all(getattr(row, name) == value for name, value in wanted.items())


def source_ref(source: Source) -> SourceRef:
    return SourceRef(key=source.key, name=source.name, home_url=source.home_url, country=source.country)


def story_from_rows(version: Version, article: Article, source: Source,
                    derivation: Derivation | None) -> Story:
    """The Story of one version as the portal shows it: captured content plus its current derivation."""
    stored = version.source_fields.get("provenance", {})
    provenance = {name: FieldProvenance.from_dict(p) for name, p in stored.items()}
    derived: dict[str, Any] = {}
    if derivation is not None:
        provenance.update({name: FieldProvenance.from_dict(p) for name, p in derivation.provenance.items()})
        derived = {"summary": derivation.summary, "bullets": list(derivation.bullets),
                   "why_this_matters": derivation.why_this_matters,
                   "what_this_means_for_you": derivation.what_this_means_for_you}
    return Story(
        canonical_url=article.canonical_url, source=source_ref(source), headline=version.headline,
        body=list(version.body), authors=list(version.authors),
        published_at=join_instant(version.published_at, version.published_offset_min),
        updated_at=join_instant(version.updated_at, version.updated_offset_min),
        section=version.section, language=version.language, image_url=version.image_url,
        provenance=provenance, **derived,
    )
