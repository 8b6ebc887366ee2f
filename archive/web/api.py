"""The JSON API under /api/: the same data as the pages, described by /api/openapi.json."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request

from archive import queries
from archive.web import storyviews
from archive.web.app import SessionDep
from archive.web.coverageview import coverage_view
from archive.web.editsview import recent_edits
from archive.web.filters import FiltersDep
from archive.web.listing import listing_page
from archive.web.reads import facets
from archive.web.schemas import FacetsOut, ListingPageOut, SummaryOut

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["read"])
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such story or outlet."}}


@router.get("/stories", response_model=ListingPageOut, summary="List or search stories")
def list_stories(*, filters: FiltersDep, page_size: int = Query(20, ge=1, le=200),
                 session: SessionDep) -> dict[str, Any]:
    """Latest version of each story, newest first; with ``q``, full-text search hits, best first."""
    return listing_page(session, filters, page_size).to_dict()


@router.get("/stories/{story_id}", summary="One story in the portal schema", responses=_NOT_FOUND)
def get_story(*, story_id: str, version: int | None = Query(None, ge=1),
              session: SessionDep) -> dict[str, Any]:
    """The story JSON (the same as ``newsarchive show --json``) plus version information."""
    found = queries.get_story(session, story_id, version=version)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}" + (f" with version {version}" if version else ""))
    return {**found.to_dict(), "versions": found.versions, "generator": found.generator,
            "content_hash": found.content_hash}


@router.get("/stories/{story_id}/history", summary="A story's versions and edit classes", responses=_NOT_FOUND)
def get_history(*, story_id: str, session: SessionDep) -> dict[str, Any]:
    """Versions oldest first; each after the first says what kind of edit made it."""
    return storyviews.history_view(session, story_id, None, None, with_diff=False).to_dict()


@router.get("/stories/{story_id}/diff", summary="The difference between two versions", responses=_NOT_FOUND)
def get_diff(*, story_id: str, a: int | None = Query(None, ge=1, description="Older version (default: previous)."),
             b: int | None = Query(None, ge=1, description="Newer version (default: latest)."),
             session: SessionDep) -> dict[str, Any]:
    view = storyviews.history_view(session, story_id, a, b)
    return {"story_id": view.story_id, "a": view.a, "b": view.b, "diff": view.diff}


@router.get("/stories/{story_id}/cluster", summary="The same story at other outlets", responses=_NOT_FOUND)
def get_cluster(*, story_id: str, session: SessionDep) -> dict[str, Any]:
    return storyviews.cluster_view(session, story_id).to_dict()


@router.get("/clusters", summary="Stories carried by several outlets")
def get_clusters(*, min_size: int = Query(2, ge=1), session: SessionDep) -> list[dict[str, Any]]:
    return storyviews.clusters_list(session, min_size)


@router.get("/coverage", summary="A query's stories per day, week or outlet")
def get_coverage(*, q: str = Query(..., min_length=1, description="Full-text query."),
                 by: Literal["day", "week", "outlet"] = Query("day"),
                 session: SessionDep) -> dict[str, Any]:
    view = coverage_view(session, q, kinds=(by,))
    return {"query": q, "by": by, "total": view.total, "rows": [line.to_dict() for line in view.lines[by]]}


@router.get("/edits", summary="Recent edits across the archive")
def get_edits(*, filters: FiltersDep, kind: str | None = Query(None, description="Only versions that made this kind of edit."),
              limit: int = Query(100, ge=1, le=1000), session: SessionDep) -> list[dict[str, Any]]:
    """New versions, newest first, each with its edit kinds; ``outlet``, ``since`` and ``until`` apply."""
    return [entry.to_dict() for entry in recent_edits(session, filters, kind, limit)]


@router.get("/outlets", response_model=SummaryOut, summary="Outlets and archive totals")
def get_outlets(*, session: SessionDep) -> dict[str, Any]:
    return asdict(queries.summary(session))


@router.get("/outlets/{key}", summary="One outlet's crawl health", responses=_NOT_FOUND)
def get_outlet(*, request: Request, key: str, session: SessionDep) -> dict[str, Any]:
    report = request.app.state.outlet_reports.get(session, key, request.app.state.config.sources)
    if report is None:
        raise HTTPException(404, f"no outlet {key!r}")
    return report.to_dict()


@router.get("/facets", response_model=FacetsOut, summary="Values the listing filters accept")
def get_facets(*, session: SessionDep) -> dict[str, Any]:
    found = facets(session)
    return {"outlets": [{"key": k, "name": n} for k, n in found.outlets], "languages": found.languages,
            "sections": found.sections}
