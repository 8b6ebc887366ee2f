"""The edit log: recent new versions across the archive with their kinds (stealth edits, corrections...)."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from sqlalchemy.orm import Session

from archive.web.features import required
from archive.web.filters import ListingFilters

__all__ = ["recent_edits", "edit_kinds"]


def edit_kinds() -> list[str]:
    return list(required("edits", "edit classes").EDIT_KINDS)


def recent_edits(session: Session, filters: ListingFilters, kind: str | None, limit: int) -> list[Any]:
    """Edit entries (archive.edit_log) newest first, by outlet, kind and detection day."""
    log = required("edit_log", "the edit log")
    try:
        return list(log.list_edits(session, since=filters.since_at, until=filters.until_at, outlet=filters.outlet,
                                   kind=kind or None, limit=limit))
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
