"""The app factory: one FastAPI app serving the newsroom pages, the JSON API and downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from archive.db import Archive, open_archive
from archive.web.config import WebConfig
from archive.web.outlets import ReportCache
from archive.web.security import SecurityHeaders
from archive.web.templating import render, templates

__all__ = ["create_app", "get_session", "SessionDep"]

STATIC_DIR = Path(__file__).parent / "static"


def get_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: one read transaction per request."""
    archive: Archive = request.app.state.archive
    with archive.session() as session:
        yield session


#: A route parameter that receives the request's read session.
SessionDep = Annotated[Session, Depends(get_session)]


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error_response(request: Request, status: int, detail: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return render(request, "error.html", {"status": status, "detail": detail}, status_code=status)


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = _error_response(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        parts = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return _error_response(request, 422, parts)


def create_app(config: WebConfig, archive: Archive | None = None) -> FastAPI:
    """Build the app over ``config.database_url`` (or an archive already opened by the caller).

    The archive is opened (and migrated) here, once; the caller that passes its own archive keeps
    ownership of it.
    """
    from archive.web import actions, api, exports, pages  # late: they import this module

    app = FastAPI(title="newsarchive", version="1", summary="Read a versioned news archive.",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.config = config
    app.state.archive = archive or open_archive(config.database_url)
    app.state.templates = templates()
    app.state.outlet_reports = ReportCache(config.stats_ttl_s)
    app.add_middleware(SecurityHeaders)
    _install_error_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(actions.router)
    app.include_router(exports.router)
    app.include_router(pages.router)
    return app
