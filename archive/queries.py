"""Every read of the archive, as small typed functions over a session (callers build no SQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from archive.models import Article, Blob, Capture, Derivation, Source, UTCDateTime, Version
from archive.rows import story_from_rows
from archive.story import Story

__all__ = [
    "StoryVersion", "VersionInfo", "OutletCounts", "ArchiveSummary",
    "list_stories", "get_story", "history", "iter_versions", "summary", "resolve_article",
]

_STORY_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class StoryVersion:
    """One version of one article as a Story, with where it sits in the article's history."""

    story: Story
    version: int
    versions: int  # how many versions the article has
    article_id: int
    version_id: int
    captured_at: datetime  # first capture of this content
    content_hash: str
    generator: str | None  # what made the derived fields; None if never derived

    @property
    def story_id(self) -> str:
        return self.story.id

    @property
    def outlet(self) -> str:
        return self.story.source.key

    @property
    def headline(self) -> str:
        return self.story.headline

    @property
    def published_at(self) -> datetime | None:
        return self.story.published_at

    def to_dict(self) -> dict[str, Any]:
        """The story JSON plus ``version``, ``captured_at`` and ``article_id`` (the export's lines)."""
        return {**self.story.to_dict(), "version": self.version, "captured_at": self.captured_at.isoformat(),
                "article_id": self.article_id}


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A line of an article's history."""

    number: int
    captured_at: datetime
    headline: str
    content_hash: str
    captures: int  # captures that saw this content (the first one included)


@dataclass(frozen=True, slots=True)
class OutletCounts:
    key: str
    name: str
    articles: int = 0
    captures: int = 0
    versions: int = 0
    changed_articles: int = 0
    errors: int = 0


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    """Totals of the whole archive, per outlet, and errors by kind."""

    sources: int
    articles: int
    captures: int
    versions: int
    changed_articles: int  # articles with more than one version
    errors_by_kind: dict[str, int]
    outlets: list[OutletCounts] = field(default_factory=list)
    blobs: int = 0
    blob_bytes: int = 0  # raw size of the distinct bodies
    stored_bytes: int = 0  # their compressed size


def _stories_select() -> Select[Version, Article, Source, Derivation]:
    """Versions with their article, outlet and current (newest) derivation."""
    newer = aliased(Derivation)
    current = select(func.max(newer.id)).where(newer.version_id == Version.id).scalar_subquery()
    return (select(Version, Article, Source, Derivation)
            .join(Article, Article.id == Version.article_id)
            .join(Source, Source.id == Article.source_id)
            .outerjoin(Derivation, Derivation.id == current))


def _to_story_version(row: Any) -> StoryVersion:
    version, article, source, derivation = row
    return StoryVersion(
        story=story_from_rows(version, article, source, derivation), version=version.number,
        versions=article.last_version_number, article_id=article.id, version_id=version.id,
        captured_at=version.captured_at, content_hash=version.content_hash,
        generator=derivation.generator if derivation is not None else None,
    )


def _story_time() -> Any:
    """When a story happened, for sorting and date filters: published, else first seen."""
    return func.coalesce(Version.published_at, Article.first_seen_at, type_=UTCDateTime())


def list_stories(session: Session, outlet: str | None = None, since: datetime | None = None,
                 until: datetime | None = None, text: str | None = None, language: str | None = None,
                 limit: int = 50, offset: int = 0) -> list[StoryVersion]:
    """The latest version of each article, newest first.

    ``since`` is inclusive and ``until`` exclusive (naive datetimes are UTC); ``text`` matches
    headline or body case-insensitively (a LIKE for now; full-text search comes later).
    """
    when = _story_time()
    stmt = _stories_select().where(Version.number == Article.last_version_number)
    if outlet:
        stmt = stmt.where(Source.key == outlet)
    if language:
        stmt = stmt.where(Version.language == language)
    if since is not None:
        stmt = stmt.where(when >= since)
    if until is not None:
        stmt = stmt.where(when < until)
    if text:
        stmt = stmt.where(or_(Version.headline.icontains(text, autoescape=True),
                              cast(Version.body, Text).icontains(text, autoescape=True)))
    stmt = stmt.order_by(when.desc(), Article.id.desc()).limit(limit).offset(offset)
    return [_to_story_version(row) for row in session.execute(stmt)]


def resolve_article(session: Session, ref: str) -> int | None:
    """The article id behind a story id, a canonical URL, or any URL we captured it from."""
    ref = ref.strip()
    if _STORY_ID.fullmatch(ref):
        found = session.scalar(select(Article.id).where(Article.story_id == ref))
        if found is not None:
            return found
    found = session.scalar(select(Article.id).where(Article.canonical_url == ref))
    if found is not None:
        return found
    return session.scalar(
        select(Capture.article_id)
        .where(Capture.article_id.is_not(None), or_(Capture.final_url == ref, Capture.requested_url == ref))
        .order_by(Capture.id.desc()).limit(1))


def get_story(session: Session, id_or_url: str, version: int | None = None) -> StoryVersion | None:
    """One story by story id or URL: its latest version, or version number ``version``."""
    article_id = resolve_article(session, id_or_url)
    if article_id is None:
        return None
    number = Article.last_version_number if version is None else version
    stmt = _stories_select().where(Article.id == article_id, Version.number == number)
    row = session.execute(stmt).one_or_none()
    return _to_story_version(row) if row is not None else None


def history(session: Session, url_or_id: str) -> list[VersionInfo]:
    """An article's versions, oldest first, with how many captures saw each (empty if unknown)."""
    article_id = resolve_article(session, url_or_id)
    if article_id is None:
        return []
    captures = (select(func.count(Capture.id)).where(Capture.version_id == Version.id)
                .correlate(Version).scalar_subquery())
    stmt = (select(Version.number, Version.captured_at, Version.headline, Version.content_hash, captures)
            .where(Version.article_id == article_id).order_by(Version.number))
    return [VersionInfo(*row) for row in session.execute(stmt)]


def iter_versions(session: Session, latest_only: bool = True, outlet: str | None = None,
                  since: datetime | None = None, until: datetime | None = None,
                  batch_size: int = 500) -> Iterator[StoryVersion]:
    """Stream story versions in a stable order (canonical URL, then version), for exports.

    Rows are fetched ``batch_size`` at a time (a server-side cursor on PostgreSQL), so memory
    stays flat however large the archive. ``since``/``until`` filter like list_stories.
    """
    stmt = _stories_select()
    if latest_only:
        stmt = stmt.where(Version.number == Article.last_version_number)
    if outlet:
        stmt = stmt.where(Source.key == outlet)
    if since is not None:
        stmt = stmt.where(_story_time() >= since)
    if until is not None:
        stmt = stmt.where(_story_time() < until)
    stmt = stmt.order_by(Article.canonical_url, Version.number).execution_options(yield_per=batch_size)
    for row in session.execute(stmt):
        yield _to_story_version(row)


def _count_by_source(session: Session, stmt: Select[int, int]) -> dict[int, int]:
    return {source_id: count for source_id, count in session.execute(stmt)}


def _per_outlet(session: Session) -> list[OutletCounts]:
    articles = _count_by_source(session, select(Article.source_id, func.count()).group_by(Article.source_id))
    changed = _count_by_source(session, select(Article.source_id, func.count())
                               .where(Article.last_version_number > 1).group_by(Article.source_id))
    captures = _count_by_source(session, select(Capture.source_id, func.count()).group_by(Capture.source_id))
    errors = _count_by_source(session, select(Capture.source_id, func.count())
                              .where(Capture.outcome == "error").group_by(Capture.source_id))
    versions = _count_by_source(session, select(Article.source_id, func.count(Version.id))
                                .join(Version, Version.article_id == Article.id).group_by(Article.source_id))
    return [
        OutletCounts(key=s.key, name=s.name, articles=articles.get(s.id, 0), captures=captures.get(s.id, 0),
                     versions=versions.get(s.id, 0), changed_articles=changed.get(s.id, 0),
                     errors=errors.get(s.id, 0))
        for s in session.scalars(select(Source).order_by(Source.key))
    ]


def summary(session: Session) -> ArchiveSummary:
    """Counts for a dashboard: outlets, articles, captures, versions, changes, errors, storage."""
    outlets = _per_outlet(session)
    by_kind = (select(Capture.error_kind, func.count()).where(Capture.outcome == "error")
               .group_by(Capture.error_kind))
    errors = {kind: n for kind, n in session.execute(by_kind)}
    blobs, raw, stored = session.execute(
        select(func.count(), func.coalesce(func.sum(Blob.size), 0),
               func.coalesce(func.sum(func.length(Blob.data)), 0))).one()
    return ArchiveSummary(
        sources=len(outlets), articles=sum(o.articles for o in outlets),
        captures=sum(o.captures for o in outlets),
        versions=sum(o.versions for o in outlets), changed_articles=sum(o.changed_articles for o in outlets),
        errors_by_kind={str(kind): count for kind, count in errors.items()}, outlets=outlets,
        blobs=blobs, blob_bytes=int(raw), stored_bytes=int(stored),
    )
