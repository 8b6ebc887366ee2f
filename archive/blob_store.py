"""Raw response bodies in the archive, content-addressed by SHA-256, each stored once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.blobs import PreparedBlob, blob_sha256, decompress, prepare_blob
from archive.models import Blob
from archive.upsert import insert_many_or_ignore

__all__ = ["put_blob", "put_blobs", "get_blob"]


def put_blob(session: Session, data: bytes | PreparedBlob, *, now: datetime | None = None) -> str:
    """Store a body unless an identical one is stored already; returns its SHA-256 (hex).

    The digest is looked up before compressing: a page fetched again unchanged is stored already.
    """
    digest = data.sha256 if isinstance(data, PreparedBlob) else blob_sha256(data)
    if session.scalar(select(Blob.sha256).where(Blob.sha256 == digest)) is None:
        prepared = data if isinstance(data, PreparedBlob) else prepare_blob(data)
        _insert(session, {digest: (prepared, now or datetime.now(UTC))})
    return digest


def put_blobs(session: Session, blobs: Sequence[tuple[PreparedBlob, datetime]]) -> None:
    """Store several prepared bodies (each with the time it was fetched) unless stored already.

    One look-up and one multi-row insert for all of them: the crawler's writer stores a batch of
    pages at a time, and two statements per page were a fair share of its work.
    """
    wanted = {blob.sha256: (blob, when) for blob, when in blobs}
    if not wanted:
        return
    stored = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(list(wanted)))))
    _insert(session, {digest: pair for digest, pair in wanted.items() if digest not in stored})


def _insert(session: Session, blobs: dict[str, tuple[PreparedBlob, datetime]]) -> None:
    """Insert bodies known to be missing; one written meanwhile by another writer is skipped."""
    insert_many_or_ignore(session, Blob, [
        {"sha256": digest, "size": blob.size, "data": blob.data, "compression": blob.compression,
         "created_at": when}
        for digest, (blob, when) in blobs.items()], keys=["sha256"])


def get_blob(session: Session, sha256: str) -> bytes | None:
    """The original bytes of a stored body, or None when no blob has that hash."""
    row = session.execute(select(Blob.data, Blob.compression).where(Blob.sha256 == sha256)).one_or_none()
    if row is None:
        return None
    return decompress(row.data, row.compression)
