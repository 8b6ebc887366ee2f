"""Archives to export: a small hand-built one on each backend, and one made from the fixture web.

The fixture-web archive runs the real pipeline (fixture pages -> ``page_to_capture`` ->
``record_capture``) in process, for editions 1 and 2, so it has real HTML bodies, real extraction,
changed articles with two versions and the ``xss`` outlet's hostile pages; it is built once per
test session (a few seconds) and only read by the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from archive.capture import Capture
from archive.db import Archive, open_archive
from archive.story import FieldProvenance, SourceRef, Story
from archive.versioning import record_capture
from crawler.fixtureweb import FixtureWeb
from crawler.items import FetchedPage
from crawler.processing import page_to_capture
from crawler.sources import Outlet, parse_sources

HERALD = SourceRef(key="herald", name="The Harbour Herald", home_url="https://herald.example/", country="GB")
COURIER = SourceRef(key="courier", name="Valley Courier", home_url="https://courier.example/", country="IE")
T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
FIXTURE_OUTLETS = ["herald", "ledger", "courier", "xss"]
BODY = [
    "The council approved new flood defences on Monday.",
    "The scheme costs 12 million pounds and covers the harbour front.",
    "Work starts in spring and lasts two years.",
]


def make_story(url: str, *, source: SourceRef = HERALD, headline: str = "Council approves flood defences",
               language: str = "en", published: datetime | None = None, **fields: Any) -> Story:
    story = Story(
        canonical_url=url, source=source, headline=headline, body=list(BODY), summary=BODY[0],
        bullets=BODY[:2], why_this_matters=BODY[2], what_this_means_for_you=BODY[1], authors=["Ada Lovelace"],
        published_at=published or datetime(2026, 10, 5, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        section="World", language=language,
        provenance={"summary": FieldProvenance("extractive", "1", sentences=[0]),
                    "headline": FieldProvenance("source", signal="jsonld")},
    )
    return replace(story, **fields)


def make_capture(story: Story, minutes: int) -> Capture:
    html = f"<!DOCTYPE html><html><body><article><h1>{story.headline}</h1></article></body></html>"
    return Capture(source=story.source, requested_url=story.canonical_url, final_url=story.canonical_url,
                   status=200, fetched_at=T0 + timedelta(minutes=minutes), body=html.encode(),
                   headers={"content-type": "text/html; charset=utf-8", "content-encoding": "gzip",
                            "etag": f'"v{minutes}"'},
                   request_headers={"user-agent": "newsarchive/test"}, discovered_via="feeds", story=story)


@dataclass
class Small:
    """What the small archive holds, for assertions."""

    flood: Story  # herald, two versions
    flood2: Story
    ferry: Story  # courier, French, published a day later
    tram: Story  # herald, earlier


@pytest.fixture
def small(archive: Archive) -> Small:
    flood = make_story("https://herald.example/world/flood-defences")
    flood2 = replace(flood, headline="Council approves £12m flood defences",
                     updated_at=datetime(2026, 10, 5, 10, 15, tzinfo=timezone(timedelta(hours=-3))))
    ferry = make_story("https://courier.example/ferry", source=COURIER, headline="Les tarifs du ferry augmentent",
                       language="fr", published=datetime(2026, 10, 6, 7, 0, tzinfo=UTC))
    tram = make_story("https://herald.example/city/tram", headline="Tram line opens",
                      published=datetime(2026, 10, 1, 12, 0, tzinfo=UTC))
    with archive.session() as session:
        for minutes, story in enumerate([flood, ferry, tram, flood2]):
            record_capture(session, make_capture(story, minutes))
    return Small(flood, flood2, ferry, tram)


def _page(web: FixtureWeb, outlet: Outlet, url: str, fetched_at: datetime) -> Capture:
    response = web.fetch(url)
    headers = {"content-type": response.content_type or "text/html", **{k.lower(): v for k, v in response.headers}}
    page = FetchedPage(outlet_key=outlet.key, requested_url=url, final_url=url, status=response.status,
                       fetched_at=fetched_at, discovered_via="feeds", body=response.body, headers=headers,
                       request_headers={"user-agent": "newsarchive/test (+https://example.invalid)"})
    return page_to_capture(page, outlet)


def build_fixture_archive(web: FixtureWeb, database_url: str, outlets: list[str] = FIXTURE_OUTLETS) -> None:
    """Editions 1 and 2 of ``outlets`` through the real extraction and versioning, in process."""
    by_key = {o.key: o for o in parse_sources(web.sources_toml(outlets))}
    archive = open_archive(database_url)
    try:
        for edition in (1, 2):
            web.set_edition(edition)
            with archive.session() as session:
                for key in outlets:
                    for n, url in enumerate(sorted(web.article_urls(edition, [key]))):
                        when = T0 + timedelta(hours=edition, seconds=n)
                        record_capture(session, _page(web, by_key[key], url, when))
    finally:
        web.set_edition(1)
        archive.dispose()


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[FixtureWeb]:
    web = FixtureWeb(seed=7, edition=1)  # answered in process: never started, no socket used
    try:
        yield web
    finally:
        web.stop()


@pytest.fixture(scope="session")
def fixture_archive(fixture_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a SQLite archive of the fixture web (read-only for tests)."""
    path = tmp_path_factory.mktemp("fixture-archive") / "archive.sqlite3"
    url = f"sqlite:///{path}"
    build_fixture_archive(fixture_web, url)
    return url


@pytest.fixture
def opened(fixture_archive: str) -> Iterator[Archive]:
    archive = open_archive(fixture_archive)
    try:
        yield archive
    finally:
        archive.dispose()


def url_of(archive: Archive) -> str:
    return archive.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
