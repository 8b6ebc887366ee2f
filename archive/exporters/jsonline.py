"""Write one JSON Lines record straight from a row's columns, fast.

A JSON Lines export of a large archive spends its time per row, so the record is assembled as
text: the list fields are copied as the JSON the archive stored, strings go through the C string
encoder ``json.dumps`` uses, times are rewritten from their stored text, and the per-field
provenance and the outlet (which repeat a lot across stories) are encoded once per distinct
stored value. The result parses to exactly ``ExportRow.to_dict()`` (a test holds the two together).
"""

from __future__ import annotations

import json
from typing import Any

from archive.exporters.selection import COLUMN_INDEX, ExportRow, json_text, provenance_entry
from archive.exporters.stream import offset_iso, utc_iso

__all__ = ["json_line", "record_line", "record_parts", "provenance_json", "provenance_text", "source_text"]

_encode = json.encoder.encode_basestring  # json's C string encoder
_COL = COLUMN_INDEX
(_STORY_ID, _CANONICAL_URL, _HEADLINE, _SUMMARY, _BULLETS, _BODY, _WHY, _WHAT, _AUTHORS, _PUBLISHED_AT,
 _PUBLISHED_OFFSET, _UPDATED_AT, _UPDATED_OFFSET, _SECTION, _LANGUAGE, _IMAGE_URL, _SOURCE_FIELDS,
 _DERIVED_PROVENANCE, _NUMBER, _VERSIONS, _CAPTURED_AT, _ARTICLE_ID, _CONTENT_HASH, _GENERATOR, _CAPTURE_ID,
 _REQUESTED_URL, _FINAL_URL, _STATUS, _FETCHED_AT, _FETCH_METHOD, _DISCOVERED_VIA, _BLOB, _SOURCE_ID,
 _SOURCE_KEY, _SOURCE_NAME, _SOURCE_HOME, _SOURCE_COUNTRY) = (
    _COL[name] for name in (
        "story_id", "canonical_url", "headline", "summary", "bullets", "body", "why", "what", "authors",
        "published_at", "published_offset", "updated_at", "updated_offset", "section", "language", "image_url",
        "source_fields", "derived_provenance", "number", "versions", "captured_at", "article_id",
        "content_hash", "generator", "capture_id", "requested_url", "final_url", "status", "fetched_at",
        "fetch_method", "discovered_via", "blob_sha256", "source_id", "source_key", "source_name",
        "source_home", "source_country"))

_PROVENANCE: dict[tuple[str | None, str | None], str] = {}
_PROVENANCE_LIMIT = 20_000  # distinct stored values remembered; the cache starts over beyond that


def _string(value: str | None) -> str:
    return "null" if value is None else _encode(value)


def _instant(value: Any, offset_min: int | None) -> str:
    """A stored UTC instant in the offset the source wrote, as ``join_instant(...).isoformat()``."""
    return "null" if value is None else '"' + offset_iso(value, offset_min) + '"'


def provenance_text(stored_fields: str | None, derived: str | None) -> str:
    """Per-field provenance as JSON text, from the stored page provenance and (if any) the derived one."""
    key = (stored_fields, derived)
    cached = _PROVENANCE.get(key)
    if cached is None:
        merged = dict(json.loads(stored_fields or "{}").get("provenance", {}))
        if derived is not None:
            merged.update(json.loads(derived))
        cached = json.dumps({k: provenance_entry(v) for k, v in merged.items()}, ensure_ascii=False)
        if len(_PROVENANCE) >= _PROVENANCE_LIMIT:
            _PROVENANCE.clear()
        _PROVENANCE[key] = cached
    return cached


def provenance_json(row: ExportRow) -> str:
    """The row's per-field provenance as JSON text (what the ``provenance`` key of its record holds)."""
    v = row.values
    return provenance_text(v[_SOURCE_FIELDS], v[_DERIVED_PROVENANCE] if v[_GENERATOR] is not None else None)


def source_text(values: Any, cache: dict[int, str]) -> str:
    """The outlet of a row as JSON text (``asdict(SourceRef)``), encoded once per outlet in ``cache``."""
    text = cache.get(values[_SOURCE_ID])
    if text is None:
        text = cache[values[_SOURCE_ID]] = json.dumps(
            {"key": values[_SOURCE_KEY], "name": values[_SOURCE_NAME], "home_url": values[_SOURCE_HOME],
             "country": values[_SOURCE_COUNTRY]}, ensure_ascii=False)
    return text


def record_parts(v: Any, source: str) -> tuple[str, ...]:
    """The JSON Lines record of the columns ``v`` (times raw or read) in pieces, newline last.

    ``source`` is the outlet's JSON (``source_text``). A writer joins the pieces of many records
    at once, so each record's text is copied once, not once per line and again per batch.
    """
    derived = v[_GENERATOR] is not None
    status = v[_STATUS]
    return (
        '{"id": ', _encode(v[_STORY_ID]), ', "canonical_url": ', _encode(v[_CANONICAL_URL]),
        ', "source": ', source, ', "headline": ', _encode(v[_HEADLINE]),
        ', "summary": ', _encode(v[_SUMMARY] if derived else ""),
        ', "bullets": ', json_text(v[_BULLETS]) if derived else "[]",
        ', "body": ', json_text(v[_BODY]),
        ', "why_this_matters": ', _encode(v[_WHY] if derived else ""),
        ', "what_this_means_for_you": ', _encode(v[_WHAT] if derived else ""),
        ', "authors": ', json_text(v[_AUTHORS]),
        ', "published_at": ', _instant(v[_PUBLISHED_AT], v[_PUBLISHED_OFFSET]),
        ', "updated_at": ', _instant(v[_UPDATED_AT], v[_UPDATED_OFFSET]),
        ', "section": ', _string(v[_SECTION]), ', "language": ', _string(v[_LANGUAGE]),
        ', "image_url": ', _string(v[_IMAGE_URL]),
        ', "provenance": ', provenance_text(v[_SOURCE_FIELDS], v[_DERIVED_PROVENANCE] if derived else None),
        ', "version": ', str(v[_NUMBER]), ', "versions": ', str(v[_VERSIONS]),
        ', "captured_at": "', utc_iso(v[_CAPTURED_AT]), '", "article_id": ', str(v[_ARTICLE_ID]),
        ', "content_hash": ', _encode(v[_CONTENT_HASH]), ', "generator": ', _string(v[_GENERATOR]),
        ', "capture": {"capture_id": ', str(v[_CAPTURE_ID]), ', "requested_url": ', _encode(v[_REQUESTED_URL]),
        ', "final_url": ', _encode(v[_FINAL_URL]), ', "status": ', "null" if status is None else str(status),
        ', "fetched_at": "', utc_iso(v[_FETCHED_AT]), '", "fetch_method": ', _encode(v[_FETCH_METHOD]),
        ', "discovered_via": ', _string(v[_DISCOVERED_VIA]), ', "body_sha256": ', _string(v[_BLOB]), "}}\n",
    )


def record_line(v: Any, source: str) -> str:
    """The JSON Lines record (no newline) of the columns ``v``; see ``record_parts``."""
    return "".join(record_parts(v, source))[:-1]


def json_line(row: ExportRow) -> str:
    """The JSON Lines record of ``row`` (no newline): story JSON, version, times, ids and capture."""
    return record_line(row.values, row.source_json)
