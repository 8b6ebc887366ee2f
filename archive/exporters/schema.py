"""The flat, typed columns of the tabular exports (CSV, Parquet), documented in one place.

CSV and Parquet write exactly these columns in this order, and the Frictionless
``datapackage.json`` of a bag describes them from this same list, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from archive.exporters.jsonline import provenance_json
from archive.exporters.selection import ExportRow

__all__ = ["Column", "COLUMNS", "arrow_schema", "row_values", "csv_cell"]


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column: its name, types in each format, meaning, and how to read it off a row."""

    name: str
    arrow: pa.DataType
    table_type: str  # Frictionless Table Schema type of the CSV column
    description: str
    get: Callable[[ExportRow], Any]
    required: bool = False


def _offset(value: datetime | None) -> int | None:
    offset = value.utcoffset() if value is not None else None
    return round(offset.total_seconds() / 60) if offset is not None else None


_TS = pa.timestamp("us", tz="UTC")
_LIST = pa.list_(pa.string())

COLUMNS: tuple[Column, ...] = (
    Column("story_id", pa.string(), "string", "Stable id of the article: first 16 hex digits of SHA-256 of its canonical URL.",
           lambda r: r.story.id, True),
    Column("version", pa.int32(), "integer", "Version number of the article's content, from 1; a new version each time the content changed.",
           lambda r: r.version, True),
    Column("versions", pa.int32(), "integer", "How many versions the article has in the archive.", lambda r: r.versions, True),
    Column("article_id", pa.int64(), "integer", "The archive's internal article id.", lambda r: r.article_id, True),
    Column("canonical_url", pa.string(), "string", "The article's canonical URL (the link to the original).",
           lambda r: r.story.canonical_url, True),
    Column("outlet_key", pa.string(), "string", "Short id of the source outlet.", lambda r: r.story.source.key, True),
    Column("outlet_name", pa.string(), "string", "Display name of the source outlet (for attribution).",
           lambda r: r.story.source.name, True),
    Column("outlet_home_url", pa.string(), "string", "Home page of the source outlet.", lambda r: r.story.source.home_url),
    Column("outlet_country", pa.string(), "string", "ISO 3166-1 country code of the outlet, if known.",
           lambda r: r.story.source.country),
    Column("headline", pa.string(), "string", "The headline.", lambda r: r.story.headline, True),
    Column("summary", pa.string(), "string", "One-paragraph summary (the outlet's own standfirst, else derived).",
           lambda r: r.story.summary),
    Column("bullets", _LIST, "string", "Key points. In CSV: one per line within the cell.", lambda r: list(r.story.bullets)),
    Column("body", _LIST, "string", "Body paragraphs. In CSV: paragraphs separated by a blank line.",
           lambda r: list(r.story.body)),
    Column("why_this_matters", pa.string(), "string", "Why this matters (explainer).", lambda r: r.story.why_this_matters),
    Column("what_this_means_for_you", pa.string(), "string", "What this means for you (explainer).",
           lambda r: r.story.what_this_means_for_you),
    Column("authors", _LIST, "string", "Author names. In CSV: separated by '; '.", lambda r: list(r.story.authors)),
    Column("published_at", _TS, "datetime", "Publication time (UTC).", lambda r: r.story.published_at),
    Column("published_utc_offset_min", pa.int16(), "integer",
           "UTC offset in minutes the outlet gave with the publication time (empty: none given).",
           lambda r: _offset(r.story.published_at)),
    Column("updated_at", _TS, "datetime", "Last update time the outlet gave (UTC).", lambda r: r.story.updated_at),
    Column("updated_utc_offset_min", pa.int16(), "integer", "UTC offset in minutes of the update time.",
           lambda r: _offset(r.story.updated_at)),
    Column("section", pa.string(), "string", "The outlet's section.", lambda r: r.story.section),
    Column("language", pa.string(), "string", "ISO 639-1 language code.", lambda r: r.story.language),
    Column("image_url", pa.string(), "string", "Lead image URL.", lambda r: r.story.image_url),
    Column("captured_at", _TS, "datetime", "When this version was first captured (UTC).", lambda r: r.captured_at, True),
    Column("content_hash", pa.string(), "string", "SHA-256 of the version's content fields.", lambda r: r.content_hash, True),
    Column("generator", pa.string(), "string", "What wrote the derived fields (e.g. extractive-v1, source).",
           lambda r: r.generator),
    Column("provenance", pa.string(), "string", "JSON object: for each field, how it was made (method, version, signal, sentences).",
           provenance_json),
    Column("capture_id", pa.int64(), "integer", "The archive's id of the capture that first saw this version.",
           lambda r: r.capture.id, True),
    Column("fetched_url", pa.string(), "string", "URL the capture's response came from (after redirects).",
           lambda r: r.capture.final_url, True),
    Column("requested_url", pa.string(), "string", "URL the crawler asked for.", lambda r: r.capture.requested_url),
    Column("fetched_at", _TS, "datetime", "When the capture was fetched (UTC).", lambda r: r.capture.fetched_at, True),
    Column("http_status", pa.int16(), "integer", "HTTP status of the capture.", lambda r: r.capture.status),
    Column("fetch_method", pa.string(), "string", "http or browser.", lambda r: r.capture.fetch_method),
    Column("discovered_via", pa.string(), "string", "How the URL was found: feeds, sitemaps, frontpages, import...",
           lambda r: r.capture.discovered_via),
    Column("body_sha256", pa.string(), "string", "SHA-256 of the raw response body (the WARC payload).",
           lambda r: r.capture.blob_sha256),
)


def arrow_schema() -> pa.Schema:
    """The Parquet schema, with each column's description kept as field metadata."""
    return pa.schema([pa.field(c.name, c.arrow, nullable=not c.required,
                               metadata={"description": c.description}) for c in COLUMNS])


def row_values(row: ExportRow) -> list[Any]:
    return [column.get(row) for column in COLUMNS]


_JOINERS = {"bullets": "\n", "body": "\n\n", "authors": "; "}


def csv_cell(name: str, value: Any) -> str:
    """A value as CSV text: lists joined (see the column's description), times in ISO 8601 UTC."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _JOINERS[name].join(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)

