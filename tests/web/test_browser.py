"""Drive the app in Debian's chromium (Playwright, never a downloaded browser) over a crawled archive.

Each test saves a screenshot of the page it checked under tests/artifacts/web/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

from archive import queries
from archive.db import open_archive
from archive.story import story_id_for
from tests.web.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
# Any alert/confirm/prompt call, or any global a payload sets, is recorded before page scripts run.
WATCH = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function (...args) { window.__xss.push(name + ":" + String(args[0])); };
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    context.add_init_script(WATCH)
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()


def _shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _latest(live: LiveServer, outlet: str | None) -> list[queries.StoryVersion]:
    archive = open_archive(live.crawled.database_url)
    try:
        with archive.session() as session:
            return queries.list_stories(session, outlet=outlet, limit=1000)
    finally:
        archive.dispose()


def _no_script_ran(page: object) -> None:
    assert page.evaluate("window.__xss") == []  # type: ignore[attr-defined]
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_search_then_open_a_story(live_server: LiveServer, page: object) -> None:
    herald = _latest(live_server, "herald")
    target = herald[0]
    word = max(target.headline.split(), key=len).strip(",.:;'\"")
    page.goto(live_server.base + "/")  # type: ignore[attr-defined]
    _shot(page, "front-page")
    page.fill("#filter-q", word)  # type: ignore[attr-defined]
    page.click("#filter-submit")  # type: ignore[attr-defined]
    page.wait_for_selector("#stories")  # type: ignore[attr-defined]
    assert word in page.title()  # type: ignore[attr-defined]
    headlines = page.locator("#stories .headline").all_inner_texts()  # type: ignore[attr-defined]
    assert target.headline in headlines
    _shot(page, "search-results")
    page.click(f"#stories a.headline[href='/story/{target.story_id}']")  # type: ignore[attr-defined]
    page.wait_for_selector("#headline")  # type: ignore[attr-defined]
    assert page.inner_text("#headline") == target.headline  # type: ignore[attr-defined]
    assert page.locator("#original-link").get_attribute("href") == target.story.canonical_url  # type: ignore[attr-defined]
    assert page.is_visible("#source-line")  # type: ignore[attr-defined]
    _shot(page, "story")
    _no_script_ran(page)


def test_open_the_diff_of_an_edited_story(live_server: LiveServer, page: object) -> None:
    edited = sorted(s.story_id for s in _latest(live_server, None) if s.versions == 2)
    assert edited and {story_id_for(u) for u in live_server.crawled.edited} >= set(edited)
    story_id = edited[0]
    page.goto(f"{live_server.base}/story/{story_id}")  # type: ignore[attr-defined]
    page.click("#tab-history")  # type: ignore[attr-defined]
    page.wait_for_selector("#timeline")  # type: ignore[attr-defined]
    assert page.locator("#timeline li").count() == 2  # type: ignore[attr-defined]
    assert page.locator("#timeline .edit-class[data-class]").count() >= 1  # type: ignore[attr-defined]
    page.select_option("#diff-a", "1")  # type: ignore[attr-defined]
    page.select_option("#diff-b", "2")  # type: ignore[attr-defined]
    page.click("#diff-submit")  # type: ignore[attr-defined]
    page.wait_for_selector("#diff")  # type: ignore[attr-defined]
    assert "a=1" in page.url and "b=2" in page.url  # type: ignore[attr-defined]
    assert page.locator("#diff ins, #diff del").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "history-diff")
    _no_script_ran(page)


def test_open_the_cluster_view(live_server: LiveServer, page: object) -> None:
    group = max(live_server.crawled.story_groups, key=len)
    assert len(group) >= 2
    member = sorted(group)[0]
    page.goto(f"{live_server.base}/story/{story_id_for(member)}")  # type: ignore[attr-defined]
    page.click("#tab-cluster")  # type: ignore[attr-defined]
    page.wait_for_selector("#cluster")  # type: ignore[attr-defined]
    columns = page.locator("#cluster article.column")  # type: ignore[attr-defined]
    assert columns.count() == len(group)
    outlets = {columns.nth(i).get_attribute("data-outlet") for i in range(columns.count())}
    assert outlets <= {"wire-a", "wire-b", "wire-c"} and len(outlets) == len(group)
    _shot(page, "cluster")
    _no_script_ran(page)


def test_download_an_export_with_the_listing_filters(live_server: LiveServer, page: object) -> None:
    page.goto(f"{live_server.base}/?outlet=ledger")  # type: ignore[attr-defined]
    _shot(page, "listing-ledger")
    with page.expect_download() as waiting:  # type: ignore[attr-defined]
        page.click("#export-csv")  # type: ignore[attr-defined]
    download = waiting.value
    saved = ARTIFACTS / "export-ledger.csv"
    download.save_as(str(saved))
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows and {r["outlet_key"] for r in rows} == {"ledger"}
    assert len(rows) == len(_latest(live_server, "ledger"))


def test_coverage_and_outlet_pages(live_server: LiveServer, page: object) -> None:
    page.goto(f"{live_server.base}/coverage")  # type: ignore[attr-defined]
    page.fill("#coverage-q", "council")  # type: ignore[attr-defined]
    page.press("#coverage-q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#coverage-day svg")  # type: ignore[attr-defined]
    assert page.locator("#coverage-outlet rect.bar").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "coverage")
    page.goto(f"{live_server.base}/outlets/herald")  # type: ignore[attr-defined]
    assert page.inner_text("#outlet-name").startswith("The Harbour Herald")  # type: ignore[attr-defined]
    assert page.locator("#listings tr").count() > 1  # type: ignore[attr-defined]
    _shot(page, "outlet")
    page.goto(f"{live_server.base}/edits")  # type: ignore[attr-defined]
    assert page.locator("#edits tr").count() > 1  # type: ignore[attr-defined]
    _shot(page, "edits")
    _no_script_ran(page)


def test_xss_payload_pages_run_no_script(live_server: LiveServer, page: object) -> None:
    stories = _latest(live_server, "xss")
    assert len(stories) == len(live_server.crawled.xss_urls) == 4
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)  # type: ignore[attr-defined]
    for n, found in enumerate(stories):
        for suffix in ("", "/history", "/cluster"):
            response = page.goto(f"{live_server.base}/story/{found.story_id}{suffix}")  # type: ignore[attr-defined]
            assert response.status == 200
            csp = response.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
            title = page.title()  # type: ignore[attr-defined]
            assert title.endswith("· newsarchive") and "xss" not in title.lower()
            assert page.evaluate("document.title") == title  # type: ignore[attr-defined]
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")  # type: ignore[attr-defined]
            assert not [h for h in hrefs if not h.startswith(("/", "http://", "https://"))], hrefs
            assert page.locator("script:not([src='/static/app.js']), iframe, object, embed").count() == 0  # type: ignore[attr-defined]
            _no_script_ran(page)
        _shot(page, f"xss-{n + 1}")
    page.goto(f"{live_server.base}/?outlet=xss")  # type: ignore[attr-defined]
    _no_script_ran(page)
    _shot(page, "xss-listing")
    assert csp_errors == []  # nothing even tried to run inline
