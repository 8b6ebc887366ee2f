"""The filters every listing shares (front page, API, exports), parsed once from the query string."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Query

__all__ = ["ListingFilters", "listing_filters", "parse_day", "FiltersDep"]

_MAX_PAGE = 10_000


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD date from a form field; a 400 naming the field when it is not one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise HTTPException(400, f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class ListingFilters:
    """What a reader asked for. ``until`` is inclusive: the whole of that day counts."""

    q: str | None = None
    outlet: str | None = None
    language: str | None = None
    section: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1

    @property
    def since_at(self) -> datetime | None:
        return datetime.combine(self.since, time(), UTC) if self.since else None

    @property
    def until_at(self) -> datetime | None:
        """The exclusive instant the archive's queries take: midnight after ``until``."""
        return datetime.combine(self.until + timedelta(days=1), time(), UTC) if self.until else None

    def params(self, *, page: int | None = None, with_page: bool = True) -> dict[str, str]:
        """The non-empty filters as query parameters (to build links that keep them)."""
        out = {"q": self.q, "outlet": self.outlet, "language": self.language, "section": self.section,
               "since": self.since.isoformat() if self.since else None,
               "until": self.until.isoformat() if self.until else None}
        chosen = {k: v for k, v in out.items() if v}
        number = page if page is not None else self.page
        if with_page and number > 1:
            chosen["page"] = str(number)
        return chosen

    def query(self, **kwargs: int | bool | None) -> str:
        """``params`` as an encoded query string (no leading ``?``)."""
        return urlencode(self.params(**kwargs))  # type: ignore[arg-type]

    def at_page(self, page: int) -> ListingFilters:
        return replace(self, page=page)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def listing_filters(
    q: str | None = Query(None, description="Full-text query (the same search as the CLI)."),
    outlet: str | None = Query(None, description="Outlet key."),
    language: str | None = Query(None, description="ISO 639-1 language code."),
    section: str | None = Query(None, description="Section name as the outlet gives it."),
    since: str | None = Query(None, description="Published on or after this day (YYYY-MM-DD)."),
    until: str | None = Query(None, description="Published on or before this day (YYYY-MM-DD)."),
    page: int = Query(1, ge=1, le=_MAX_PAGE, description="Page number, from 1."),
) -> ListingFilters:
    """FastAPI dependency: the filters from the query string, validated."""
    return ListingFilters(q=_clean(q), outlet=_clean(outlet), language=_clean(language), section=_clean(section),
                          since=parse_day(since, "since"), until=parse_day(until, "until"), page=page)


#: A route parameter that receives the listing filters of the query string.
FiltersDep = Annotated[ListingFilters, Depends(listing_filters)]
