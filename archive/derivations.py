"""Record a new derivation (summary, bullets, explainers) of a stored version, never rewriting text."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Derivation
from archive.research import after_new_derivation
from archive.rows import derivation_columns, same_derivation
from archive.story import Story

__all__ = ["record_derivation"]


def record_derivation(session: Session, article_id: int, version_id: int, story: Story) -> bool:
    """Add ``story``'s derived fields as the version's newest derivation; False when identical to it."""
    latest = session.scalars(
        select(Derivation).where(Derivation.version_id == version_id).order_by(Derivation.id.desc()).limit(1)
    ).first()
    if same_derivation(latest, story):
        return False
    session.add(Derivation(version_id=version_id, created_at=datetime.now(UTC), **derivation_columns(story)))
    session.flush()
    after_new_derivation(session, article_id, version_id, story.summary)
    return True
