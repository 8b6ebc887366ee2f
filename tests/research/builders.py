"""Hand-built stories and captures for the research tests (no crawler, no network)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import models
from archive.capture import Capture
from archive.db import Archive
from archive.story import FieldProvenance, SourceRef, Story
from archive.versioning import RecordResult, record_capture

HERALD = SourceRef(key="herald", name="The Harbour Herald", home_url="https://herald.example/", country="GB")
LEDGER = SourceRef(key="ledger", name="The Midland Ledger", home_url="https://ledger.example/", country="US")
COURIER = SourceRef(key="courier", name="Valley Courier", home_url="https://courier.example/", country="IE")
T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
BODY = [
    "KINGSBRIDGE (Newswire) — Dock workers at Kingsbridge Freeport walked out on Monday after talks over a "
    "12% pay claim collapsed, leaving five container ships waiting offshore.",
    "The Northern Dockers' Association said 8,782 members had joined the strike, the largest at the port "
    "since 1989. Union leader Maya Okafor said the offer of 4% was an insult to workers.",
    "Kingsbridge Freeport Holdings said it had offered a fair settlement and urged the union to return to "
    "talks. Its chief executive, Ravi Lindqvist, said the backlog was costing £3m a day.",
    "Hauliers said queues on the A19 approach road stretched for six miles by mid-afternoon, and retailers "
    "warned of empty shelves before the weekend if the dispute dragged on.",
    "The strike is due to last 48 hours. Talks are expected to resume on Thursday at the conciliation "
    "service ACAS in Leeds, both sides said.",
]


def make_story(url: str = "https://herald.example/news/freeport-strike", *, source: SourceRef = HERALD,
               headline: str = "Freeport strike: talks collapse as ships wait offshore",
               body: list[str] | None = None, **fields: Any) -> Story:
    body = list(BODY if body is None else body)
    story = Story(
        canonical_url=url, source=source, headline=headline, body=body, summary=body[0],
        bullets=body[:2], authors=["Ada Lovelace"],
        published_at=datetime(2026, 10, 5, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        updated_at=datetime(2026, 10, 5, 8, 30, tzinfo=timezone(timedelta(hours=1))),
        section="Business", language="en",
        provenance={"summary": FieldProvenance("extractive", "1", sentences=[0])},
    )
    return replace(story, **fields)


def make_capture(story: Story | None, *, minutes: int = 0, html: bytes | None = None, url: str | None = None,
                 source: SourceRef | None = None, **fields: Any) -> Capture:
    url = url or (story.canonical_url if story else "https://herald.example/missing")
    if html is None:
        html = f"<html><h1>{story.headline if story else 'x'}</h1><p>{minutes}</p></html>".encode()
    values: dict[str, Any] = {
        "source": source or (story.source if story else HERALD), "requested_url": url, "final_url": url,
        "status": 200 if story else 404, "fetched_at": T0 + timedelta(minutes=minutes), "body": html,
        "headers": {"content-type": "text/html; charset=utf-8", "etag": f'"v{minutes}"'},
        "request_headers": {"user-agent": "test"}, "discovered_via": "feeds", "story": story,
    }
    return Capture(**{**values, **fields})


def record(archive: Archive, capture: Capture) -> RecordResult:
    with archive.session() as session:
        return record_capture(session, capture)


def count(session: Session, model: type[models.Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0
