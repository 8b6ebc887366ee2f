"""Read the stored edit classes: which versions made which kinds of edit, newest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.edits import EDIT_KINDS
from archive.models import Article, Source, Version, VersionEdit

__all__ = ["EditEntry", "list_edits", "edits_of"]


@dataclass(frozen=True, slots=True)
class EditEntry:
    """One new version and the kinds of edit it made."""

    article_id: int
    story_id: str
    url: str
    outlet: str
    version: int
    detected_at: datetime
    headline: str
    kinds: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def stealth(self) -> bool:
        return "stealth_edit" in self.kinds

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "story_id": self.story_id, "url": self.url, "outlet": self.outlet,
                "version": self.version, "detected_at": self.detected_at.isoformat(), "headline": self.headline,
                "kinds": self.kinds, "stealth": self.stealth, "details": self.details}


def _entries(session: Session, stmt: Any) -> list[EditEntry]:
    out: dict[int, EditEntry] = {}
    for edit, number, headline, story_id, url, key in session.execute(stmt):
        entry = out.get(edit.version_id)
        if entry is None:
            entry = out[edit.version_id] = EditEntry(edit.article_id, story_id, url, key, number, edit.detected_at,
                                                     headline)
        entry.kinds.append(edit.kind)
        entry.details[edit.kind] = edit.detail
    for entry in out.values():
        entry.kinds.sort(key=EDIT_KINDS.index)
    return list(out.values())


def _select() -> Any:
    return (select(VersionEdit, Version.number, Version.headline, Article.story_id, Article.canonical_url, Source.key)
            .join(Version, Version.id == VersionEdit.version_id)
            .join(Article, Article.id == VersionEdit.article_id)
            .join(Source, Source.id == VersionEdit.source_id))


def list_edits(session: Session, *, since: datetime | None = None, until: datetime | None = None,
               outlet: str | None = None, kind: str | None = None, limit: int | None = 100) -> list[EditEntry]:
    """New versions with their edit kinds, newest first; ``kind`` keeps versions that made that kind."""
    if kind is not None and kind not in EDIT_KINDS:
        raise ValueError(f"unknown edit kind {kind!r}; known kinds: {', '.join(EDIT_KINDS)}")
    versions = select(VersionEdit.version_id).join(Source, Source.id == VersionEdit.source_id)
    if since is not None:
        versions = versions.where(VersionEdit.detected_at >= since)
    if until is not None:
        versions = versions.where(VersionEdit.detected_at < until)
    if outlet:
        versions = versions.where(Source.key == outlet)
    if kind:
        versions = versions.where(VersionEdit.kind == kind)
    ids = (versions.group_by(VersionEdit.version_id)
           .order_by(VersionEdit.version_id.desc()))
    if limit is not None:
        ids = ids.limit(limit)
    wanted = list(session.scalars(ids))
    if not wanted:
        return []
    entries = _entries(session, _select().where(VersionEdit.version_id.in_(wanted)))
    return sorted(entries, key=lambda e: (e.detected_at, e.article_id, e.version), reverse=True)


def edits_of(session: Session, article_id: int) -> list[EditEntry]:
    """Every classified version of one article, oldest first."""
    entries = _entries(session, _select().where(VersionEdit.article_id == article_id))
    return sorted(entries, key=lambda e: e.version)
