"""One page of a listing: the front page, the API's story list and exports all go through here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from fastapi import HTTPException
from sqlalchemy.orm import Session

from archive.web.features import required
from archive.web.filters import ListingFilters
from archive.web.reads import ListingItem, items_for, latest_items

__all__ = ["ListingPage", "listing_page", "search_items"]


@dataclass(frozen=True, slots=True)
class ListingPage:
    items: list[ListingItem]
    page: int
    page_size: int
    has_next: bool
    note: str | None = None  # searches only: what to know about the ranking (archive.search)

    def to_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() for i in self.items], "page": self.page, "page_size": self.page_size,
                "has_next": self.has_next, "note": self.note}


def search_items(session: Session, filters: ListingFilters, limit: int,
                 offset: int) -> tuple[list[ListingItem], str | None]:
    """Full-text search hits (archive.search) as listing rows, best first, filters applied, and
    the search's note on its ranking (None when every match was ranked)."""
    search = required("search", "full-text search")
    try:
        results = search.search_results(session, filters.q, outlet=filters.outlet, language=filters.language,
                                        since=filters.since_at, until=filters.until_at, section=filters.section,
                                        limit=limit, offset=offset)
    except search.SearchSyntaxError as exc:
        raise HTTPException(400, f"cannot read the search query: {exc}") from None
    rows = items_for(session, [(hit.article_id, hit.version) for hit in results.hits])
    out = []
    for hit in results.hits:
        row = rows.get((hit.article_id, hit.version))
        if row is None:
            continue
        out.append(replace(row, snippet=hit.snippet, rank=float(hit.rank)))
    return out, results.note


def listing_page(session: Session, filters: ListingFilters, page_size: int) -> ListingPage:
    """The page ``filters.page`` asks for; one extra row is read to know whether another follows."""
    offset = (filters.page - 1) * page_size
    note = None
    if filters.q:
        rows, note = search_items(session, filters, page_size + 1, offset)
    else:
        rows = latest_items(session, filters, page_size + 1, offset)
    return ListingPage(items=rows[:page_size], page=filters.page, page_size=page_size,
                       has_next=len(rows) > page_size, note=note)
