"""A Frictionless Data Package descriptor (``datapackage.json``) for the files in an export bag.

Every file gets a resource with its size and SHA-256; tabular ones (CSV, Parquet) and the JSON
Lines file get a schema describing every field, so a reader needs no other documentation.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from archive.exporters.schema import COLUMNS, Column
from archive.exporters.selection import ExportFilters

__all__ = ["datapackage", "JSONL_FIELDS"]

#: The top-level keys of a JSON Lines story, with their Table Schema types.
JSONL_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("id", "string", "Stable story id: first 16 hex digits of SHA-256 of the canonical URL."),
    ("canonical_url", "string", "The article's canonical URL (the link to the original)."),
    ("source", "object", "The outlet: {key, name, home_url, country}."),
    ("headline", "string", "The headline."),
    ("summary", "string", "One-paragraph summary (the outlet's own standfirst, else derived)."),
    ("bullets", "array", "Key points, as a list of strings."),
    ("body", "array", "Body paragraphs, as a list of strings."),
    ("why_this_matters", "string", "Why this matters (explainer)."),
    ("what_this_means_for_you", "string", "What this means for you (explainer)."),
    ("authors", "array", "Author names."),
    ("published_at", "datetime", "Publication time, ISO 8601 with the offset the outlet gave."),
    ("updated_at", "datetime", "Last update time the outlet gave, ISO 8601 with its offset."),
    ("section", "string", "The outlet's section."),
    ("language", "string", "ISO 639-1 language code."),
    ("image_url", "string", "Lead image URL."),
    ("provenance", "object", "For each field, how it was made: {method, version, signal, sentences, note}."),
    ("version", "integer", "Version number of the article's content, from 1."),
    ("versions", "integer", "How many versions the article has in the archive."),
    ("captured_at", "datetime", "When this version was first captured (UTC)."),
    ("article_id", "integer", "The archive's internal article id."),
    ("content_hash", "string", "SHA-256 of the version's content fields."),
    ("generator", "string", "What wrote the derived fields (e.g. extractive-v1, source)."),
    ("capture", "object", "The capture that first saw this version: {capture_id, requested_url, final_url, "
                          "status, fetched_at, fetch_method, discovered_via, body_sha256}."),
)

_MEDIA = {
    "jsonl": ("jsonl", "application/x-ndjson"), "csv": ("csv", "text/csv"),
    "parquet": ("parquet", "application/vnd.apache.parquet"), "warc": ("warc", "application/warc"),
    "rss": ("xml", "application/rss+xml"), "atom": ("xml", "application/atom+xml"), "html": ("html", "text/html"),
}


def _table_type(column: Column, tabular_lists: bool) -> str:
    if pa.types.is_list(column.arrow):
        return "array" if tabular_lists else "string"
    return column.table_type


def _schema(columns: tuple[Column, ...], lists_native: bool) -> dict[str, Any]:
    fields = []
    for column in columns:
        field: dict[str, Any] = {"name": column.name, "type": _table_type(column, lists_native),
                                 "description": column.description}
        if column.required:
            field["constraints"] = {"required": True}
        fields.append(field)
    return {"fields": fields, "primaryKey": ["story_id", "version"]}


def _resource(fmt: str, path: str, size: int, digest: str) -> dict[str, Any]:
    file_format, media = _MEDIA[fmt]
    resource: dict[str, Any] = {"name": f"stories-{fmt}", "path": path, "format": file_format, "mediatype": media,
                                "bytes": size, "hash": f"sha256:{digest}"}
    if fmt == "csv":
        resource.update(profile="tabular-data-resource", encoding="utf-8",
                        dialect={"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
                                 "lineTerminator": "\r\n"},
                        schema=_schema(COLUMNS, lists_native=False))
    elif fmt == "parquet":
        resource.update(profile="tabular-data-resource", schema=_schema(COLUMNS, lists_native=True))
    elif fmt == "jsonl":
        resource.update(encoding="utf-8", schema={
            "fields": [{"name": n, "type": t, "description": d} for n, t, d in JSONL_FIELDS],
            "primaryKey": ["id", "version"]})
    return resource


def datapackage(files: dict[str, tuple[str, Path]], digests: dict[str, str], filters: ExportFilters,
                created: datetime) -> dict[str, Any]:
    """The descriptor for ``files`` ({relative path: (format, absolute path)}) with their SHA-256 ``digests``."""
    resources = [_resource(fmt, rel, path.stat().st_size, digests[rel]) for rel, (fmt, path) in sorted(files.items())]
    return {
        "profile": "data-package",
        "name": "newsarchive-stories",
        "title": "Stories from a newsarchive",
        "description": ("Archived news stories with their versions and provenance. Filters: "
                        f"{json.dumps(filters.describe(), sort_keys=True)}. Copyright in each story stays with its source outlet."),
        "created": created.isoformat(),
        "keywords": ["news", "web archive", "versions"],
        "resources": resources,
    }
