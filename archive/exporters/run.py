"""Run one export by format name and write its manifest: the entry point of `newsarchive export`.

The manifest (``<output>.manifest.json`` beside the file or folder exported) says what was exported and how to check it: format, filters, counts, start and end time,
the archive it came from, and the SHA-256 of every file written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive.exporters.files import ExportResult, atomic_file
from archive.exporters.selection import ExportFilters

__all__ = ["Format", "FORMATS", "run_export", "manifest_path", "MANIFEST_SUFFIX"]

MANIFEST_SUFFIX = ".manifest.json"
Exporter = Callable[..., ExportResult]  # (session, out, *, filters, **options)


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: how to write it, its default output name, and whether that is a folder."""

    name: str
    default_name: str
    folder: bool
    description: str
    exporter: str  # "module:function", imported on use (pyarrow, jinja2, bagit load only when needed)

    def load(self) -> Exporter:
        import importlib

        module, function = self.exporter.split(":")
        exporter: Exporter = getattr(importlib.import_module(module), function)
        return exporter


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("jsonl", "stories.jsonl", False, "one story version per line, with provenance",
           "archive.exporters.jsonl:export_jsonl"),
    Format("csv", "stories.csv", False, "flat table, one row per version", "archive.exporters.csv:export_csv"),
    Format("parquet", "stories.parquet", False, "typed columns, one row per version",
           "archive.exporters.parquet:export_parquet"),
    Format("warc", "stories.warc.gz", False, "raw HTTP captures (WARC 1.1) with metadata records",
           "archive.exporters.warc:export_warc"),
    Format("rss", "stories.rss.xml", False, "RSS 2.0 feed for republishing", "archive.exporters.feeds:export_rss"),
    Format("atom", "stories.atom.xml", False, "Atom feed for republishing", "archive.exporters.feeds:export_atom"),
    Format("html", "site", True, "static site of story pages plus an index", "archive.exporters.html:export_html"),
    Format("bagit", "bag", True, "BagIt bag of jsonl, csv and parquet with a datapackage.json",
           "archive.exporters.bag:export_bag"),
)}


def manifest_path(out: Path) -> Path:
    """Where an export's manifest goes: beside it, so it never changes what it describes."""
    return out.with_name(out.name + MANIFEST_SUFFIX)


def _manifest(fmt: Format, filters: ExportFilters, result: ExportResult, started: datetime,
              finished: datetime, archive_url: str | None) -> dict[str, Any]:
    return {
        "format": fmt.name, "description": fmt.description, "path": str(result.path),
        "filters": filters.describe(), "count": result.count, "counts": {"story_versions": result.count, **result.extra},
        "started_at": started.isoformat(), "finished_at": finished.isoformat(),
        "archive": archive_url, "sha256": result.sha256,
        "files": [{"path": name, "sha256": digest} for name, digest in sorted(result.files.items())],
    }


def run_export(session: Session, fmt_name: str, out: str | os.PathLike[str] | None, filters: ExportFilters, *,
               exports_dir: str | os.PathLike[str] = "exports", archive_url: str | None = None,
               options: dict[str, Any] | None = None) -> tuple[ExportResult, Path]:
    """Export ``filters``' selection as ``fmt_name`` to ``out`` (default: in ``exports_dir``); returns the result and manifest path.

    ``options`` are passed to the format's exporter as keywords (e.g. ``include`` for bagit).
    """
    fmt = FORMATS.get(fmt_name)
    if fmt is None:
        raise ValueError(f"unknown format {fmt_name!r}; available: {', '.join(FORMATS)}")
    target = Path(out) if out is not None else Path(exports_dir) / fmt.default_name
    started = datetime.now(UTC)
    result = fmt.load()(session, target, filters=filters, **(options or {}))
    manifest = _manifest(fmt, filters, result, started, datetime.now(UTC), archive_url)
    path = manifest_path(target)
    with atomic_file(path) as handle:
        handle.write((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return result, path
