"""The story filters search and coverage share (outlet, language, dates, section), as SQL conditions.

Both read ``search_docs`` (one row per article, its latest version), so a filter means exactly
the same in a search, a coverage count and the front page's search box.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from archive.models import SearchDoc, Source

__all__ = ["StoryFilters", "language_matches", "section_matches"]


def language_matches(column: Any, language: str) -> ColumnElement[bool]:
    """``column`` holds ``language`` or a regional form of it ("en" takes "en-GB"), any case."""
    lang = language.lower()
    lowered: Any = func.lower(column)
    # substr, not LIKE: the user's text is compared, never read as a pattern.
    return or_(lowered == lang, func.substr(lowered, 1, len(lang) + 1) == lang + "-")


def section_matches(column: Any, section: str) -> ColumnElement[bool]:
    """``column`` holds ``section``, any case ("Politics" and "politics" are one section)."""
    return func.lower(column) == section.lower()


@dataclass(frozen=True, slots=True)
class StoryFilters:
    """Which stories count. Empty fields select everything; ``since`` is inclusive, ``until``
    exclusive, both on the story's time (published, else first seen; naive datetimes are UTC).
    ``language`` "en" also takes regional tags such as "en-GB"; language and section ignore case."""

    outlet: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    section: str | None = None

    def conditions(self, session: Session) -> list[ColumnElement[bool]] | None:
        """WHERE conditions on ``SearchDoc`` columns; None when no story can pass (an outlet the
        archive does not know).

        The outlet is looked up once here, so the conditions read only the covering index of
        ``search_docs`` (never the ``sources`` table, nor the wide rows that hold the text).
        """
        out: list[ColumnElement[bool]] = []
        if self.outlet:
            source_id = session.scalar(select(Source.id).where(Source.key == self.outlet))
            if source_id is None:
                return None
            out.append(SearchDoc.source_id == source_id)
        if self.language:
            out.append(language_matches(SearchDoc.language, self.language))
        if self.since is not None:
            out.append(SearchDoc.story_time >= self.since)
        if self.until is not None:
            out.append(SearchDoc.story_time < self.until)
        if self.section:
            out.append(section_matches(SearchDoc.section, self.section))
        return out
