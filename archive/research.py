"""What recording a new version adds for researchers: its edit classes, its search document, its cluster.

Called by archive.versioning inside the writer's transaction, so these rows appear together
with the version or not at all. ``backfill`` builds the same rows for versions recorded before
this existed (or after ``newsarchive compare --rebuild``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from archive import clusters
from archive.edits import classify_with_detail
from archive.models import Article, ClusterMember, Derivation, SearchDoc, Source, Version, VersionEdit
from archive.rows import join_instant, story_from_rows
from archive.similarity import Signature
from archive.story import Story
from archive.upsert import table_insert

__all__ = ["after_new_version", "after_new_derivation", "index_article", "record_edits", "backfill",
           "version_story"]


def version_story(session: Session, version: Version, article: Article) -> Story:
    """A stored version as a Story (content fields only; derived fields are not needed here)."""
    source = session.get(Source, article.source_id)
    assert source is not None
    return story_from_rows(version, article, source, None)


def _story_time(version: Version, article: Article) -> datetime:
    published = join_instant(version.published_at, version.published_offset_min)
    return published if published is not None else article.first_seen_at


def index_article(session: Session, article: Article, version: Version, summary: str, *,
                  new: bool = False) -> datetime:
    """Make ``version`` the article's searchable text (the FTS index follows by trigger) and return
    the story time it is filed under; ``new``: the article has no search document yet (its first
    version), so none is looked for and the row goes in by a plain INSERT."""
    story_time = _story_time(version, article)
    values = {
        "version_id": version.id, "version_number": version.number, "source_id": article.source_id,
        "language": version.language, "section": version.section, "story_time": story_time,
        "headline": version.headline, "summary": summary or "", "body": "\n".join(version.body),
    }
    doc = None if new else session.get(SearchDoc, article.id)
    if doc is None:
        session.execute(table_insert(SearchDoc), {"article_id": article.id, **values})
    else:
        for name, value in values.items():
            setattr(doc, name, value)
        session.flush()
    return story_time


def record_edits(session: Session, article: Article, old: Story, new: Story, version: Version) -> list[str]:
    """Classify the edit from ``old`` to ``new`` and store one row per kind; returns the kinds."""
    found = classify_with_detail(old, new)
    for kind, detail in found.items():
        session.add(VersionEdit(version_id=version.id, article_id=article.id, source_id=article.source_id,
                                kind=kind, detected_at=version.captured_at, detail=detail))
    session.flush()
    return list(found)


def after_new_version(session: Session, article: Article, version: Version, story: Story,
                      previous: Version | None, signature: Signature | None = None) -> list[str]:
    """Edit classes (when there is a previous version), search document and cluster of a new version
    (``signature``: the story's, when computed ahead)."""
    kinds: list[str] = []
    if previous is not None:
        kinds = record_edits(session, article, version_story(session, previous, article), story, version)
    first = previous is None  # nothing of the article is indexed or clustered yet
    story_time = index_article(session, article, version, story.summary, new=first)
    if version.body:
        clusters.assign(session, article.id, version.id, version.headline, version.body, story_time,
                        sig=signature, new=first, source_id=article.source_id)
    return kinds


def after_new_derivation(session: Session, article_id: int, version_id: int, summary: str) -> None:
    """A re-derived summary of the indexed version becomes searchable."""
    doc = session.get(SearchDoc, article_id)
    if doc is not None and doc.version_id == version_id and doc.summary != summary:
        doc.summary = summary
        session.flush()


def _current_summary(session: Session, version_id: int) -> str:
    return session.scalar(select(Derivation.summary).where(Derivation.version_id == version_id)
                          .order_by(Derivation.id.desc()).limit(1)) or ""


def backfill(session: Session, *, rebuild: bool = False) -> dict[str, int]:
    """Edit classes, search documents and clusters for every article that lacks them.

    With ``rebuild`` the clusters are dropped first and rebuilt from scratch, oldest article first
    (use after changing the similarity rules). Returns counts of what was done.
    """
    if rebuild:
        from archive.models import ArticleSignature, Cluster, LshBucket

        for model in (LshBucket, ArticleSignature, ClusterMember, Cluster):
            session.execute(delete(model))
    done = {"edits": 0, "indexed": 0, "clustered": 0}
    classified = set(session.scalars(select(VersionEdit.version_id).distinct()))
    clustered = set(session.scalars(select(ClusterMember.article_id)))
    for article in session.scalars(select(Article).order_by(Article.first_seen_at, Article.id)).all():
        versions = session.scalars(select(Version).where(Version.article_id == article.id)
                                   .order_by(Version.number)).all()
        for old, new in zip(versions, versions[1:], strict=False):
            if new.id not in classified:
                record_edits(session, article, version_story(session, old, article),
                             version_story(session, new, article), new)
                done["edits"] += 1
        if not versions:
            continue
        latest = versions[-1]
        doc = session.get(SearchDoc, article.id)
        if doc is None or doc.version_id != latest.id:
            story_time = index_article(session, article, latest, _current_summary(session, latest.id))
            done["indexed"] += 1
        else:
            story_time = doc.story_time
        if article.id not in clustered and latest.body:
            clusters.assign(session, article.id, latest.id, latest.headline, latest.body, story_time,
                            now=datetime.now(UTC))
            done["clustered"] += 1
    return done
