"""A story's history (versions, edit classes, diffs) and its cluster, for pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import queries
from archive.models import Article
from archive.queries import StoryVersion
from archive.web.features import optional, required

__all__ = ["HistoryView", "VersionRow", "ClusterView", "history_view", "cluster_view", "clusters_list"]


@dataclass(frozen=True, slots=True)
class VersionRow:
    number: int
    captured_at: datetime
    headline: str
    captures: int
    edits: list[str] = field(default_factory=list)  # kinds of edit that made this version (none for v1)
    edit_detail: dict[str, Any] = field(default_factory=dict)  # kind -> what supports it

    @property
    def edit_class(self) -> str | None:
        """The main kind of edit (the first in archive.edits.EDIT_KINDS order)."""
        return self.edits[0] if self.edits else None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "captured_at": self.captured_at.isoformat(), "headline": self.headline,
                "captures": self.captures, "edit_class": self.edit_class, "edits": list(self.edits),
                "edit_detail": self.edit_detail}


@dataclass
class HistoryView:
    story_id: str
    article_id: int
    headline: str
    versions: list[VersionRow]
    a: int | None = None
    b: int | None = None
    diff: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "article_id": self.article_id, "headline": self.headline,
                "versions": [v.to_dict() for v in self.versions]}


def _story(session: Session, story_id: str, version: int | None = None) -> StoryVersion:
    found = queries.get_story(session, story_id, version=version)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r} in the archive" + (f" with version {version}" if version else ""))
    return found


def _stored_edits(session: Session, article_id: int) -> dict[int, dict[str, Any]]:
    """Version number -> {kind: detail} as recorded when the versions were captured (archive.edit_log)."""
    log = optional("edit_log")
    if log is None:
        return {}
    return {entry.version: dict(entry.details) for entry in log.edits_of(session, article_id)}


def _classes(session: Session, latest: StoryVersion) -> dict[int, dict[str, Any]]:
    """Version number -> {edit kind: detail}: the stored classes, else archive.edits on the fly."""
    if latest.versions < 2:
        return {}
    stored = _stored_edits(session, latest.article_id)
    if stored:
        return stored
    edits = optional("edits")
    if edits is None:
        return {}
    out: dict[int, dict[str, Any]] = {}
    previous = _story(session, latest.story_id, 1)
    for n in range(2, latest.versions + 1):
        current = _story(session, latest.story_id, n)
        out[n] = dict(edits.classify_with_detail(previous.story, current.story))
        previous = current
    return out


def _ordered(kinds: dict[str, Any]) -> list[str]:
    edits = optional("edits")
    order = list(getattr(edits, "EDIT_KINDS", ())) if edits else []
    return sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k))


def _pick(a: int | None, b: int | None, last: int) -> tuple[int, int]:
    b = b or last
    a = a or max(1, b - 1)
    for n in (a, b):
        if n > last:
            raise HTTPException(404, f"no version {n}: the story has {last}")
    return a, b


def history_view(session: Session, story_id: str, a: int | None, b: int | None, *, with_diff: bool = True) -> HistoryView:
    """The versions of a story with their edit classes, and the diff of versions ``a`` -> ``b``."""
    latest = _story(session, story_id)
    infos = queries.history(session, latest.story_id)
    classes = _classes(session, latest)
    rows = [VersionRow(number=v.number, captured_at=v.captured_at, headline=v.headline, captures=v.captures,
                       edits=_ordered(classes.get(v.number, {})), edit_detail=classes.get(v.number, {}))
            for v in infos]
    view = HistoryView(story_id=latest.story_id, article_id=latest.article_id, headline=latest.headline,
                       versions=rows)
    if with_diff and (latest.versions > 1 or a or b):
        view.a, view.b = _pick(a, b, latest.versions)
        diffs = required("diffs", "version diffs")
        old = _story(session, story_id, view.a).story
        new = _story(session, story_id, view.b).story
        view.diff = {**diffs.diff_versions(old, new).to_dict(), "a": view.a, "b": view.b}
    return view


#: Clusters up to this size also get "what only this one has" (it compares every pair of sentences).
COMPARE_AT_MOST = 8


@dataclass
class ClusterView:
    story_id: str
    cluster_id: Any
    members: list[StoryVersion]
    only_here: dict[int, Any] = field(default_factory=dict)  # article id -> archive.comparison.MemberView

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "cluster_id": self.cluster_id,
                "members": [{**m.story.to_dict(), "version": m.version, "article_id": m.article_id,
                             **({"only_here": self.only_here[m.article_id].only_here,
                                 "only_here_terms": self.only_here[m.article_id].only_here_terms}
                                if m.article_id in self.only_here else {})}
                            for m in self.members]}


def _cluster_id(info: Any) -> Any:
    for name in ("cluster_id", "id", "key"):
        if hasattr(info, name):
            return getattr(info, name)
    return info


def cluster_view(session: Session, story_id: str) -> ClusterView:
    """This story and the other outlets' versions of it, this story first, then by time."""
    latest = _story(session, story_id)
    clusters = required("clusters", "story clusters")
    info = clusters.cluster_of(session, latest.article_id)
    if info is None:
        return ClusterView(story_id=latest.story_id, cluster_id=None, members=[latest])
    cluster_id = _cluster_id(info)
    ids = set(clusters.cluster_article_ids(session, cluster_id)) - {latest.article_id}
    others = [found for found in (_by_article(session, i) for i in sorted(ids)) if found is not None]
    others.sort(key=lambda s: (s.published_at is None, s.published_at or s.captured_at))
    view = ClusterView(story_id=latest.story_id, cluster_id=cluster_id, members=[latest, *others])
    comparison = optional("comparison")
    if comparison is not None and 1 < len(view.members) <= COMPARE_AT_MOST:
        view.only_here = {m.article_id: m for m in comparison.compare_cluster(session, info).members}
    return view


def _by_article(session: Session, article_id: int) -> StoryVersion | None:
    story_id = session.scalar(select(Article.story_id).where(Article.id == article_id))
    return queries.get_story(session, story_id) if story_id else None


def clusters_list(session: Session, min_size: int) -> list[dict[str, Any]]:
    clusters = required("clusters", "story clusters")
    out = []
    for info in clusters.list_clusters(session, min_size=min_size):
        out.append(info.to_dict() if hasattr(info, "to_dict") else {"cluster": str(info)})
    return out

