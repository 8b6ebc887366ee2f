"""Small hand-built stories and captures for the archive tests (no crawler, no network)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import models
from archive.capture import Capture
from archive.story import FieldProvenance, SourceRef, Story

HERALD = SourceRef(key="herald", name="The Harbour Herald", home_url="https://herald.example/", country="GB")
COURIER = SourceRef(key="courier", name="Valley Courier", home_url="https://courier.example/", country="IE")
T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
BODY = [
    "The council approved new flood defences on Monday.",
    "The scheme costs 12 million pounds and covers the harbour front.",
    "Work starts in spring and lasts two years.",
]


class Build:
    """Builders with sensible defaults; each test overrides only what it is about."""

    herald = HERALD
    courier = COURIER
    t0 = T0

    def story(self, url: str = "https://herald.example/world/flood-defences", *, source: SourceRef = HERALD,
              headline: str = "Council approves flood defences", body: list[str] | None = None,
              **fields: Any) -> Story:
        body = list(BODY if body is None else body)
        story = Story(
            canonical_url=url, source=source, headline=headline, body=body,
            summary=body[0], bullets=body[:2], why_this_matters=body[-1],
            what_this_means_for_you=body[min(1, len(body) - 1)], authors=["Ada Lovelace"],
            published_at=datetime(2026, 10, 5, 8, 0, tzinfo=timezone(timedelta(hours=1))),
            section="World", language="en", image_url=None,
            provenance={"summary": FieldProvenance("extractive", "1", sentences=[0]),
                        "bullets": FieldProvenance("extractive", "1", sentences=[0, 1]),
                        "headline": FieldProvenance("source", signal="jsonld")},
        )
        return replace(story, **fields)

    def capture(self, story: Story | None, *, minutes: int = 0, html: bytes | None = None,
                url: str | None = None, source: SourceRef | None = None, **fields: Any) -> Capture:
        url = url or (story.canonical_url if story else "https://herald.example/missing")
        if html is None:
            html = f"<html><h1>{story.headline if story else 'Not found'}</h1></html>".encode()
        values: dict[str, Any] = {
            "source": source or (story.source if story else HERALD), "requested_url": url, "final_url": url,
            "status": 200 if story else 404, "fetched_at": T0 + timedelta(minutes=minutes), "body": html,
            "headers": {"content-type": "text/html; charset=utf-8"},
            "request_headers": {"user-agent": "test"}, "discovered_via": "feeds", "story": story,
        }
        return Capture(**{**values, **fields})


@pytest.fixture
def build() -> Build:
    return Build()


def count(session: Session, model: type[models.Base]) -> int:
    """Rows in a table (a helper for assertions, not a fixture)."""
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def rows() -> Any:
    return count
