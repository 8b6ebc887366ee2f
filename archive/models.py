"""The archive's tables as typed SQLAlchemy models (the schema itself is owned by the migrations)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base", "UTCDateTime", "Source", "Article", "Blob", "Capture", "Version", "Derivation",
    "OUTCOMES", "NAMING_CONVENTION", "ListingState",
]

#: Stable constraint names, so migrations can find (and drop) constraints on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: What recording a capture did; also the values of ``captures.outcome``.
OUTCOMES = ("new_article", "new_version", "unchanged", "error")


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored in UTC that always comes back timezone-aware.

    PostgreSQL keeps the zone itself, but SQLite returns naive values; converting on the way in
    and tagging UTC on the way out makes both backends read the same, comparable datetimes.
    Naive input is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        str: String(),
    }


class Source(Base):
    """An outlet."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    home_url: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(8))


class Article(Base):
    """One article, identified by its canonical URL, across all its versions."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[str] = mapped_column(String(16), unique=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    last_version_number: Mapped[int] = mapped_column(Integer)


class Blob(Base):
    """A raw response body, compressed and stored once per distinct content."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    compression: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class Capture(Base):
    """One fetch of one URL and what the archive made of it."""

    __tablename__ = "captures"
    __table_args__ = (
        CheckConstraint("outcome IN ('new_article', 'new_version', 'unchanged', 'error')", name="outcome"),
        # get_story and error captures look articles up by a URL that was fetched.
        Index("ix_captures_final_url", "final_url"),
        Index("ix_captures_requested_url", "requested_url"),
        # An outlet's fetch report (outlet page) reads this index alone.
        Index("ix_captures_source_outcome", "source_id", "outcome", "error_kind", "fetch_method", "fetched_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))  # see ix_captures_source_outcome
    requested_url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(index=True)
    fetch_method: Mapped[str] = mapped_column(String(16))
    discovered_via: Mapped[str | None] = mapped_column(String(32))
    headers: Mapped[dict[str, Any]]
    request_headers: Mapped[dict[str, Any]]
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    outcome: Mapped[str] = mapped_column(String(16))
    error_kind: Mapped[str | None] = mapped_column(String(64))
    error_detail: Mapped[str | None] = mapped_column(Text)
    # versions.capture_id points back here: the cycle is closed after both tables exist.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", use_alter=True), index=True)


class Version(Base):
    """The content of an article as first seen by one capture; append-only."""

    __tablename__ = "versions"
    # The unique (article_id, number) index also serves every lookup by article_id.
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime]
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"))
    headline: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]]
    published_at: Mapped[datetime | None]
    published_offset_min: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None]
    updated_offset_min: Mapped[int | None] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    image_url: Mapped[str | None] = mapped_column(Text)
    body: Mapped[list[str]]
    source_fields: Mapped[dict[str, Any]]


class Derivation(Base):
    """Derived fields (summary, bullets, explainers) of a version; the newest one is current."""

    __tablename__ = "derivations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    created_at: Mapped[datetime]
    generator: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    bullets: Mapped[list[str]]
    why_this_matters: Mapped[str] = mapped_column(Text)
    what_this_means_for_you: Mapped[str] = mapped_column(Text)
    provenance: Mapped[dict[str, Any]]


class ListingState(Base):
    """What the crawler last saw of one feed or sitemap, for conditional re-fetches and polling.

    The validators (ETag, Last-Modified) make a re-poll cheap; ``body_sha256`` tells a changed
    listing from a re-sent one when the server gives no validators; the poll fields let a
    scheduler back off from a failing listing.
    """

    __tablename__ = "listing_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # feed | sitemap | frontpage
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_fetched_at: Mapped[datetime | None]
    last_changed_at: Mapped[datetime | None]
    entries: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive
    poll_interval_s: Mapped[int | None] = mapped_column(Integer)
    next_poll_at: Mapped[datetime | None]


# --- Research: edits, capture flags, search documents, clusters (migration 0003_research) -------
# Search also has backend-specific index structures that are no models (an FTS5 table on SQLite,
# a tsvector table on PostgreSQL), all named ``story_fts*``; see archive/search_schema.py.

from sqlalchemy import BigInteger, Float, SmallInteger  # noqa: E402 - kept with the block that uses them

__all__ += ["CaptureFlag", "VersionEdit", "SearchDoc", "Cluster", "ClusterMember", "ArticleSignature",
            "LshBucket", "CAPTURE_FLAGS"]

#: Why a capture made no version although it fetched the article: the server said 304 Not
#: Modified, or the page held only part of the article (cut short, or behind a paywall).
CAPTURE_FLAGS = ("not_modified", "truncated", "paywalled")


class CaptureFlag(Base):
    """A note on a capture that its outcome alone cannot say (see CAPTURE_FLAGS)."""

    __tablename__ = "capture_flags"

    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), primary_key=True, autoincrement=False)
    flag: Mapped[str] = mapped_column(String(32), index=True)
    detail: Mapped[str | None] = mapped_column(Text)


class VersionEdit(Base):
    """One kind of edit a new version made (headline rewrite, correction, stealth edit...)."""

    __tablename__ = "version_edits"
    __table_args__ = (UniqueConstraint("version_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    detected_at: Mapped[datetime] = mapped_column(index=True)  # when the version was first captured
    detail: Mapped[dict[str, Any]]


class SearchDoc(Base):
    """The searchable text of an article's latest version, with the columns search filters on."""

    __tablename__ = "search_docs"
    # Search filters read this covering index, never the wide rows that hold the text.
    __table_args__ = (Index("ix_search_docs_filters", "article_id", "source_id", "story_time", "language",
                            "section"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True, autoincrement=False)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    version_number: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    section: Mapped[str | None] = mapped_column(Text)
    story_time: Mapped[datetime] = mapped_column(index=True)  # published, else first seen
    headline: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class Cluster(Base):
    """Articles that tell the same story: shared wire copy, or write-ups of one event."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    size: Mapped[int] = mapped_column(Integer)


class ClusterMember(Base):
    """Which cluster an article is in, and the match that put it there."""

    __tablename__ = "cluster_members"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True, autoincrement=False)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    joined_at: Mapped[datetime]
    matched_article_id: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16))  # first | body | event


class ArticleSignature(Base):
    """The MinHash of an article's latest body and its salient words, for near-duplicate search."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True, autoincrement=False)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    event_minhash: Mapped[bytes] = mapped_column(LargeBinary)
    event_tokens: Mapped[list[str]]  # names and numbers: exact overlap confirms a same-event match
    shingles: Mapped[int] = mapped_column(Integer)


class LshBucket(Base):
    """One LSH band of an article's signatures; articles sharing a bucket are candidate matches."""

    __tablename__ = "lsh_buckets"
    __table_args__ = (Index("ix_lsh_buckets_bucket", "bucket"),)  # bucket values are unique per band

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True, autoincrement=False)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    bucket: Mapped[int] = mapped_column(BigInteger)



# --- The ingestion service's poll schedule (migration 0004_poll_schedule) ------------------------

__all__ += ["PollSchedule"]


class PollSchedule(Base):
    """When the ingestion service (`newsarchive run`) polls one outlet next, and how its polls went.

    One row per outlet key of the sources file. Several `run` processes share the table: a process
    takes an outlet by setting ``claimed_by``/``claimed_until`` with one conditional UPDATE, so two
    never poll the same outlet at once, and a claim left by a dead process lapses on its own.
    ``listings`` holds only the outlet's failing feeds and sitemaps:
    ``{url: {"failures": n, "retry_at": iso, "error": text}}``.
    """

    __tablename__ = "poll_schedule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet: Mapped[str] = mapped_column(String(64), unique=True)
    interval_s: Mapped[float] = mapped_column(Float)
    next_poll_at: Mapped[datetime] = mapped_column(index=True)
    last_poll_at: Mapped[datetime | None]
    last_duration_s: Mapped[float | None] = mapped_column(Float)
    last_outcome: Mapped[str | None] = mapped_column(String(16))  # ok | partial | failed
    last_new: Mapped[int] = mapped_column(Integer, default=0)
    polls: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed polls
    last_error: Mapped[str | None] = mapped_column(Text)
    listings: Mapped[dict[str, Any]]
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]

# --- Crawl runs, for `newsarchive crawl --resume` (migration 0005_crawl_runs) --------------------

__all__ += ["CrawlRun", "RUN_STATUSES"]

#: ``running`` also covers a crawl that was killed: a killed process cannot say so.
RUN_STATUSES = ("running", "finished", "interrupted")


class CrawlRun(Base):
    """One `newsarchive crawl`: what it crawled, since when, and whether it got to the end.

    A run that did not finish is continued by ``crawl --resume`` under the same id (which is also
    the Redis key of a shared crawl). Captures carry no run id: the run's captures are those of
    its outlets fetched since ``started_at``.
    """

    __tablename__ = "crawl_runs"
    __table_args__ = (CheckConstraint("status IN ('running', 'finished', 'interrupted')", name="status"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sources: Mapped[str] = mapped_column(Text)  # absolute path of the sources file
    outlets: Mapped[list[str]]  # as asked for with --outlet; empty: every outlet of the file
    spiders: Mapped[list[str]]
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    resumes: Mapped[int] = mapped_column(Integer, default=0)
    last_resumed_at: Mapped[datetime | None]
    host: Mapped[str] = mapped_column(String(255))  # where the run last ran, to tell a live one
    pid: Mapped[int] = mapped_column(Integer)


from archive import search_schema as _search_schema  # noqa: E402,F401 - hides story_fts* from schema checks
