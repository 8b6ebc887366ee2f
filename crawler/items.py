"""The item a spider yields: one fetched (or failed) article URL, before extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["FetchedPage"]


@dataclass(slots=True)
class FetchedPage:
    """Raw result of fetching one article URL.

    Plain data only (picklable), because extraction runs in worker processes; the pipelines turn
    it into an ``archive.capture.Capture``.
    """

    outlet_key: str
    requested_url: str
    final_url: str
    status: int | None
    fetched_at: datetime
    discovered_via: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    request_headers: dict[str, str] = field(default_factory=dict)
    fetch_method: str = "http"
    error_kind: str | None = None
    error_detail: str | None = None
