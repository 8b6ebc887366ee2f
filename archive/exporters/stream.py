"""Stream the rows of the flat exports (JSON Lines, CSV, Parquet) as raw column tuples, a batch at a time.

The flat formats write every selected version, so their cost is per row: here the rows come as
the driver gives them, with no per-value type processing, in batches of whole articles. Each batch
is one range of canonical URLs, which the database walks on the URL index in the export's order,
so it never sorts the selection and memory stays flat however large the archive.

The filters are ``selection``'s own query (only its columns' result types change), so every
filter means exactly what it means for the other formats. Times arrive raw (text on SQLite, an
aware datetime on PostgreSQL); ``utc_iso``, ``offset_iso`` and ``utc_datetime`` read either.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any, TypeGuard

from sqlalchemy import Select, String, type_coerce
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session

from archive.exporters import selection
from archive.exporters.selection import ExportFilters
from archive.models import Article, UTCDateTime

__all__ = [
    "ARTICLES_PER_BATCH", "ROWS_PER_FETCH", "RawRow", "iter_batches", "iter_rows", "usual_text", "utc_iso",
    "utc_datetime", "offset_iso",
]

#: Articles read per query: large enough that per-query costs vanish, small enough to keep memory flat.
ARTICLES_PER_BATCH = 2000
#: Rows fetched at a time (a server-side cursor on PostgreSQL), so a range of long articles never sits
#: in memory whole.
ROWS_PER_FETCH = 500
#: Article-id sets (search, cluster) up to this size also narrow the URL paging itself.
_IN_LIMIT = 2000

RawRow = Row[Any]  # the columns of ``selection.COLUMN_INDEX``, times raw


def _raw_select(filters: ExportFilters) -> Select[Any]:
    """``selection``'s query for ``filters`` with its UTC times returned as the driver gives them."""
    stmt = selection.filtered_versions(filters)  # the one definition of what the filters select
    columns = [type_coerce(c, String()) if isinstance(c.type, UTCDateTime) else c for c in stmt.selected_columns]
    return stmt.with_only_columns(*columns)


def _url_ranges(connection: Connection, filters: ExportFilters, allowed: set[int] | None,
                size: int) -> Iterator[tuple[str | None, str, list[int] | None]]:
    """``(after, through, ids)`` URL ranges of ``size`` articles in canonical URL order (keyset paging).

    ``ids`` lists the range's articles allowed by a search or cluster filter (None: no such filter).
    """
    after: str | None = None
    for page in selection.article_pages(connection, filters, allowed, size):
        through = page[-1][1]
        ids = None if allowed is None else [article_id for article_id, _ in page if article_id in allowed]
        if ids is None or ids:
            yield after, through, ids
        after = through


def iter_batches(session: Session, filters: ExportFilters,
                 articles_per_batch: int | None = None) -> Iterator[Sequence[RawRow]]:
    """The selected versions as raw rows, in canonical URL then version order, in batches.

    Each query reads ``articles_per_batch`` articles (default ``ARTICLES_PER_BATCH``), fetched
    ``ROWS_PER_FETCH`` rows at a time; the rows are those, in the same order, that
    ``selection.iter_versions`` gives for the same filters.
    """
    allowed = selection.resolve_article_ids(session, filters)
    if allowed is not None and not allowed:
        return
    stmt = _raw_select(filters)
    connection = session.connection()
    size = articles_per_batch or ARTICLES_PER_BATCH
    for after, through, ids in _url_ranges(connection, filters, allowed, size):
        batch = stmt.where(Article.canonical_url <= through)
        if after is not None:
            batch = batch.where(Article.canonical_url > after)
        if ids is not None:
            batch = batch.where(Article.id.in_(ids))
        yield from connection.execute(batch, execution_options={"yield_per": ROWS_PER_FETCH}).partitions()


def iter_rows(session: Session, *, filters: ExportFilters | None = None, latest_only: bool = True,
              outlet: str | None = None, since: datetime | None = None,
              until: datetime | None = None) -> Iterator[RawRow]:
    """Raw rows one by one; takes ``filters`` or the loose keywords of ``selection.iter_args``."""
    if filters is None:
        filters = ExportFilters(outlets=(outlet,) if outlet else (), since=since, until=until,
                                latest_only=latest_only)
    for rows in iter_batches(session, filters):
        yield from rows


# --- raw times -----------------------------------------------------------------------------------
# SQLAlchemy stores SQLite datetimes as "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (UTCDateTime converts
# on the way in); that form is rewritten as text, anything else is parsed.

_ZONES: dict[int, tuple[timedelta, tzinfo, str]] = {}  # offset -> (delta, zone, its ISO suffix)


def _zone(offset_min: int) -> tuple[timedelta, tzinfo, str]:
    known = _ZONES.get(offset_min)
    if known is None:
        delta = timedelta(minutes=offset_min)
        zone = timezone(delta)
        known = _ZONES[offset_min] = (delta, zone, datetime(2000, 1, 1, tzinfo=zone).isoformat()[19:])
    return known


def usual_text(raw: object) -> TypeGuard[str]:
    """Whether ``raw`` is SQLite's usual ``YYYY-MM-DD HH:MM:SS.ffffff`` text."""
    return isinstance(raw, str) and len(raw) == 26 and raw[10] == " " and raw[19] == "."


def utc_datetime(raw: str | datetime) -> datetime:
    """A raw stored time as an aware UTC datetime (what ``UTCDateTime`` reads it as)."""
    value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_iso(raw: str | datetime) -> str:
    """``utc_datetime(raw).isoformat()``, from SQLite's usual text without parsing it."""
    if usual_text(raw):
        fraction = raw[19:]
        return raw[:10] + "T" + raw[11:19] + ("" if fraction == ".000000" else fraction) + "+00:00"
    return utc_datetime(raw).isoformat()


def offset_iso(raw: str | datetime, offset_min: int | None) -> str:
    """``join_instant(utc_datetime(raw), offset_min).isoformat()``: the time in the offset the source wrote."""
    if offset_min is None:
        return utc_iso(raw)
    delta, zone, suffix = _zone(offset_min)
    if usual_text(raw):  # naive UTC text: shift the wall time, then name the offset
        return (datetime.fromisoformat(raw) + delta).isoformat() + suffix
    return utc_datetime(raw).astimezone(zone).isoformat()
