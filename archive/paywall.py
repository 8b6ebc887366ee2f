"""How many of an outlet's captures were paywalled or cut short (the capture flags of archive.volatile)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Capture, CaptureFlag

__all__ = ["paywalled_captures", "partial_captures"]


def paywalled_captures(session: Session, source_id: int) -> int:
    """Captures of this outlet whose page was a paywall teaser."""
    return partial_captures(session, source_id, flags=("paywalled",))


def partial_captures(session: Session, source_id: int, flags: tuple[str, ...] = ("paywalled", "truncated")) -> int:
    stmt = (select(func.count()).select_from(CaptureFlag)
            .join(Capture, Capture.id == CaptureFlag.capture_id)
            .where(Capture.source_id == source_id, CaptureFlag.flag.in_(flags)))
    return int(session.scalar(stmt) or 0)
