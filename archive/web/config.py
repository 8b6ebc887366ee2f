"""The web app's settings: which archive, the write token, and limits (one typed object)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["WebConfig", "TOKEN_ENV"]

#: Environment variable holding the token that unlocks state-changing endpoints.
TOKEN_ENV = "NEWSARCHIVE_WEB_TOKEN"


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What ``create_app`` needs.

    ``token`` None means read-only: every endpoint that changes state answers 403. ``sources``
    is the outlets file that "add outlet" appends to and "crawl" reads; without it those two
    actions are unavailable. ``crawl_args`` are extra arguments for the crawl command (tests use
    them to pass the local fixture web's settings).
    """

    database_url: str
    token: str | None = None
    sources: Path | None = None
    page_size: int = 20
    stats_ttl_s: float = 60.0  # outlet health figures are re-read at most this often
    crawl_args: tuple[str, ...] = field(default_factory=tuple)
