"""Endpoints that change state: off unless a token is configured, and then they require it.

API clients send the token as ``Authorization: Bearer <token>``; the edit form carries it in a
password field (the token doubles as the form's CSRF secret: a foreign page cannot know it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from archive import queries
from archive.db import Archive
from archive.story import DERIVED_FIELDS
from archive.web.editing import CrawlJobs, append_outlet, edit_derived
from archive.web.schemas import ActionOut
from archive.web.security import check_token, token_from_headers
from archive.web.templating import render

__all__ = ["router"]

router = APIRouter(tags=["changes (token required)"])
_AUTH: dict[int | str, dict[str, Any]] = {401: {"description": "Missing or wrong token."}, 403: {"description": "Read-only: no token configured."}}


class DerivedEdit(BaseModel):
    summary: str | None = None
    bullets: list[str] | None = None
    why_this_matters: str | None = None
    what_this_means_for_you: str | None = None
    note: str | None = Field(None, description="Why the editor changed it (kept in the provenance).")


class OutletIn(BaseModel):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str
    home: str
    language: str | None = None
    country: str | None = None
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    frontpages: list[str] = Field(default_factory=list)
    render: str | None = None


class CrawlIn(BaseModel):
    outlets: list[str] = Field(default_factory=list, description="Outlet keys; empty crawls every outlet.")


def _authorise(request: Request, given: str | None = None) -> None:
    check_token(request.app.state.config.token, given if given is not None else token_from_headers(request))


def _archive(request: Request) -> Archive:
    archive: Archive = request.app.state.archive
    return archive


def _save_edit(request: Request, story_id: str, changes: dict[str, Any], note: str | None) -> int:
    with _archive(request).session() as session:
        try:
            return edit_derived(session, story_id, changes, note)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from None
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None


@router.post("/api/stories/{story_id}/derived", response_model=ActionOut, responses=_AUTH,
             summary="Correct a story's derived fields")
def post_derived(request: Request, story_id: str, edit: DerivedEdit) -> dict[str, Any]:
    """Adds a new derivation (generator ``editor``) to the latest version; older ones are kept."""
    _authorise(request)
    changes = {k: v for k, v in edit.model_dump(exclude={"note"}).items() if v is not None}
    if not changes:
        raise HTTPException(400, f"nothing to change: give one of {', '.join(DERIVED_FIELDS)}")
    derivation = _save_edit(request, story_id, changes, edit.note)
    return {"ok": True, "detail": f"updated {', '.join(sorted(changes))}", "data": {"derivation_id": derivation}}


@router.post("/api/outlets", response_model=ActionOut, responses=_AUTH, summary="Add an outlet to the sources file")
def post_outlet(request: Request, outlet: OutletIn) -> dict[str, Any]:
    _authorise(request)
    sources = request.app.state.config.sources
    if sources is None:
        raise HTTPException(409, "no sources file configured: start the server with --sources")
    try:
        key = append_outlet(sources, outlet.model_dump())
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return {"ok": True, "detail": f"added outlet {key!r}", "data": {"key": key}}


def _jobs(request: Request) -> CrawlJobs:
    state = request.app.state
    if not hasattr(state, "crawl_jobs"):
        state.crawl_jobs = CrawlJobs()
    jobs: CrawlJobs = state.crawl_jobs
    return jobs


@router.post("/api/crawl", response_model=ActionOut, status_code=202, responses=_AUTH, summary="Start a crawl")
def post_crawl(request: Request, crawl: CrawlIn) -> dict[str, Any]:
    """Runs `newsarchive crawl` over the sources file in the background; poll /api/crawl/{id}."""
    _authorise(request)
    config = request.app.state.config
    if config.sources is None:
        raise HTTPException(409, "no sources file configured: start the server with --sources")
    job = _jobs(request).start(config.sources, config.database_url, crawl.outlets, config.crawl_args)
    return {"ok": True, "detail": f"crawl {job.id} started", "data": job.to_dict()}


@router.get("/api/crawl/{job_id}", response_model=ActionOut, responses=_AUTH, summary="A crawl's progress")
def get_crawl(request: Request, job_id: str) -> dict[str, Any]:
    _authorise(request)
    job = _jobs(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no crawl {job_id!r}")
    return {"ok": True, "detail": job.to_dict()["state"], "data": job.to_dict()}


@router.get("/story/{story_id}/edit", include_in_schema=False)
def edit_form(request: Request, story_id: str) -> Response:
    if not request.app.state.config.token:
        check_token(None, None)
    with _archive(request).session() as session:
        found = queries.get_story(session, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r} in the archive")
    return render(request, "edit.html", {"found": found})


@router.post("/story/{story_id}/edit", include_in_schema=False)
async def edit_submit(request: Request, story_id: str) -> Response:
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True).items()}
    _authorise(request, form.get("token", ""))
    changes: dict[str, Any] = {name: form[name] for name in DERIVED_FIELDS if name in form and name != "bullets"}
    if "bullets" in form:
        changes["bullets"] = [line for line in form["bullets"].splitlines() if line.strip()]
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(_save_edit, request, story_id, changes, form.get("note") or None)
    return RedirectResponse(f"/story/{story_id}", status_code=303)
