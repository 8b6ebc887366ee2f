"""The portal story schema: the one shape every article takes, whatever the outlet."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from dateutil import parser as date_parser

__all__ = ["FieldProvenance", "SourceRef", "Story", "story_id_for", "DERIVED_FIELDS", "CONTENT_FIELDS"]

#: Fields written by a generator (extractive default or a model) unless the source already has them.
DERIVED_FIELDS = ("summary", "bullets", "why_this_matters", "what_this_means_for_you")
#: Fields taken from the page itself; a change in any of them is a change of the article.
CONTENT_FIELDS = (
    "canonical_url", "headline", "authors", "published_at", "updated_at",
    "section", "language", "image_url", "body",
)


@dataclass(slots=True)
class FieldProvenance:
    """How one field was made, so an editor can trust or trace it.

    ``method`` is ``source`` when the page itself carried the field (JSON-LD, OpenGraph, the
    outlet's own standfirst...), else the name of the method that derived it.
    """

    method: str
    version: str | None = None
    signal: str | None = None  # which page signal gave a source field: "jsonld", "opengraph", ...
    sentences: list[int] | None = None  # indexes of the source sentences for extractive output
    note: str | None = None  # e.g. why a model's output was rejected

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copy was a measurable part of storing every version.
        out = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}
        if self.sentences is not None:
            out["sentences"] = list(self.sentences)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldProvenance:
        sentences = data.get("sentences")
        return cls(
            method=str(data.get("method") or "unknown"), version=data.get("version"), signal=data.get("signal"),
            sentences=[int(i) for i in sentences] if sentences is not None else None, note=data.get("note"),
        )


@dataclass(slots=True)
class SourceRef:
    """Attribution: the outlet a story came from."""

    key: str
    name: str
    home_url: str
    country: str | None = None


def story_id_for(canonical_url: str) -> str:
    """A stable, short id for the article behind a canonical URL (same URL, same id everywhere)."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_iso(value: str | None) -> datetime | None:
    return date_parser.isoparse(value) if value else None


@dataclass(slots=True)
class Story:
    """One article in the portal's format.

    Datetimes are timezone-aware and keep the offset the source gave (the archive stores them in
    UTC plus that offset), so ``published_at.isoformat()`` shows what the outlet wrote.
    """

    canonical_url: str
    source: SourceRef
    headline: str
    body: list[str]
    summary: str = ""
    bullets: list[str] = field(default_factory=list)
    why_this_matters: str = ""
    what_this_means_for_you: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    section: str | None = None
    language: str | None = None
    image_url: str | None = None
    provenance: dict[str, FieldProvenance] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return story_id_for(self.canonical_url)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict using the schema's field names (the story JSON of CLI and exports)."""
        return {
            "id": self.id,
            "canonical_url": self.canonical_url,
            "source": asdict(self.source),
            "headline": self.headline,
            "summary": self.summary,
            "bullets": list(self.bullets),
            "body": list(self.body),
            "why_this_matters": self.why_this_matters,
            "what_this_means_for_you": self.what_this_means_for_you,
            "authors": list(self.authors),
            "published_at": _iso(self.published_at),
            "updated_at": _iso(self.updated_at),
            "section": self.section,
            "language": self.language,
            "image_url": self.image_url,
            "provenance": {name: p.to_dict() for name, p in self.provenance.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        return cls(
            canonical_url=data["canonical_url"],
            source=SourceRef(**data["source"]),
            headline=data.get("headline") or "",
            body=list(data.get("body") or []),
            summary=data.get("summary") or "",
            bullets=list(data.get("bullets") or []),
            why_this_matters=data.get("why_this_matters") or "",
            what_this_means_for_you=data.get("what_this_means_for_you") or "",
            authors=list(data.get("authors") or []),
            published_at=_parse_iso(data.get("published_at")),
            updated_at=_parse_iso(data.get("updated_at")),
            section=data.get("section"),
            language=data.get("language"),
            image_url=data.get("image_url"),
            provenance={k: FieldProvenance.from_dict(v) for k, v in (data.get("provenance") or {}).items()},
        )
