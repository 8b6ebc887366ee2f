"""Downloads: any listing as JSONL, CSV, Parquet or RSS, with the listing's filters.

The files are written by the archive's exporters (archive.exporters.<format>) into a temporary
folder and streamed back; the folder goes once the response is sent.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from archive.web.app import SessionDep
from archive.web.features import optional
from archive.web.filters import FiltersDep, ListingFilters

__all__ = ["router", "EXPORT_FORMATS", "MEDIA_TYPES", "export_filters"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "rss", "atom")
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet", "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
_SUFFIX = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "rss": "rss.xml", "atom": "atom.xml"}

router = APIRouter(tags=["exports"])


def export_filters(filters: ListingFilters, all_versions: bool = False, cluster: str | None = None) -> object:
    """The exporters' ExportFilters for a listing's filters: the download holds what the listing shows."""
    from archive.exporters.selection import ExportFilters

    values: dict[str, Any] = {
        "outlets": (filters.outlet,) if filters.outlet else (), "language": filters.language,
        "section": filters.section, "since": filters.since_at, "until": filters.until_at, "query": filters.q,
        "latest_only": not all_versions, "cluster": cluster or None,
    }
    fields = {f.name for f in dataclasses.fields(ExportFilters)}
    missing = [name for name, value in values.items() if value and name not in fields]
    if missing:  # an exporters package older than this app
        raise HTTPException(400, f"exports cannot filter by {', '.join(missing)} in this install; remove that filter")
    return ExportFilters(**{k: v for k, v in values.items() if k in fields})


def _writer(fmt: str) -> object:
    """The exporter function of a format, from the exporters' registry (archive.exporters.run)."""
    registry = optional("exporters.run")
    known = getattr(registry, "FORMATS", {}) if registry else {}
    if fmt in known:
        return known[fmt].load()
    module = optional(f"exporters.{fmt}")
    writer = getattr(module, f"export_{fmt}", None) if module else None
    if writer is None:
        raise HTTPException(501, f"{fmt} export is not available in this version of newsarchive")
    return writer


def _download(session: Session, fmt: str, filters: ListingFilters, all_versions: bool,
              cluster: str | None) -> FileResponse:
    if fmt not in EXPORT_FORMATS:
        raise HTTPException(404, f"unknown export format {fmt!r}; available: {', '.join(EXPORT_FORMATS)}")
    writer = _writer(fmt)
    chosen = export_filters(filters, all_versions, cluster)
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-web-"))
    target = folder / f"stories.{_SUFFIX[fmt]}"
    try:
        writer(session, target, filters=chosen)  # type: ignore[operator]
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(target, media_type=MEDIA_TYPES[fmt], filename=target.name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


@router.get("/api/export/{fmt}", summary="Download a listing", response_class=FileResponse,
            responses={200: {"description": "The export file.",
                             "content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()}}})
def api_export(*, request: Request,
               fmt: str = PathParam(..., description="jsonl, csv, parquet, rss or atom"),
               filters: FiltersDep,
               all_versions: bool = Query(False, description="Every version, not only the latest."),
               cluster: str | None = Query(None, description="Only this cluster (its id, or a member's story id)."),
               session: SessionDep) -> FileResponse:
    """The stories a listing with these filters shows (all pages), as one file."""
    return _download(session, fmt, filters, all_versions, cluster)


@router.get("/export/{fmt}", include_in_schema=False)
def page_export(*, request: Request, fmt: str, filters: FiltersDep,
                all_versions: bool = Query(False), cluster: str | None = Query(None),
                session: SessionDep) -> FileResponse:
    return _download(session, fmt, filters, all_versions, cluster)
