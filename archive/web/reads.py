"""Reads the web pages need beyond archive.queries: light listing rows, facets, batch loads.

Listing pages show twenty rows out of a hundred thousand, so they first pick ids with a narrow
indexed query and only then load those rows, without bodies. Candidates to move into
archive.queries once the API settles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from archive import models
from archive.models import Article, Derivation, Source, Version
from archive.queries import _story_time
from archive.rows import join_instant
from archive.search_filters import language_matches, section_matches
from archive.web.filters import ListingFilters

__all__ = ["ListingItem", "Facets", "latest_items", "items_for", "facets"]


@dataclass(frozen=True, slots=True)
class ListingItem:
    """One row of a listing: enough to show and link a story, nothing heavy."""

    story_id: str
    article_id: int
    version_id: int
    version: int
    versions: int
    headline: str
    outlet: str
    outlet_name: str
    published_at: datetime | None
    section: str | None
    language: str | None
    summary: str = ""
    snippet: str | None = None  # search hits only: the matching text
    rank: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id, "article_id": self.article_id, "version": self.version,
            "versions": self.versions, "headline": self.headline, "outlet": self.outlet,
            "outlet_name": self.outlet_name,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "section": self.section, "language": self.language, "summary": self.summary,
            "snippet": self.snippet, "rank": self.rank,
        }


_ITEM_COLUMNS = (Version.id, Article.story_id, Article.id, Version.number, Article.last_version_number,
                 Version.headline, Source.key, Source.name, Version.published_at,
                 Version.published_offset_min, Version.section, Version.language)


def _filtered(stmt: Select[Any], filters: ListingFilters) -> Select[Any]:
    when = _story_time()
    if filters.outlet:
        stmt = stmt.where(Source.key == filters.outlet)
    if filters.language:
        stmt = stmt.where(language_matches(Version.language, filters.language))
    if filters.section:
        stmt = stmt.where(section_matches(Version.section, filters.section))
    if filters.since_at is not None:
        stmt = stmt.where(when >= filters.since_at)
    if filters.until_at is not None:
        stmt = stmt.where(when < filters.until_at)
    return stmt


def _latest_select(*columns: Any) -> Select[Any]:
    return (select(*columns).join(Article, Article.id == Version.article_id)
            .join(Source, Source.id == Article.source_id)
            .where(Version.number == Article.last_version_number))


def _summaries(session: Session, version_ids: Sequence[int]) -> dict[int, str]:
    """The current (newest) derivation's summary of each version."""
    if not version_ids:
        return {}
    newest = (select(func.max(Derivation.id)).where(Derivation.version_id.in_(version_ids))
              .group_by(Derivation.version_id))
    stmt = select(Derivation.version_id, Derivation.summary).where(Derivation.id.in_(newest))
    return {version_id: summary for version_id, summary in session.execute(stmt)}


def _items(session: Session, rows: Sequence[Any]) -> list[ListingItem]:
    summaries = _summaries(session, [row[0] for row in rows])
    return [
        ListingItem(story_id=story_id, article_id=article_id, version_id=version_id, version=number, versions=versions,
                    headline=headline, outlet=key, outlet_name=name,
                    published_at=join_instant(published, offset), section=section, language=language,
                    summary=summaries.get(version_id, ""))
        for (version_id, story_id, article_id, number, versions, headline, key, name, published, offset,
             section, language) in rows
    ]


def _doc_ids(session: Session, filters: ListingFilters, limit: int, offset: int) -> list[int] | None:
    """Latest version ids, newest first, from ``search_docs`` (one row per article, its time
    indexed): a page of a 100,000-story listing is then an index walk, not a sort. None when
    this archive has no such table (before the research migration)."""
    doc = getattr(models, "SearchDoc", None)
    if doc is None:
        return None
    stmt = select(doc.version_id)
    if filters.outlet:
        # "+ 0" keeps the planner on the story_time index: walking it newest first and skipping other
        # outlets' rows finds a page at once, where the source_id index would sort the outlet's
        # whole history first. (A (source_id, story_time) index would serve both.)
        outlet_id = select(Source.id).where(Source.key == filters.outlet).scalar_subquery()
        stmt = stmt.where(doc.source_id + 0 == outlet_id)
    if filters.language:
        stmt = stmt.where(language_matches(doc.language, filters.language))
    if filters.section:
        stmt = stmt.where(section_matches(doc.section, filters.section))
    if filters.since_at is not None:
        stmt = stmt.where(doc.story_time >= filters.since_at)
    if filters.until_at is not None:
        stmt = stmt.where(doc.story_time < filters.until_at)
    stmt = stmt.order_by(doc.story_time.desc(), doc.article_id.desc()).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def _items_by_version(session: Session, version_ids: Sequence[int]) -> list[ListingItem]:
    if not version_ids:
        return []
    stmt = (select(*_ITEM_COLUMNS).join(Article, Article.id == Version.article_id)
            .join(Source, Source.id == Article.source_id).where(Version.id.in_(version_ids)))
    found = {item.version_id: item for item in _items(session, session.execute(stmt).all())}
    return [found[v] for v in version_ids if v in found]


def latest_items(session: Session, filters: ListingFilters, limit: int, offset: int = 0) -> list[ListingItem]:
    """The latest version of each article matching ``filters`` (its ``q`` ignored), newest first."""
    ids = _doc_ids(session, filters, limit, offset)
    if ids is not None:
        return _items_by_version(session, ids)
    stmt = _filtered(_latest_select(*_ITEM_COLUMNS), filters)
    stmt = stmt.order_by(_story_time().desc(), Article.id.desc()).limit(limit).offset(offset)
    return _items(session, session.execute(stmt).all())


def items_for(session: Session, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], ListingItem]:
    """Listing rows for (article id, version number) pairs, e.g. search hits; keyed by the pair."""
    wanted = set(pairs)
    if not wanted:
        return {}
    stmt = (select(*_ITEM_COLUMNS).join(Article, Article.id == Version.article_id)
            .join(Source, Source.id == Article.source_id)
            .where(Version.article_id.in_({a for a, _ in wanted})))
    rows = [row for row in session.execute(stmt).all() if (row[2], row[3]) in wanted]
    return {(item.article_id, item.version): item for item in _items(session, rows)}


@dataclass(frozen=True, slots=True)
class Facets:
    """The values a reader can filter on."""

    outlets: list[tuple[str, str]]  # (key, name)
    languages: list[str]
    sections: list[str]


def facets(session: Session) -> Facets:
    """Outlets, languages and sections present in the archive (for the filter form)."""
    outlets = [(k, n) for k, n in session.execute(select(Source.key, Source.name).order_by(Source.key))]
    languages = [v for v in session.scalars(select(Version.language).distinct()) if v]
    sections = [v for v in session.scalars(select(Version.section).distinct()) if v]
    return Facets(outlets=outlets, languages=sorted(languages), sections=sorted(sections, key=str.lower))
