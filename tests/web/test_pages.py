"""The HTML pages render the archive: listing, filters, pagination, story, history, outlets."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive import search_sqlite
from archive.db import Archive
from archive.web import WebConfig, create_app
from archive.web.security import CSP
from tests.web.builders import Built
from tests.web.conftest import TOKEN


def _story_links(html: str) -> list[str]:
    return re.findall(r'class="headline" href="/story/([0-9a-f]{16})"', html)


def test_front_page_lists_filters_and_pages(client: TestClient, built: Built) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-security-policy"] == CSP
    first = _story_links(page.text)
    assert len(first) == 20 and first[0] == built.flood_ledger
    assert 'id="next-page"' in page.text and 'id="prev-page"' not in page.text
    second = client.get("/?page=2")
    rest = _story_links(second.text)
    assert len(first) + len(rest) == built.total and not set(first) & set(rest)
    assert 'id="next-page"' not in second.text
    polish = client.get("/", params={"language": "pl"}).text
    assert _story_links(polish) == [built.polish]
    assert 'href="/export/csv?language=pl"' in polish
    assert 'href="/export/jsonl?section=Politics"' in client.get("/", params={"section": "Politics"}).text
    assert 'value="pl" selected' in polish


def test_front_page_shows_no_stories_message_and_bad_dates(client: TestClient) -> None:
    assert 'id="no-stories"' in client.get("/", params={"outlet": "nobody"}).text
    bad = client.get("/", params={"until": "soon"})
    assert bad.status_code == 400 and "until" in bad.text and bad.headers["content-type"].startswith("text/html")


def test_story_page_has_the_portal_layout(client: TestClient, built: Built) -> None:
    html = client.get(f"/story/{built.flood}").text
    for part in ("Summary", "Key points", "Why this matters", "What this means for you", 'id="original-link"',
                 "https://herald.example/flood", "Ada Lovelace", "version 2 of 2"):
        assert part in html, part
    assert 'data-field="summary">From: <b>extractive</b>' in html
    assert 'data-field="why_this_matters">From: <b>the source page</b> (portal)' in html
    older = client.get(f"/story/{built.flood}", params={"version": 1}).text
    assert "Council approves flood defences" in older
    missing = client.get("/story/0000000000000000")
    assert missing.status_code == 404 and "no story" in missing.text


def test_story_page_escapes_markup_in_scraped_text(client: TestClient, built: Built) -> None:
    html = client.get(f"/story/{built.budget}").text
    assert "<script>alert" not in html
    assert "Budget" in html and "vote" in html
    assert "no byline" in html


def test_history_page_shows_versions_classes_and_diff(client: TestClient, built: Built) -> None:
    html = client.get(f"/story/{built.flood}/history").text
    assert html.count('class="vnum"') == 2
    assert 'data-class="headline_rewrite"' in html
    assert 'id="diff"' in html and "<ins>" in html and "<del>" in html
    one = client.get(f"/story/{built.polish}/history").text
    assert 'id="no-diff"' in one


def test_cluster_page_lists_the_story_first(client: TestClient, built: Built) -> None:
    html = client.get(f"/story/{built.flood_ledger}/cluster").text
    assert html.count('class="column') == 2
    assert html.index('data-outlet="ledger"') < html.index('data-outlet="herald"')
    assert 'id="cluster-size">2 versions' in html
    alone = client.get(f"/story/{built.polish}/cluster").text
    assert "No other outlet" in alone


def test_search_page_marks_matches(client: TestClient, built: Built) -> None:
    html = client.get("/", params={"q": "flood"}).text
    assert set(_story_links(html)) == {built.flood, built.flood_ledger}
    assert "<mark>flood</mark>" in html and "\u27e6" not in html


def test_search_page_says_when_not_every_match_was_ranked(client: TestClient, shared_archive: Archive,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert 'id="ranking-note"' not in client.get("/", params={"q": "flood"}).text
    assert client.get("/api/stories", params={"q": "flood"}).json()["note"] is None
    monkeypatch.setattr(search_sqlite, "EXACT_LIMIT", 1)  # "flood" now matches "too many" stories
    monkeypatch.setattr(search_sqlite, "RECENT", 1)
    note = client.get("/api/stories", params={"q": "flood", "page_size": 1}).json()["note"]
    url = shared_archive.engine.url.render_as_string(hide_password=False)
    config = WebConfig(database_url=url, page_size=1)  # two flood stories: more than one page
    with TestClient(create_app(config, archive=shared_archive)) as one_per_page:
        html = one_per_page.get("/", params={"q": "flood"}).text
    if shared_archive.engine.dialect.name == "sqlite":
        assert 'id="ranking-note"' in html and "too many to rank them all" in (note or "")
    else:  # PostgreSQL ranks every match
        assert 'id="ranking-note"' not in html and note is None


def test_coverage_page_draws_svg_and_table(client: TestClient) -> None:
    html = client.get("/coverage", params={"q": "flood"}).text
    assert html.count("<svg") == 2 and 'class="bar"' in html
    assert 'id="coverage-day"' in html and 'id="coverage-outlet"' in html
    assert "style=" not in html  # the CSP forbids inline styles; the chart uses classes
    assert client.get("/coverage").status_code == 200


def test_edits_page(client: TestClient, built: Built) -> None:
    html = client.get("/edits").text
    assert f'href="/story/{built.flood}/history?a=1&amp;b=2"' in html and 'data-class="headline_rewrite"' in html
    assert 'id="no-edits"' in client.get("/edits", params={"kind": "correction"}).text


def test_outlet_pages(client: TestClient, built: Built) -> None:
    html = client.get("/outlets").text
    assert "Gazeta Portu" in html and 'href="/outlets/ledger"' in html
    ledger = client.get("/outlets/ledger").text
    assert re.search(r'id="missing-dates">50.0%', ledger)
    assert re.search(r'id="missing-authors">50.0%', ledger)
    assert re.search(r'id="browser-share">50.0%', ledger)
    assert 'id="paywalled"' in ledger
    herald = client.get("/outlets/herald").text
    assert "http_404" in herald and "https://herald.example/missing" in herald
    assert client.get("/outlets/nobody").status_code == 404


def test_read_only_banner_and_no_edit_link(client: TestClient, built: Built) -> None:
    html = client.get(f"/story/{built.flood}").text
    assert "read-only" in html and 'id="edit-link"' not in html
    assert client.get(f"/story/{built.flood}/edit").status_code == 403
    assert client.post(f"/story/{built.flood}/edit", content=f"summary=x&token={TOKEN}",
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 403


def test_edit_form_needs_the_token(token_client: TestClient, own_built: Built) -> None:
    built = own_built
    html = token_client.get(f"/story/{built.flood}").text
    assert 'id="edit-link"' in html and "read-only" not in html
    assert 'id="edit-form"' in token_client.get(f"/story/{built.flood}/edit").text
    form = {"content": "summary=Shorter+summary.&bullets=First%0ASecond&token=wrong",
            "headers": {"content-type": "application/x-www-form-urlencoded"}}
    assert token_client.post(f"/story/{built.flood}/edit", **form).status_code == 401  # type: ignore[arg-type]
    form["content"] = form["content"].replace("token=wrong", f"token={TOKEN}")  # type: ignore[union-attr]
    saved = token_client.post(f"/story/{built.flood}/edit", follow_redirects=False, **form)  # type: ignore[arg-type]
    assert saved.status_code == 303 and saved.headers["location"] == f"/story/{built.flood}"
    story = token_client.get(f"/api/stories/{built.flood}").json()
    assert story["summary"] == "Shorter summary." and story["bullets"] == ["First", "Second"]


def test_every_response_is_hardened(client: TestClient, built: Built) -> None:
    for path in ("/", f"/story/{built.flood}", "/api/stories", "/static/app.css", "/nope", "/api/openapi.json"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP


def test_pages_have_no_inline_script_or_style(client: TestClient, built: Built) -> None:
    for path in ("/", f"/story/{built.flood}", f"/story/{built.flood}/history", "/outlets", "/outlets/herald"):
        html = client.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], path
        assert "<style" not in html and " style=" not in html and " on" not in re.sub(r">[^<]*<", "><", html), path


def test_outlet_report_lists_polled_and_configured_listings(archive: Archive, own_built: Built,
                                                            tmp_path: Path) -> None:
    from archive.listings_state import ListingPoll, record_polls
    from archive.web.outlets import outlet_report

    polled = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
    with archive.session() as session:
        record_polls(session, [ListingPoll(url="https://ledger.example/feed.xml", kind="feed", status=200,
                                           fetched_at=polled, source_key="ledger", entries=7)])
    sources = tmp_path / "sources.toml"
    sources.write_text('[[outlet]]\nkey = "ledger"\nname = "The Ledger"\nhome = "https://ledger.example/"\n'
                       'feeds = ["https://ledger.example/feed.xml"]\n'
                       'sitemaps = ["https://ledger.example/sitemap.xml"]\n', encoding="utf-8")
    with archive.session() as session:
        report = outlet_report(session, "ledger", sources)
    assert report is not None
    assert [(r.kind, r.url, r.last_status, r.entries) for r in report.listings] == [
        ("feed", "https://ledger.example/feed.xml", 200, 7), ("sitemap", "https://ledger.example/sitemap.xml", None, None)]
    assert report.to_dict()["listings"][0]["last_fetched_at"].startswith("2026-10-05T09:00:00")
