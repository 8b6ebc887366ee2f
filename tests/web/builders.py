"""A small hand-built archive for the web tests: three outlets, an edited story, errors, a JS page."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

from archive.capture import Capture
from archive.db import Archive
from archive.story import FieldProvenance, SourceRef, Story
from archive.versioning import record_capture

HERALD = SourceRef(key="herald", name="The Harbour Herald", home_url="https://herald.example/", country="GB")
LEDGER = SourceRef(key="ledger", name="The Daily Ledger", home_url="https://ledger.example/", country="GB")
GAZETA = SourceRef(key="gazeta", name="Gazeta Portu", home_url="https://gazeta.example/", country="PL")
T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Built:
    """Story ids of the interesting stories in the built archive."""

    flood: str  # herald, two versions (headline rewrite)
    flood_ledger: str  # ledger's take on the same flood story
    budget: str  # ledger, no date, no authors, fetched with a browser
    polish: str  # gazeta, language pl, section Kraj
    total: int  # latest stories in the archive


def _story(url: str, source: SourceRef, headline: str, body: list[str], **fields: object) -> Story:
    story = Story(
        canonical_url=url, source=source, headline=headline, body=body, summary=body[0], bullets=body[:2],
        why_this_matters=body[-1], what_this_means_for_you=body[0], authors=["Ada Lovelace"],
        published_at=datetime(2026, 10, 5, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        section="World", language="en",
        provenance={"summary": FieldProvenance("extractive", "1", sentences=[0]),
                    "bullets": FieldProvenance("extractive", "1", sentences=[0, 1]),
                    "why_this_matters": FieldProvenance("source", signal="portal"),
                    "headline": FieldProvenance("source", signal="jsonld")},
    )
    return replace(story, **fields)


def _capture(story: Story | None, minutes: int, *, url: str | None = None, source: SourceRef | None = None,
             **fields: object) -> Capture:
    target = url or (story.canonical_url if story else "https://herald.example/missing")
    values: dict[str, object] = {
        "source": source or (story.source if story else HERALD), "requested_url": target, "final_url": target,
        "status": 200 if story else 404, "fetched_at": T0 + timedelta(minutes=minutes),
        "body": f"<html><h1>{story.headline if story else 'gone'}</h1></html>".encode(),
        "headers": {"content-type": "text/html"}, "request_headers": {}, "discovered_via": "feeds", "story": story,
    }
    return Capture(**{**values, **fields})  # type: ignore[arg-type]


FLOOD_BODY = ["The council approved new flood defences on Monday.",
              "The scheme costs 12 million pounds and covers the harbour front.",
              "Work starts in spring and lasts two years."]


def build_archive(archive: Archive, extra: int = 25) -> Built:
    """Fill ``archive``; ``extra`` filler stories make pagination real."""
    flood = _story("https://herald.example/flood", HERALD, "Council approves flood defences", FLOOD_BODY)
    flood2 = replace(flood, headline="Harbour flood defences approved after long row")
    ledger_flood = _story("https://ledger.example/flood", LEDGER, "Flood wall plan wins approval", FLOOD_BODY[::-1],
                          published_at=datetime(2026, 10, 5, 9, 30, tzinfo=UTC))
    budget = _story("https://ledger.example/budget", LEDGER, "Budget <script>alert('xss-test')</script> vote",
                    ["The budget passed by nine votes.", "Libraries lose two hours a week."],
                    published_at=None, authors=[], section="Politics")
    polish = _story("https://gazeta.example/kraj/1", GAZETA, "Rada miasta przyjęła budżet",
                    ["Rada miasta przyjęła budżet w poniedziałek.", "Biblioteki skrócą godziny."],
                    language="pl", section="Kraj", published_at=datetime(2026, 10, 4, 12, 0, tzinfo=UTC))
    captures = [_capture(flood, 0), _capture(ledger_flood, 1), _capture(budget, 2, fetch_method="browser"),
                _capture(polish, 3), _capture(flood2, 60), _capture(flood2, 120),
                _capture(None, 5, error_kind="http_404", error_detail="Not Found")]
    for i in range(extra):
        filler = _story(f"https://herald.example/news/{i}", HERALD, f"Harbour news item number {i}",
                        [f"Item {i} happened at the harbour.", "Nothing else changed."],
                        published_at=T0 - timedelta(days=2 + i), section="News")
        captures.append(_capture(filler, 10 + i))
    with archive.session() as session:  # recording also indexes, classifies and clusters (archive.research)
        for capture in captures:
            record_capture(session, capture)
    return Built(flood=flood.id, flood_ledger=ledger_flood.id, budget=budget.id, polish=polish.id, total=4 + extra)
