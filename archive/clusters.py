"""Story clusters: articles of several outlets that tell the same story, kept as they grow.

Every article with a body belongs to exactly one cluster (alone at first). When a version is
recorded, the article's signatures go into LSH buckets; articles sharing a bucket are compared
(archive.similarity) and every cluster the article matches is merged into one.

Several writers: on SQLite the writer's transaction holds the database lock, so assignments
take turns. On PostgreSQL each assignment takes a transaction-scoped advisory lock per LSH
bucket (in one global order, so no deadlock): two articles that could match share a bucket, so
the later one waits and then sees the earlier one. Cluster rows are locked before members move,
and a merge that raced another is retried.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, Update, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    ArticleSignature,
    Cluster,
    ClusterMember,
    LshBucket,
    SearchDoc,
    Source,
)
from archive.queries import resolve_article
from archive.similarity import Match, Signature, bucket_keys, compare, signature
from archive.upsert import mapped_table, table_insert

__all__ = ["ClusterInfo", "ClusterMemberInfo", "assign", "cluster_of", "cluster_article_ids", "list_clusters",
           "get_cluster", "lock_signatures"]


@dataclass(frozen=True, slots=True)
class ClusterMemberInfo:
    article_id: int
    story_id: str
    canonical_url: str
    outlet: str
    outlet_name: str
    headline: str
    story_time: datetime | None  # published, else first seen
    version: int
    method: str                  # first (it started the cluster) | body (same copy) | event (same event)
    score: float | None
    matched_article_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "story_id": self.story_id, "canonical_url": self.canonical_url,
                "outlet": self.outlet, "outlet_name": self.outlet_name, "headline": self.headline,
                "story_time": self.story_time.isoformat() if self.story_time else None, "version": self.version,
                "method": self.method, "score": self.score, "matched_article_id": self.matched_article_id}


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    id: int
    size: int
    created_at: datetime
    updated_at: datetime
    members: list[ClusterMemberInfo] = field(default_factory=list)  # earliest story first

    @property
    def article_ids(self) -> set[int]:
        return {m.article_id for m in self.members}

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})

    @property
    def headline(self) -> str:
        return self.members[0].headline if self.members else ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "size": self.size, "created_at": self.created_at.isoformat(),
                "updated_at": self.updated_at.isoformat(), "outlets": self.outlets,
                "members": [m.to_dict() for m in self.members]}


# -- assignment -----------------------------------------------------------------------------------
def _takes_locks(session: Session) -> bool:
    """Whether assignments lock rows: on SQLite the writer's transaction holds the whole database
    from its first write, so only PostgreSQL needs bucket and cluster locks."""
    return session.get_bind().dialect.name == "postgresql"


def _lock_buckets(session: Session, keys: Sequence[int]) -> None:
    if not keys or not _takes_locks(session):
        return
    session.execute(text(
        "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT k FROM unnest(CAST(:keys AS bigint[])) AS k "
        "ORDER BY k) AS ordered"), {"keys": sorted(set(keys))})


def lock_signatures(session: Session, signatures: Iterable[Signature]) -> None:
    """Take the similarity locks of several stories at once, before any of them is assigned.

    ``assign`` locks one story's buckets in ascending order; a transaction assigning many stories
    one after another would take their buckets in no overall order, and two such transactions
    (two crawlers writing batches to one PostgreSQL archive) could each hold buckets the other
    waits for. Locked here in one ascending order, the later per-story locks are already held.
    """
    _lock_buckets(session, [bucket for sig in signatures for _, bucket in bucket_keys(sig)])


def _store(session: Session, article_id: int, version_id: int, sig: Signature,
           keys: list[tuple[int, int]], new: bool) -> None:
    row = None if new else session.get(ArticleSignature, article_id)
    values = {"version_id": version_id, "minhash": sig.minhash, "event_minhash": sig.event_minhash,
              "event_tokens": sig.event_tokens, "shingles": sig.shingles}
    if row is None:  # Core INSERTs into the tables: the ORM's bookkeeping costs more than the writes
        session.execute(table_insert(ArticleSignature), {"article_id": article_id, **values})
    else:
        for name, value in values.items():
            setattr(row, name, value)
        session.flush()
        session.execute(delete(LshBucket).where(LshBucket.article_id == article_id))
    if keys:
        _insert_buckets(session, article_id, keys)


#: The bucket rows' INSERT in the driver's own parameter style: integers only, so nothing needs
#: SQLAlchemy's per-row parameter processing, which cost two thirds as much again as the 74 rows' insert.
_INSERT_BUCKETS = {style: f"INSERT INTO lsh_buckets (article_id, band, bucket) VALUES ({mark}, {mark}, {mark})"
                   for style, mark in (("qmark", "?"), ("format", "%s"), ("pyformat", "%s"))}


def _insert_buckets(session: Session, article_id: int, keys: list[tuple[int, int]]) -> None:
    connection = session.connection()
    connection.exec_driver_sql(_INSERT_BUCKETS[connection.dialect.paramstyle],
                               [(article_id, band, bucket) for band, bucket in keys])


@cache
def _candidates_query() -> Select[int, bytes, bytes, list[str], int, str, datetime, int]:
    """Signatures (with headline, story time and outlet) of the articles sharing a bucket with one.

    Built once with expanding parameters: a statement built per call has its cache key computed
    per call, about a tenth of assigning in a profile of the crawler's writer.
    """
    candidates = (select(LshBucket.article_id)
                  .where(LshBucket.bucket.in_(bindparam("buckets", expanding=True)),
                         LshBucket.article_id != bindparam("article_id")))
    return (select(ArticleSignature.article_id, ArticleSignature.minhash, ArticleSignature.event_minhash,
                   ArticleSignature.event_tokens, ArticleSignature.shingles,
                   SearchDoc.headline, SearchDoc.story_time, SearchDoc.source_id)
            .join(SearchDoc, SearchDoc.article_id == ArticleSignature.article_id)
            .where(ArticleSignature.article_id.in_(candidates)))


def _matches(session: Session, article_id: int, sig: Signature, story_time: datetime | None,
             keys: list[tuple[int, int]], source_id: int | None) -> list[tuple[int, Match]]:
    """The articles sharing an LSH bucket with this one that really match it, by one query."""
    if not keys:
        return []
    if source_id is None:
        source_id = session.scalar(select(Article.source_id).where(Article.id == article_id))
    rows = session.execute(_candidates_query(), {"buckets": [bucket for _, bucket in keys], "article_id": article_id})
    out: list[tuple[int, Match]] = []
    for other, minhash, event_minhash, event_tokens, shingles, headline, when, their_source in rows:
        theirs = Signature(minhash, event_minhash, list(event_tokens), shingles, headline)
        match = compare(sig, theirs, story_time, when, same_outlet=their_source == source_id)
        if match is not None:
            out.append((other, match))
    return out


@cache
def _clusters_of_query() -> Select[Any]:
    return select(ClusterMember.cluster_id).where(ClusterMember.article_id.in_(bindparam("ids", expanding=True)))


@cache
def _lock_clusters_query() -> Select[Any]:
    return (select(Cluster.id).where(Cluster.id.in_(bindparam("ids", expanding=True)))
            .order_by(Cluster.id).with_for_update())


@cache
def _resize_statement() -> Update:
    """Set a cluster's size to its count of members (a Core UPDATE: see ``mapped_table``)."""
    clusters, members = mapped_table(Cluster), mapped_table(ClusterMember)
    size = select(func.count()).select_from(members).where(members.c.cluster_id == bindparam("target"))
    return (update(clusters).where(clusters.c.id == bindparam("target"))
            .values(size=size.scalar_subquery(), updated_at=bindparam("now")))


def _lock_clusters(session: Session, ids: Iterable[int]) -> set[int]:
    """Lock the clusters ``ids``; returns those that still exist.

    Without row locks (SQLite) the ids were read inside the transaction that holds the database,
    after its first write: they all exist, and no one else can merge them meanwhile.
    """
    wanted = sorted(set(ids))
    if not _takes_locks(session):
        return set(wanted)
    return set(session.scalars(_lock_clusters_query(), {"ids": wanted}))


def _member(session: Session, article_id: int) -> ClusterMember | None:
    return session.scalars(select(ClusterMember).where(ClusterMember.article_id == article_id)
                           .execution_options(populate_existing=True)).first()


def _new_cluster(session: Session, now: datetime, size: int = 1) -> int:
    return int(session.execute(table_insert(Cluster).returning(Cluster.id),
                               {"created_at": now, "updated_at": now, "size": size}).scalar_one())


def _join(session: Session, article_id: int, matches: list[tuple[int, Match]], now: datetime, new: bool) -> int:
    best = max(matches, key=lambda m: m[1].score, default=None)
    matched = [a for a, _ in matches]
    if new and not matched:  # a story of its own so far: a cluster of one
        target = _new_cluster(session, now)
        _upsert_member(session, None, article_id, target, best, now)
        return target
    for _ in range(5):
        current = None if new else _member(session, article_id)
        theirs = set(session.scalars(_clusters_of_query(), {"ids": matched})) if matched else set()
        wanted = theirs | ({current.cluster_id} if current else set())
        if not wanted:
            wanted = {_new_cluster(session, now, size=0)}
        if _lock_clusters(session, wanted) != wanted:
            session.expire_all()
            continue  # another writer merged one of them away meanwhile: look again
        target = current.cluster_id if current else min(wanted)
        for other in sorted(wanted - {target}):
            session.execute(update(ClusterMember).where(ClusterMember.cluster_id == other).values(cluster_id=target))
            session.execute(delete(Cluster).where(Cluster.id == other))
        _upsert_member(session, current, article_id, target, best, now)
        session.execute(_resize_statement(), {"target": target, "now": now})
        _expire_clusters(session)
        return target
    raise RuntimeError(f"could not settle the cluster of article {article_id}: too many concurrent merges")


def _expire_clusters(session: Session) -> None:
    """Cluster rows and memberships were changed in bulk: forget what the session holds of them
    (only of them: the caller's captures and articles stay loaded)."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, ClusterMember | Cluster):
            session.expire(obj)


def _upsert_member(session: Session, current: ClusterMember | None, article_id: int, target: int,
                   best: tuple[int, Match] | None, now: datetime) -> None:
    if current is None:
        session.execute(table_insert(ClusterMember), {
            "article_id": article_id, "cluster_id": target, "joined_at": now,
            "matched_article_id": best[0] if best else None, "score": best[1].score if best else None,
            "method": best[1].method if best else "first"})
        return
    current.cluster_id = target
    if best is not None and current.matched_article_id is None:
        current.matched_article_id, current.score, current.method = best[0], best[1].score, best[1].method
    session.flush()


def assign(session: Session, article_id: int, version_id: int, headline: str, body: Sequence[str],
           story_time: datetime | None, *, now: datetime | None = None, sig: Signature | None = None,
           new: bool = False, source_id: int | None = None) -> int:
    """Put an article (its version ``version_id``) in its cluster; returns the cluster id.

    Call inside the writer's transaction, after the article's search document is stored. ``sig``
    is the signature of ``headline`` and ``body`` when it was computed ahead; ``new`` says the
    article has no signature, buckets or cluster yet (its first version), so none are looked for;
    ``source_id`` is its outlet's, when the caller knows it.
    """
    sig = sig or signature(headline, body)
    keys = bucket_keys(sig)
    _lock_buckets(session, [bucket for _, bucket in keys])
    _store(session, article_id, version_id, sig, keys, new)
    matches = _matches(session, article_id, sig, story_time, keys, source_id)
    return _join(session, article_id, matches, now or datetime.now(UTC), new)


# -- reading ------------------------------------------------------------------------------------------
def _members(session: Session, cluster_id: int) -> list[ClusterMemberInfo]:
    stmt = (select(ClusterMember, Article.story_id, Article.canonical_url, Article.first_seen_at,
                   Article.last_version_number, Source.key, Source.name, SearchDoc.headline, SearchDoc.story_time)
            .join(Article, Article.id == ClusterMember.article_id)
            .join(Source, Source.id == Article.source_id)
            .outerjoin(SearchDoc, SearchDoc.article_id == ClusterMember.article_id)
            .where(ClusterMember.cluster_id == cluster_id))
    out = [
        ClusterMemberInfo(m.article_id, story_id, url, key, name, headline or "", when or first_seen, version,
                          m.method, m.score, m.matched_article_id)
        for m, story_id, url, first_seen, version, key, name, headline, when in session.execute(stmt)
    ]
    return sorted(out, key=lambda m: (m.story_time or datetime.max.replace(tzinfo=UTC), m.article_id))


def get_cluster(session: Session, cluster_id: int) -> ClusterInfo | None:
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        return None
    return ClusterInfo(cluster.id, cluster.size, cluster.created_at, cluster.updated_at,
                       _members(session, cluster.id))


def cluster_of(session: Session, article_id: int) -> ClusterInfo | None:
    """The cluster an article belongs to, with all its members (None: not clustered yet)."""
    cluster_id = session.scalar(select(ClusterMember.cluster_id).where(ClusterMember.article_id == article_id))
    return get_cluster(session, cluster_id) if cluster_id is not None else None


def cluster_article_ids(session: Session, cluster_id: int | str) -> set[int]:
    """Article ids in a cluster; a story id or URL instead of a number means that story's cluster."""
    if isinstance(cluster_id, str):
        if cluster_id.strip().isdigit():
            cluster_id = int(cluster_id)
        else:
            article_id = resolve_article(session, cluster_id)
            if article_id is None:
                return set()
            found = session.scalar(select(ClusterMember.cluster_id).where(ClusterMember.article_id == article_id))
            if found is None:
                return {article_id}
            cluster_id = found
    return set(session.scalars(select(ClusterMember.article_id).where(ClusterMember.cluster_id == cluster_id)))


def list_clusters(session: Session, min_size: int = 2, *, limit: int | None = 100, offset: int = 0,
                  outlet: str | None = None) -> list[ClusterInfo]:
    """Clusters of at least ``min_size`` articles, most recently grown first, with their members."""
    stmt = select(Cluster).where(Cluster.size >= min_size)
    if outlet:
        has_outlet = (select(ClusterMember.cluster_id)
                      .join(Article, Article.id == ClusterMember.article_id)
                      .join(Source, Source.id == Article.source_id)
                      .where(Source.key == bindparam("outlet_key", outlet)))
        stmt = stmt.where(Cluster.id.in_(has_outlet))
    stmt = stmt.order_by(Cluster.updated_at.desc(), Cluster.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [ClusterInfo(c.id, c.size, c.created_at, c.updated_at, _members(session, c.id))
            for c in session.scalars(stmt)]
