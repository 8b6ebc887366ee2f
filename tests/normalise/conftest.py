"""Shared material for the normalise tests: one small article the way extraction hands it over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from archive.story import SourceRef
from crawler.extract.result import Extracted

SOURCE = SourceRef(key="herald", name="The Harbour Herald", home_url="http://herald.localhost:8123/")
BODY = [
    "(CNN) -- The city council of Harbourton voted on Tuesday to close the old ferry terminal by March, "
    "ending 120 years of service.",
    "Mayor Ana Ruiz said the terminal had lost money for a decade. The vote was 7 to 2.",
    "Commuters who use the ferry will have to switch to the new bus line, which costs 2.50 euros a trip.",
    "The closure could put 40 jobs at risk, the dockworkers' union warned. "
    "Photos: The terminal over the years.",
    "Ruiz said a museum may open on the site. She did not give a date.",
    "Read more: Ferry history in pictures.",
    "The council will meet again next month to discuss the budget.",
]


def make_extracted(**overrides: object) -> Extracted:
    base: dict[str, object] = dict(
        url="http://herald.localhost:8123/a/1?ref=rss", body=BODY,
        headline="Council votes to close ferry terminal",
        authors=["Jo Smith"], published_at=datetime(2025, 6, 5, 12, 36, tzinfo=UTC), section="Local",
        language="en", image_url="http://herald.localhost:8123/i.jpg",
        signals={"headline": "jsonld", "authors": "jsonld", "published_at": "opengraph",
                 "body": "trafilatura"},
    )
    base.update(overrides)
    return Extracted(**base)  # type: ignore[arg-type]


@pytest.fixture
def extracted() -> Callable[..., Extracted]:
    """A factory for the sample Extracted, with any fields overridden."""
    return make_extracted


@pytest.fixture
def source() -> SourceRef:
    return SOURCE
