"""The HTML pages: front page, story, history, cluster, coverage and outlets (server-rendered)."""

from __future__ import annotations

import time

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from archive import queries
from archive.web import storyviews
from archive.web.app import SessionDep
from archive.web.coverageview import coverage_view
from archive.web.editsview import edit_kinds, recent_edits
from archive.web.exports import EXPORT_FORMATS
from archive.web.filters import FiltersDep
from archive.web.listing import listing_page
from archive.web.reads import Facets, facets
from archive.web.templating import render

__all__ = ["router", "cached_facets"]

router = APIRouter(include_in_schema=False)
_FACETS_TTL_S = 60.0
_EDITS_SHOWN = 200


def cached_facets(request: Request, session: Session) -> Facets:
    """The filter form's choices, recomputed at most once a minute (they scan the archive)."""
    state = request.app.state
    cached = getattr(state, "facets", None)
    if cached is None or time.monotonic() - cached[0] > _FACETS_TTL_S:
        cached = (time.monotonic(), facets(session))
        state.facets = cached
    return cached[1]


@router.get("/")
def index(*, request: Request, filters: FiltersDep,
          session: SessionDep) -> Response:
    page = listing_page(session, filters, request.app.state.config.page_size)
    return render(request, "index.html", {"filters": filters, "listing": page,
                                          "facets": cached_facets(request, session),
                                          "export_formats": EXPORT_FORMATS})


@router.get("/story/{story_id}")
def story(*, request: Request, story_id: str, version: int | None = Query(None, ge=1),
          session: SessionDep) -> Response:
    found = queries.get_story(session, story_id, version=version)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r} in the archive" + (f" with version {version}" if version else ""))
    return render(request, "story.html", {"found": found})


@router.get("/story/{story_id}/history")
def history(*, request: Request, story_id: str, a: int | None = Query(None, ge=1), b: int | None = Query(None, ge=1),
            session: SessionDep) -> Response:
    view = storyviews.history_view(session, story_id, a, b)
    return render(request, "history.html", {"view": view, "story_id": view.story_id})


@router.get("/story/{story_id}/cluster")
def cluster(*, request: Request, story_id: str, session: SessionDep) -> Response:
    view = storyviews.cluster_view(session, story_id)
    return render(request, "cluster.html", {"view": view, "story_id": view.story_id})


@router.get("/coverage")
def coverage(*, request: Request, q: str | None = Query(None), session: SessionDep) -> Response:
    view = coverage_view(session, q) if q and q.strip() else None
    return render(request, "coverage.html", {"q": q or "", "view": view})


@router.get("/edits")
def edits(*, request: Request, filters: FiltersDep, kind: str | None = Query(None), session: SessionDep) -> Response:
    entries = recent_edits(session, filters, kind, _EDITS_SHOWN)
    return render(request, "edits.html", {"entries": entries, "filters": filters, "kind": kind or "",
                                          "kinds": edit_kinds(), "facets": cached_facets(request, session)})


@router.get("/outlets")
def outlet_list(*, request: Request, session: SessionDep) -> Response:
    return render(request, "outlets.html", {"summary": queries.summary(session)})


@router.get("/outlets/{key}")
def outlet(*, request: Request, key: str, session: SessionDep) -> Response:
    report = request.app.state.outlet_reports.get(session, key, request.app.state.config.sources)
    if report is None:
        raise HTTPException(404, f"no outlet {key!r} in the archive")
    return render(request, "outlet.html", {"report": report})
