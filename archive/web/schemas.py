"""Pydantic models of the JSON API's answers, so the OpenAPI document describes real shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["ListingItemOut", "ListingPageOut", "OutletCountsOut", "SummaryOut", "FacetsOut", "ActionOut"]


class ListingItemOut(BaseModel):
    story_id: str = Field(description="Stable id of the article (16 hex digits).")
    article_id: int
    version: int = Field(description="Version number shown (the latest for listings).")
    versions: int = Field(description="How many versions the article has.")
    headline: str
    outlet: str = Field(description="Outlet key.")
    outlet_name: str
    published_at: str | None = Field(description="ISO 8601, in the offset the outlet gave.")
    section: str | None
    language: str | None
    summary: str
    snippet: str | None = Field(description="Search hits only: the text that matched.")
    rank: float | None = Field(description="Search hits only: relevance, higher is better.")


class ListingPageOut(BaseModel):
    items: list[ListingItemOut]
    page: int
    page_size: int
    has_next: bool = Field(description="Whether page + 1 has stories.")
    note: str | None = Field(None, description="Searches only: set when the query matched too many stories to "
                                               "rank them all, saying which were ranked.")


class OutletCountsOut(BaseModel):
    key: str
    name: str
    articles: int
    captures: int
    versions: int
    changed_articles: int
    errors: int


class SummaryOut(BaseModel):
    sources: int
    articles: int
    captures: int
    versions: int
    changed_articles: int
    errors_by_kind: dict[str, int]
    outlets: list[OutletCountsOut]
    blobs: int
    blob_bytes: int
    stored_bytes: int


class FacetsOut(BaseModel):
    outlets: list[dict[str, str]]
    languages: list[str]
    sections: list[str]


class ActionOut(BaseModel):
    ok: bool
    detail: str
    data: dict[str, Any] = Field(default_factory=dict)
