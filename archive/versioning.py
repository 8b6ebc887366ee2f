"""Record a capture: the one place that decides new article, new version, unchanged or error.

A version is made only on a meaningful change (archive.volatile: page noise such as "5 minutes
ago" or view counters never counts). A fetch that holds only part of the article (cut short or
paywalled) and a 304 Not Modified answer are recorded as ``unchanged`` captures of the current
version, with a capture flag saying why. Each new version gets its edit classes, search document
and cluster in the same transaction (archive.research).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Update, bindparam, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from archive import clusters, models, research
from archive.blob_store import put_blob, put_blobs
from archive.blobs import PreparedBlob, prepare_blob
from archive.capture import Capture
from archive.rows import content_hash, derivation_columns, same_derivation, version_columns
from archive.story import Story
from archive.upsert import dialect_insert_ignoring, insert_or_ignore, mapped_table, table_insert
from archive.volatile import fingerprint, partial_capture, paywall_signals, story_fingerprint

__all__ = ["RecordResult", "record_capture", "record_captures"]


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What recording one capture did.

    ``outcome`` is one of ``new_article``, ``new_version``, ``unchanged``, ``error``;
    ``version_number`` is the version the capture saw (None for errors). ``flag`` is one of
    models.CAPTURE_FLAGS when the capture needed a note (``not_modified``, ``truncated``,
    ``paywalled``); ``edits`` are the edit classes of a new version.
    """

    outcome: str
    capture_id: int
    article_id: int | None
    version_number: int | None
    story_id: str | None = None
    blob_sha256: str | None = None
    flag: str | None = None
    edits: tuple[str, ...] = ()


def record_capture(session: Session, capture: Capture) -> RecordResult:
    """Store ``capture`` and, when its content is new, a new version with its derivation.

    Everything happens inside one SAVEPOINT of the caller's transaction: if any step fails, none
    of this capture's rows remain (no version without its derivation, no capture pointing at
    nothing), and the caller's earlier work in the session is untouched. The caller commits.

    On SQLite the first statement is a write (the source upsert), so the database write lock is
    taken before anything is read and concurrent writers queue on the busy timeout instead of
    failing on a stale snapshot; call this at the start of a transaction.
    """
    with session.begin_nested():
        source_id = _upsert_source(session, capture)
        body = _stored_body(capture)
        blob = put_blob(session, body, now=_aware(capture.fetched_at)) if body is not None else None
        return _record(session, capture, source_id, blob)


def record_captures(session: Session, captures: Sequence[Capture]) -> list[RecordResult]:
    """Record several captures in the caller's transaction, all or none of them.

    A capture that fails leaves the transaction to be rolled back (the crawler's writer then
    records the batch's captures one by one with ``record_capture``), so no capture needs a
    savepoint of its own. What two writers recording at once (crawlers sharing a PostgreSQL
    archive) both lock is locked first, in the order a single capture locks it: the outlets' rows
    (by key), then the similarity locks of all the prepared stories (clusters.lock_signatures),
    then the bodies' rows. Taken capture by capture instead, two batches could each hold what the
    other waits for: a deadlock, and the batch written again.
    """
    by_outlet: dict[str, list[Capture]] = {}
    for capture in captures:
        by_outlet.setdefault(capture.source.key, []).append(capture)
    source_ids = {key: _upsert_source(session, max(by_outlet[key], key=_language_known))
                  for key in sorted(by_outlet)}
    clusters.lock_signatures(session, [c.prepared.signature for c in captures
                                       if c.prepared is not None and c.prepared.signature is not None])
    blobs = [_prepared_body(capture) for capture in captures]
    put_blobs(session, [(blob, _aware(capture.fetched_at))
                        for capture, blob in zip(captures, blobs, strict=True) if blob is not None])
    return [_record(session, capture, source_ids[capture.source.key], blob.sha256 if blob is not None else None)
            for capture, blob in zip(captures, blobs, strict=True)]


def _record(session: Session, capture: Capture, source_id: int, blob: str | None) -> RecordResult:
    """The capture's rows, once its outlet (``source_id``) and body (hash ``blob``) are stored."""
    if capture.status == 304 and capture.story is None:
        not_modified = _record_not_modified(session, capture, source_id)
        if not_modified is not None:
            return not_modified
    if capture.story is None or capture.error_kind is not None:
        return _record_error(session, capture, source_id, blob)
    return _record_story(session, capture, capture.story, source_id, blob)


def _language_known(capture: Capture) -> bool:
    """Whether the capture tells its outlet's language (the outlet row takes it from one of them)."""
    return capture.story is not None and capture.story.language is not None


def _stored_body(capture: Capture) -> PreparedBlob | bytes | None:
    """The body to store (prepared ahead when the crawler did that), or None without a body."""
    if capture.prepared is not None and capture.prepared.blob is not None:
        return capture.prepared.blob
    return capture.body or None


def _prepared_body(capture: Capture) -> PreparedBlob | None:
    body = _stored_body(capture)
    return body if isinstance(body, PreparedBlob) or body is None else prepare_blob(body)


def _paywall(capture: Capture) -> list[str]:
    if capture.prepared is not None:
        return list(capture.prepared.paywall)
    return paywall_signals(capture.body) if capture.body else []


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _upsert_source(session: Session, capture: Capture) -> int:
    """The outlet's id, adding the outlet on first sight and following renames in the sources file."""
    ref = capture.source
    language = capture.story.language if capture.story is not None else None
    insert_or_ignore(session, models.Source, {
        "key": ref.key, "name": ref.name, "home_url": ref.home_url, "country": ref.country,
        "language": language,
    }, keys=["key"])
    source = session.scalars(select(models.Source).where(models.Source.key == ref.key)).one()
    # Only touch the row when something changed: an UPDATE would serialise every writer of this
    # outlet on its row lock (PostgreSQL) for the rest of their transactions.
    if (source.name, source.home_url, source.country) != (ref.name, ref.home_url, ref.country):
        source.name, source.home_url, source.country = ref.name, ref.home_url, ref.country
    if source.language is None and language:
        source.language = language
    return source.id


@cache
def _insert_capture_statement() -> ReturningInsert[int]:
    return table_insert(models.Capture).returning(models.Capture.id)


@cache
def _link_version_statement() -> Update:
    """Point a capture at the version made from it (a Core UPDATE: see ``mapped_table``)."""
    captures = mapped_table(models.Capture)
    return (update(captures).where(captures.c.id == bindparam("capture_id"))
            .values(version_id=bindparam("new_version_id")))


def _insert_capture(session: Session, capture: Capture, source_id: int, blob: str | None, outcome: str,
                    **extra: Any) -> int:
    """The capture's row, by a Core INSERT (nothing reads it back as an object); returns its id.

    ``extra`` sets further columns (article_id, version_id) or overrides the error fields. Every
    column is given, so the cached statement always compiles to the same INSERT.
    """
    values = {
        "source_id": source_id, "requested_url": capture.requested_url, "final_url": capture.final_url,
        "status": capture.status, "fetched_at": _aware(capture.fetched_at), "fetch_method": capture.fetch_method,
        "discovered_via": capture.discovered_via, "headers": dict(capture.headers),
        "request_headers": dict(capture.request_headers), "blob_sha256": blob, "outcome": outcome,
        "error_kind": capture.error_kind, "error_detail": capture.error_detail, "article_id": None,
        "version_id": None, **extra,
    }
    return int(session.execute(_insert_capture_statement(), values).scalar_one())


def _known_article_id(session: Session, capture: Capture) -> int | None:
    """The article an error capture belongs to, if its URL is one we already know."""
    urls = {capture.final_url, capture.requested_url}
    if capture.story is not None:
        urls.add(capture.story.canonical_url)
    found = session.scalar(select(models.Article.id).where(models.Article.canonical_url.in_(urls)).limit(1))
    if found is not None:
        return found
    return session.scalar(
        select(models.Capture.article_id)
        .where(models.Capture.article_id.is_not(None),
               or_(models.Capture.final_url.in_(urls), models.Capture.requested_url.in_(urls)))
        .order_by(models.Capture.id.desc()).limit(1)
    )


def _record_error(session: Session, capture: Capture, source_id: int, blob: str | None) -> RecordResult:
    article_id = _known_article_id(session, capture)
    row_id = _insert_capture(session, capture, source_id, blob, "error", article_id=article_id,
                             error_kind=capture.error_kind or "no_story")
    return RecordResult("error", row_id, article_id, None, blob_sha256=blob)


@cache
def _insert_article_statement(dialect: str) -> ReturningInsert[int]:
    """INSERT .. ON CONFLICT (story_id) DO NOTHING RETURNING id, in ``dialect``, values as parameters."""
    articles = mapped_table(models.Article)
    return dialect_insert_ignoring(dialect, articles, ("story_id",)).returning(articles.c.id)


def _article_for(session: Session, story: Story, source_id: int, seen_at: datetime) -> tuple[models.Article, bool]:
    """The story's article and whether this call created it; locked (PostgreSQL) until the
    transaction ends.

    INSERT .. ON CONFLICT DO NOTHING makes two writers of the same new article end with one row;
    the row lock (the new row's own, or SELECT .. FOR UPDATE on one that existed) then makes their
    version decisions take turns. A new article is stored with its first version's number (the
    caller adds that version in the same transaction) by a Core INSERT, and returned as a
    transient object the session does not track: the ORM's INSERT .. RETURNING of an entity and
    the UPDATE of its version number after it cost more than the rest of the article's rows.
    """
    values = {"story_id": story.id, "canonical_url": story.canonical_url, "source_id": source_id,
              "first_seen_at": seen_at, "last_seen_at": seen_at, "last_version_number": 1}
    new_id = session.execute(_insert_article_statement(session.get_bind().dialect.name), values).scalar()
    if new_id is not None:
        return models.Article(id=new_id, **values), True
    query = (select(models.Article).where(models.Article.story_id == story.id)
             .with_for_update().execution_options(populate_existing=True))
    article = session.scalars(query).one()
    article.first_seen_at = min(article.first_seen_at, seen_at)
    article.last_seen_at = max(article.last_seen_at, seen_at)
    return article, False


def _latest_version(session: Session, article: models.Article) -> models.Version | None:
    if article.last_version_number == 0:
        return None
    return session.scalars(select(models.Version).where(
        models.Version.article_id == article.id, models.Version.number == article.last_version_number)).one()


def _latest_derivation(session: Session, version_id: int) -> models.Derivation | None:
    return session.scalars(select(models.Derivation).where(models.Derivation.version_id == version_id)
                           .order_by(models.Derivation.id.desc()).limit(1)).first()


def _add_derivation(session: Session, version_id: int, story: Story) -> None:
    session.execute(table_insert(models.Derivation),
                    {"version_id": version_id, "created_at": datetime.now(UTC), **derivation_columns(story)})


def _flag(session: Session, capture_id: int, flag: str, detail: str | None) -> None:
    session.execute(table_insert(models.CaptureFlag), {"capture_id": capture_id, "flag": flag, "detail": detail})


def _record_not_modified(session: Session, capture: Capture, source_id: int) -> RecordResult | None:
    """A 304 answer to a conditional re-fetch: an unchanged capture of the current version.

    It has no body of its own, so it points at the body of the article's last capture that had
    one. None when the URL belongs to no known article (then it is recorded as an error).
    """
    article_id = _known_article_id(session, capture)
    article = session.get(models.Article, article_id, with_for_update=True) if article_id is not None else None
    latest = _latest_version(session, article) if article is not None else None
    if article is None or latest is None:
        return None
    fetched_at = _aware(capture.fetched_at)
    article.last_seen_at = max(article.last_seen_at, fetched_at)
    blob = session.scalar(select(models.Capture.blob_sha256).where(
        models.Capture.article_id == article.id, models.Capture.blob_sha256.is_not(None))
        .order_by(models.Capture.id.desc()).limit(1))
    row_id = _insert_capture(session, capture, source_id, blob, "unchanged", article_id=article.id,
                             version_id=latest.id, error_kind=None, error_detail=None)
    _flag(session, row_id, "not_modified", "the server answered 304 Not Modified")
    story_id = session.scalar(select(models.Article.story_id).where(models.Article.id == article.id))
    return RecordResult("unchanged", row_id, article.id, latest.number, story_id, blob, flag="not_modified")


def _version_fingerprint(version: models.Version, canonical_url: str) -> str:
    return fingerprint(
        canonical_url=canonical_url, headline=version.headline, authors=version.authors,
        published_at=version.published_at, updated_at=version.updated_at, section=version.section,
        language=version.language, image_url=version.image_url, body=version.body)


def _record_story(session: Session, capture: Capture, story: Story, source_id: int,
                  blob: str | None) -> RecordResult:
    fetched_at = _aware(capture.fetched_at)
    article, created = _article_for(session, story, source_id, fetched_at)
    digest = content_hash(story)
    if created:
        return _add_version(session, capture, story, article, None, source_id, blob, digest, number=1)
    latest = _latest_version(session, article)
    if latest is not None and (latest.content_hash == digest
                               or _version_fingerprint(latest, article.canonical_url) == story_fingerprint(story)):
        return _record_unchanged(session, capture, story, article, latest, source_id, blob)
    if latest is not None:
        partial = partial_capture(latest.body, story.body, _paywall(capture))
        if partial is not None:
            row_id = _insert_capture(session, capture, source_id, blob, "unchanged", article_id=article.id,
                                     version_id=latest.id)
            _flag(session, row_id, *partial)
            return RecordResult("unchanged", row_id, article.id, latest.number, story.id, blob, flag=partial[0])
    return _add_version(session, capture, story, article, latest, source_id, blob, digest,
                        number=article.last_version_number + 1)


def _record_unchanged(session: Session, capture: Capture, story: Story, article: models.Article,
                      latest: models.Version, source_id: int, blob: str | None) -> RecordResult:
    row_id = _insert_capture(session, capture, source_id, blob, "unchanged", article_id=article.id,
                             version_id=latest.id)
    # Same content, but the derived fields may come from a newer generator: keep them as a new
    # derivation of the same version, never by rewriting the old one.
    if not same_derivation(_latest_derivation(session, latest.id), story):
        _add_derivation(session, latest.id, story)
        research.after_new_derivation(session, article.id, latest.id, story.summary)
    return RecordResult("unchanged", row_id, article.id, latest.number, story.id, blob)


@cache
def _insert_version_statement() -> ReturningInsert[int]:
    return table_insert(models.Version).returning(models.Version.id)


def _add_version(session: Session, capture: Capture, story: Story, article: models.Article,
                 previous: models.Version | None, source_id: int, blob: str | None, digest: str,
                 number: int) -> RecordResult:
    """Capture, version ``number`` and derivation, linked both ways (the capture row first: the
    version cites it). The version goes in by a Core INSERT; the rest of the work reads it from a
    transient object the session does not track."""
    outcome = "new_article" if number == 1 else "new_version"
    fetched_at = _aware(capture.fetched_at)
    row_id = _insert_capture(session, capture, source_id, blob, outcome, article_id=article.id)
    values = {"article_id": article.id, "number": number, "content_hash": digest, "captured_at": fetched_at,
              "capture_id": row_id, **version_columns(story)}
    version = models.Version(id=session.execute(_insert_version_statement(), values).scalar_one(), **values)
    _add_derivation(session, version.id, story)
    session.execute(_link_version_statement(), {"capture_id": row_id, "new_version_id": version.id})
    if article.last_version_number != number:  # not for a new article: stored with number 1
        article.last_version_number = number
    flag = None
    if previous is None:
        signals = _paywall(capture)
        if signals:  # the first sight of a paywalled article: kept, but known to be partial
            flag = "paywalled"
            _flag(session, row_id, flag, ", ".join(signals))
    signature = capture.prepared.signature if capture.prepared is not None else None
    edits = research.after_new_version(session, article, version, story, previous, signature)
    return RecordResult(outcome, row_id, article.id, number, story.id, blob, flag=flag, edits=tuple(edits))
