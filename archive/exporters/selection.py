"""Which story versions an export holds, streamed in a stable order with their provenance.

Every format reads the archive through ``iter_versions`` here, so the filters mean the same thing
everywhere and a file's rows always come in the same order (canonical URL, then version number):
the same archive and filters give the same bytes.

Rows are read as plain column tuples (no ORM objects, so nothing accumulates in the session),
and the list fields (body, key points, authors) arrive as their stored JSON text: the JSON Lines
writer copies that text as is, and the other formats parse it only when they ask for ``story``.
That keeps a 100,000-story export fast and its memory flat.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, Text, cast, func, select
from sqlalchemy.orm import Session, aliased

from archive.models import Article, Capture, Derivation, Source, UTCDateTime, Version
from archive.queries import StoryVersion
from archive.rows import join_instant
from archive.search_filters import language_matches, section_matches
from archive.story import FieldProvenance, SourceRef, Story

__all__ = [
    "ExportFilters", "ExportRow", "CaptureInfo", "COLUMN_INDEX", "iter_versions", "iter_args",
    "resolve_article_ids", "json_text", "provenance_entry", "filtered_versions", "article_pages",
]

#: Article-id sets (search, cluster) up to this size are pushed into SQL; larger ones are checked in Python.
_IN_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """What to export. Empty fields select everything; ``since`` is inclusive, ``until`` exclusive.

    ``since``/``until`` apply to the story's time (published, else first seen), as in
    ``newsarchive stories``. ``section`` is the version's section as the outlet names it, case
    ignored (as the web front page filters). ``query`` and ``cluster`` are resolved to article
    ids by the search and clustering modules.
    """

    outlets: tuple[str, ...] = ()
    language: str | None = None
    section: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    query: str | None = None
    cluster: str | None = None
    latest_only: bool = True

    def describe(self) -> dict[str, Any]:
        """The filters as JSON for a manifest (every key present, so manifests compare easily).

        ``section`` is the exception: it appears only when set, so the selections made before it
        existed keep their description, and with it their feed ids (``feeds.filters_key``).
        """
        described: dict[str, Any] = {
            "outlets": list(self.outlets), "language": self.language,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "query": self.query, "cluster": self.cluster,
            "versions": "latest" if self.latest_only else "all",
        }
        if self.section:
            described["section"] = self.section
        return described


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """The fetch that first saw a version: where and when it came from, and its raw body."""

    id: int
    requested_url: str
    final_url: str
    status: int | None
    fetched_at: datetime
    fetch_method: str
    discovered_via: str | None
    blob_sha256: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"capture_id": self.id, "requested_url": self.requested_url, "final_url": self.final_url,
                "status": self.status, "fetched_at": self.fetched_at.isoformat(),
                "fetch_method": self.fetch_method, "discovered_via": self.discovered_via,
                "body_sha256": self.blob_sha256}


# Every column an export reads, by name; the list fields come as their stored JSON text.
_FIELDS: tuple[tuple[str, Any], ...] = (
    ("version_id", Version.id), ("number", Version.number), ("captured_at", Version.captured_at),
    ("content_hash", Version.content_hash), ("headline", Version.headline),
    ("authors", cast(Version.authors, Text)), ("published_at", Version.published_at),
    ("published_offset", Version.published_offset_min), ("updated_at", Version.updated_at),
    ("updated_offset", Version.updated_offset_min), ("section", Version.section), ("language", Version.language),
    ("image_url", Version.image_url), ("body", cast(Version.body, Text)), ("source_fields", cast(Version.source_fields, Text)),
    ("article_id", Article.id), ("story_id", Article.story_id), ("canonical_url", Article.canonical_url),
    ("versions", Article.last_version_number), ("source_id", Source.id), ("source_key", Source.key),
    ("source_name", Source.name), ("source_home", Source.home_url), ("source_country", Source.country),
    ("generator", Derivation.generator), ("summary", Derivation.summary),
    ("bullets", cast(Derivation.bullets, Text)), ("why", Derivation.why_this_matters),
    ("what", Derivation.what_this_means_for_you), ("derived_provenance", cast(Derivation.provenance, Text)),
    ("capture_id", Capture.id), ("requested_url", Capture.requested_url), ("final_url", Capture.final_url),
    ("status", Capture.status), ("fetched_at", Capture.fetched_at), ("fetch_method", Capture.fetch_method),
    ("discovered_via", Capture.discovered_via), ("blob_sha256", Capture.blob_sha256),
)
#: Position of each column in ``ExportRow.values``.
COLUMN_INDEX = {name: i for i, (name, _) in enumerate(_FIELDS)}
(_VERSION_ID, _NUMBER, _CAPTURED_AT, _CONTENT_HASH, _HEADLINE, _AUTHORS, _PUBLISHED_AT, _PUBLISHED_OFFSET,
 _UPDATED_AT, _UPDATED_OFFSET, _SECTION, _LANGUAGE, _IMAGE_URL, _BODY, _SOURCE_FIELDS, _ARTICLE_ID, _STORY_ID,
 _CANONICAL_URL, _VERSIONS, _SOURCE_ID, _SOURCE_KEY, _SOURCE_NAME, _SOURCE_HOME, _SOURCE_COUNTRY, _GENERATOR,
 _SUMMARY, _BULLETS, _WHY, _WHAT, _DERIVED_PROVENANCE) = range(30)
_CAPTURE = COLUMN_INDEX["capture_id"]


def json_text(raw: str | None, empty: str = "[]") -> str:
    """Stored JSON as one line of JSON text (re-encoded only if another writer pretty-printed it)."""
    if raw is None:
        return empty
    if "\n" in raw or "\r" in raw:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    return raw


def provenance_entry(stored: dict[str, Any]) -> dict[str, Any]:
    """A provenance entry exactly as ``FieldProvenance.from_dict(...).to_dict()`` gives it, without dataclasses."""
    out: dict[str, Any] = {"method": str(stored.get("method") or "unknown")}
    for name in ("version", "signal"):
        if stored.get(name) is not None:
            out[name] = stored[name]
    if stored.get("sentences") is not None:
        out["sentences"] = [int(i) for i in stored["sentences"]]
    if stored.get("note") is not None:
        out["note"] = stored["note"]
    return out


class ExportRow:
    """One exported story version: the story as the portal shows it plus where it came from.

    ``story`` is built on first use; ``to_json`` writes the JSON Lines record straight from the
    columns. Both give the same data (``to_dict()`` equals ``json.loads(to_json())``).
    """

    __slots__ = ("values", "source", "source_json", "_story")

    def __init__(self, values: Any, sources: dict[int, tuple[SourceRef, str]]) -> None:
        self.values = values
        source_id = values[_SOURCE_ID]
        if source_id not in sources:
            ref = SourceRef(key=values[_SOURCE_KEY], name=values[_SOURCE_NAME], home_url=values[_SOURCE_HOME],
                            country=values[_SOURCE_COUNTRY])
            sources[source_id] = (ref, json.dumps({"key": ref.key, "name": ref.name, "home_url": ref.home_url,
                                                   "country": ref.country}, ensure_ascii=False))
        self.source, self.source_json = sources[source_id]
        self._story: Story | None = None

    @property
    def capture(self) -> CaptureInfo:
        return CaptureInfo(*self.values[_CAPTURE:])

    version_id = property(lambda self: self.values[_VERSION_ID])
    version = property(lambda self: self.values[_NUMBER])
    versions = property(lambda self: self.values[_VERSIONS])
    article_id = property(lambda self: self.values[_ARTICLE_ID])
    story_id = property(lambda self: self.values[_STORY_ID])
    captured_at = property(lambda self: self.values[_CAPTURED_AT])
    content_hash = property(lambda self: self.values[_CONTENT_HASH])
    generator = property(lambda self: self.values[_GENERATOR])

    @property
    def item(self) -> StoryVersion:
        """The row as the archive's query layer describes a version."""
        return StoryVersion(story=self.story, version=self.version, versions=self.versions,
                            article_id=self.article_id, version_id=self.version_id, captured_at=self.captured_at,
                            content_hash=self.content_hash, generator=self.generator)

    def provenance_map(self) -> dict[str, dict[str, Any]]:
        """Per-field provenance as ``Story.to_dict`` shows it: the page's fields, then the derived ones."""
        v = self.values
        merged = dict(json.loads(v[_SOURCE_FIELDS] or "{}").get("provenance", {}))
        if v[_GENERATOR] is not None:
            merged.update(json.loads(v[_DERIVED_PROVENANCE] or "{}"))
        return {name: provenance_entry(stored) for name, stored in merged.items()}

    def _derived(self, index: int, empty: str = "") -> str:
        return empty if self.values[_GENERATOR] is None else self.values[index]

    @property
    def story(self) -> Story:
        if self._story is None:
            v = self.values
            self._story = Story(
                canonical_url=v[_CANONICAL_URL], source=self.source, headline=v[_HEADLINE],
                body=json.loads(json_text(v[_BODY])), authors=json.loads(json_text(v[_AUTHORS])),
                published_at=join_instant(v[_PUBLISHED_AT], v[_PUBLISHED_OFFSET]),
                updated_at=join_instant(v[_UPDATED_AT], v[_UPDATED_OFFSET]), section=v[_SECTION],
                language=v[_LANGUAGE], image_url=v[_IMAGE_URL], summary=self._derived(_SUMMARY),
                bullets=json.loads(self._derived(_BULLETS, "[]") or "[]"), why_this_matters=self._derived(_WHY),
                what_this_means_for_you=self._derived(_WHAT),
                provenance={k: FieldProvenance.from_dict(p) for k, p in self.provenance_map().items()},
            )
        return self._story

    def to_json(self) -> str:
        """The JSON Lines record (no newline), written straight from the columns."""
        from archive.exporters.jsonline import json_line

        return json_line(self)

    def to_dict(self) -> dict[str, Any]:
        """The story JSON plus version, times, article id and the capture's provenance."""
        return {**self.story.to_dict(), "version": self.version, "versions": self.versions,
                "captured_at": self.captured_at.isoformat(), "article_id": self.article_id,
                "content_hash": self.content_hash, "generator": self.generator,
                "capture": self.capture.to_dict()}


def _feature(module: str, name: str, option: str) -> Any:
    """A function of an optional module, or a ValueError users can read when it is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"{option} needs {module}.{name}, which this install does not have ({exc})") from exc


def resolve_article_ids(session: Session, filters: ExportFilters) -> set[int] | None:
    """Article ids allowed by the search query and cluster filters (None when neither is set).

    The search and cluster modules are imported only when asked for, so exports work on an
    install (or a checkout) without them.
    """
    allowed: set[int] | None = None
    if filters.query:
        search_article_ids = _feature("archive.search", "search_article_ids", "--query")
        allowed = set(search_article_ids(session, filters.query))
    if filters.cluster:
        cluster_article_ids = _feature("archive.clusters", "cluster_article_ids", "--cluster")
        members = set(cluster_article_ids(session, filters.cluster))  # a cluster number, story id or URL
        allowed = members if allowed is None else allowed & members
    return allowed


def filtered_versions(filters: ExportFilters) -> Select[Any]:
    """The one definition of what export filters select (every format reads through it)."""
    current = aliased(Derivation)
    newest = select(func.max(current.id)).where(current.version_id == Version.id).scalar_subquery()
    stmt = (select(*(column for _, column in _FIELDS))
            .join(Article, Article.id == Version.article_id)
            .join(Source, Source.id == Article.source_id)
            .join(Capture, Capture.id == Version.capture_id)
            .outerjoin(Derivation, Derivation.id == newest))
    if filters.latest_only:
        stmt = stmt.where(Version.number == Article.last_version_number)
    if filters.outlets:
        stmt = stmt.where(Source.key.in_(filters.outlets))
    if filters.language:
        stmt = stmt.where(language_matches(Version.language, filters.language))
    if filters.section:
        stmt = stmt.where(section_matches(Version.section, filters.section))
    when = func.coalesce(Version.published_at, Article.first_seen_at, type_=UTCDateTime())
    if filters.since is not None:
        stmt = stmt.where(when >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(when < filters.until)
    return stmt.order_by(Article.canonical_url, Version.number)


def article_pages(connection: Session | Connection, filters: ExportFilters, allowed: set[int] | None,
                  size: int) -> Iterator[Sequence[Any]]:
    """``(article id, canonical URL)`` rows in URL order, ``size`` at a time (keyset paging on the
    URL index), narrowed by outlet and, when small enough for SQL, by the ``allowed`` ids.

    Walking the index and fetching each page's rows separately means the database never sorts
    the whole export (a sort of every row, bodies included, that would grow with the archive).
    """
    base = select(Article.id, Article.canonical_url).order_by(Article.canonical_url).limit(size)
    if filters.outlets:
        base = base.join(Source, Source.id == Article.source_id).where(Source.key.in_(filters.outlets))
    if allowed is not None and len(allowed) <= _IN_LIMIT:
        base = base.where(Article.id.in_(sorted(allowed)))
    last: str | None = None
    while True:
        page = connection.execute(base if last is None else base.where(Article.canonical_url > last)).all()
        if not page:
            return
        yield page
        last = page[-1][1]


def _article_batches(session: Session, filters: ExportFilters, allowed: set[int] | None,
                     size: int) -> Iterator[list[int]]:
    """Article ids in canonical URL order, ``size`` at a time (only those ``allowed``)."""
    for page in article_pages(session, filters, allowed, size):
        ids = [article_id for article_id, _ in page if allowed is None or article_id in allowed]
        if ids:
            yield ids


def iter_versions(session: Session, *, latest_only: bool = True, outlet: str | None = None,
                  since: datetime | None = None, until: datetime | None = None, batch_size: int = 500,
                  filters: ExportFilters | None = None) -> Iterator[ExportRow]:
    """Stream the selected versions in canonical URL then version order, ``batch_size`` articles at a time.

    Pass ``filters`` for the full set; the loose keywords mirror ``archive.queries.iter_versions``
    (and are ignored when ``filters`` is given). Memory stays flat: each batch is read as tuples
    the session does not keep, and nothing asks the database to sort the whole selection.
    """
    if filters is None:
        filters = ExportFilters(outlets=(outlet,) if outlet else (), since=since, until=until,
                                latest_only=latest_only)
    allowed = resolve_article_ids(session, filters)
    if allowed is not None and not allowed:
        return
    stmt = filtered_versions(filters)
    sources: dict[int, tuple[SourceRef, str]] = {}
    connection = session.connection()  # Core rows: no ORM loading, nothing kept in the session
    for ids in _article_batches(session, filters, allowed, batch_size):
        for values in connection.execute(stmt.where(Article.id.in_(ids))):
            yield ExportRow(values, sources)


def iter_args(filters: ExportFilters) -> dict[str, Any]:
    """Keyword arguments for ``iter_versions`` that select what ``filters`` says.

    When the filters need nothing beyond what ``archive.queries.iter_versions`` accepts, the
    loose keywords are given, so either iterator can stand in for the other (tests swap them).
    """
    loose = (len(filters.outlets) <= 1 and not (filters.language or filters.section or filters.query or filters.cluster))
    if not loose:
        return {"filters": filters}
    args: dict[str, Any] = {"latest_only": filters.latest_only}
    if filters.outlets:
        args["outlet"] = filters.outlets[0]
    if filters.since is not None:
        args["since"] = filters.since
    if filters.until is not None:
        args["until"] = filters.until
    return args
