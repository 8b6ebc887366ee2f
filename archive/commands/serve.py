"""`newsarchive serve`: the newsroom web app over the archive (read-only unless given a token)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Annotated

import typer

from archive.cli import DbOption, app, console, fail, friendly_errors
from archive.settings import load_settings
from archive.web.config import TOKEN_ENV


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar=TOKEN_ENV, show_envvar=True,
                                              help="Allow changes (edits, outlets, crawls) to clients sending this token.")] = None,
    sources: Annotated[Path | None, typer.Option(help="Sources file that 'add outlet' and 'crawl' use.")] = None,
) -> None:
    """Serve the archive in a browser: stories, search, history, clusters, coverage, exports, API."""
    try:
        import uvicorn

        from archive.web import WebConfig, create_app
    except ImportError as exc:
        fail(f"the web app needs FastAPI and uvicorn ({exc.name} is missing): pip install 'newsarchive[web]'")
    with friendly_errors():
        settings = load_settings(database_url=db)
        web = create_app(WebConfig(database_url=settings.database_url, token=token or None, sources=sources))
    # The app, its modules and their tables live as long as the server: out of the collector's sight,
    # its full passes take milliseconds instead of stalling a request for ~100 ms every few pages.
    gc.collect()
    gc.freeze()
    mode = "changes allowed with the token" if token else "read-only"
    console.print(f"serving {settings.redacted_database_url} on http://{host}:{port}/ ({mode})")
    uvicorn.run(web, host=host, port=port, log_level="warning")
