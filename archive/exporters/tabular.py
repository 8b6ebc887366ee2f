"""The columns of ``schema.COLUMNS`` for a batch of raw rows, built column by column for CSV and Parquet.

``Column.get`` reads one value off one ``ExportRow`` (building its ``Story``); a table export
would do that millions of times. Here each column of a whole batch is made in one pass over the
transposed rows instead, with the same values (a test holds every column to ``Column.get``):
list columns are decoded once, and times stay as stored so each format converts them its own
fast way (``csv_time``, ``arrow_column``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from archive.exporters.jsonline import provenance_text
from archive.exporters.schema import COLUMNS, Column
from archive.exporters.selection import COLUMN_INDEX
from archive.exporters.stream import RawRow, usual_text, utc_datetime, utc_iso
from archive.story import story_id_for

__all__ = ["batch_columns", "iter_columns", "is_list", "is_time", "csv_time", "arrow_column"]

Columns = list[tuple[Any, ...]]  # the raw rows transposed: one tuple per ``COLUMN_INDEX`` position
_I = COLUMN_INDEX
_GENERATOR = _I["generator"]


def _stored(name: str) -> Callable[[Columns], Sequence[Any]]:
    index = _I[name]
    return lambda cols: cols[index]


def _derived_text(name: str) -> Callable[[Columns], Sequence[Any]]:
    """A derived text field; empty when the version has no derivation (as ``ExportRow.story`` reads it)."""
    index = _I[name]
    return lambda cols: [text if generator is not None else ""
                         for text, generator in zip(cols[index], cols[_GENERATOR], strict=True)]


def _stored_list(name: str) -> Callable[[Columns], Sequence[Any]]:
    index = _I[name]
    return lambda cols: [json.loads(text) if text is not None else [] for text in cols[index]]


def _bullets(cols: Columns) -> list[list[Any]]:
    return [json.loads(text or "[]") if generator is not None else []
            for text, generator in zip(cols[_I["bullets"]], cols[_GENERATOR], strict=True)]


def _offset(time_name: str, offset_name: str) -> Callable[[Columns], Sequence[Any]]:
    """The source's UTC offset in minutes: 0 for a time given without one, empty with no time."""
    times, offsets = _I[time_name], _I[offset_name]
    return lambda cols: [None if at is None else (offset if offset is not None else 0)
                         for at, offset in zip(cols[times], cols[offsets], strict=True)]


def _provenance(cols: Columns) -> list[str]:
    pages, derived, generators = cols[_I["source_fields"]], cols[_I["derived_provenance"]], cols[_GENERATOR]
    return [provenance_text(page, own if generator is not None else None)
            for page, own, generator in zip(pages, derived, generators, strict=True)]


_BUILDERS: dict[str, Callable[[Columns], Sequence[Any]]] = {
    "story_id": lambda cols: [story_id_for(url) for url in cols[_I["canonical_url"]]],
    "version": _stored("number"), "versions": _stored("versions"), "article_id": _stored("article_id"),
    "canonical_url": _stored("canonical_url"), "outlet_key": _stored("source_key"),
    "outlet_name": _stored("source_name"), "outlet_home_url": _stored("source_home"),
    "outlet_country": _stored("source_country"), "headline": _stored("headline"),
    "summary": _derived_text("summary"), "bullets": _bullets, "body": _stored_list("body"),
    "why_this_matters": _derived_text("why"), "what_this_means_for_you": _derived_text("what"),
    "authors": _stored_list("authors"), "published_at": _stored("published_at"),
    "published_utc_offset_min": _offset("published_at", "published_offset"),
    "updated_at": _stored("updated_at"), "updated_utc_offset_min": _offset("updated_at", "updated_offset"),
    "section": _stored("section"), "language": _stored("language"), "image_url": _stored("image_url"),
    "captured_at": _stored("captured_at"), "content_hash": _stored("content_hash"),
    "generator": _stored("generator"), "provenance": _provenance, "capture_id": _stored("capture_id"),
    "fetched_url": _stored("final_url"), "requested_url": _stored("requested_url"),
    "fetched_at": _stored("fetched_at"), "http_status": _stored("status"),
    "fetch_method": _stored("fetch_method"), "discovered_via": _stored("discovered_via"),
    "body_sha256": _stored("blob_sha256"),
}
if set(_BUILDERS) != {c.name for c in COLUMNS}:  # a column added to the schema needs its builder here
    differ = sorted(set(_BUILDERS) ^ {c.name for c in COLUMNS})
    raise RuntimeError(f"tabular._BUILDERS and schema.COLUMNS disagree on {differ}: give each column a builder")


def is_list(column: Column) -> bool:
    return bool(pa.types.is_list(column.arrow))


def is_time(column: Column) -> bool:
    return bool(pa.types.is_timestamp(column.arrow))


def iter_columns(rows: Sequence[RawRow]) -> Iterator[Sequence[Any]]:
    """The values of each column of ``schema.COLUMNS`` in turn (in order) for ``rows``.

    Each is what ``Column.get`` gives, row by row, except that time columns hold the stored
    UTC times raw (see ``stream``): convert them with ``csv_time`` or ``arrow_column``. One
    column is made at a time, so a caller that converts and drops each holds only that one.
    """
    cols: Columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMN_INDEX)
    for column in COLUMNS:
        yield _BUILDERS[column.name](cols)


def batch_columns(rows: Sequence[RawRow]) -> list[Sequence[Any]]:
    """Every column of ``iter_columns`` at once."""
    return list(iter_columns(rows))


def csv_time(raw: Any) -> str | None:
    """A raw stored time as CSV shows it: ISO 8601 in UTC with a ``Z``."""
    return None if raw is None else utc_iso(raw)[:-6] + "Z"




def arrow_column(column: Column, values: Sequence[Any]) -> pa.Array:
    """One column of ``iter_columns`` as an Arrow array of the column's type."""
    if is_time(column):
        if all(v is None or usual_text(v) for v in values):
            # SQLite's text, parsed in C as fromisoformat reads it; the naive UTC values only gain the zone.
            return pa.array(values, pa.string()).cast(pa.timestamp("us")).cast(column.arrow)
        return pa.array([None if v is None else utc_datetime(v) for v in values], column.arrow)
    if is_list(column):  # flat values plus offsets: far faster than converting nested Python lists
        offsets = [0]
        flat: list[str] = []
        for items in values:
            flat.extend(items)
            offsets.append(len(flat))
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(flat, pa.string()),
                                        type=column.arrow)
    return pa.array(values, column.arrow)
