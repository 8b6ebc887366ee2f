"""The newsroom web app: browse, search, compare and export the archive in a browser.

``create_app(WebConfig(database_url=...))`` returns a FastAPI app; ``newsarchive serve`` runs it.
"""

from __future__ import annotations

from archive.web.app import create_app
from archive.web.config import TOKEN_ENV, WebConfig

__all__ = ["create_app", "WebConfig", "TOKEN_ENV"]
