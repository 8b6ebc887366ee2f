"""The static site in headless Chromium: no payload from the ``xss`` outlet runs, with or without the CSP.

Every payload of the fixture web calls ``alert('xss-...')``. Before any page script could run, an
init script replaces ``alert``/``confirm``/``prompt`` with recorders and sets a sentinel title
and global; after load the test asserts nothing was recorded, no dialog opened, and title and
global are untouched. A positive control proves the harness sees a payload that does run. Pages
are checked twice: as exported, and with their Content-Security-Policy removed, so sanitising
alone is shown to be enough. Uses Debian's chromium through Playwright (no browser download).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.exporters.html import export_html
from archive.exporters.selection import ExportFilters

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOOK = """
window.__xss = [];
window.__sentinel = 'untouched';
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + ':' + args.join(' ')); };
}
document.addEventListener('DOMContentLoaded', () => { window.__title = document.title; });
"""


@pytest.fixture(scope="module")
def site(fixture_archive: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from archive.db import open_archive

    root = tmp_path_factory.mktemp("browser-site") / "site"
    archive = open_archive(fixture_archive)
    try:
        with archive.session() as session:
            export_html(session, root, ExportFilters(outlets=("xss", "herald")))
    finally:
        archive.dispose()
    return root


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=ARGS, java_script_enabled=True)
        try:
            yield context
        finally:
            context.close()


def _visit(browser: Any, url: str) -> dict[str, Any]:
    """Load ``url`` with the hooks installed; what ran, which dialogs opened, title and sentinel."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(HOOK)
    try:
        page.goto(url, wait_until="load")
        # Fire the events hostile handlers wait for (hover, focus, click on non-links), then let timers run.
        page.evaluate("""() => document.querySelectorAll('body *').forEach(e => {
            for (const kind of ['mouseover', 'focus']) e.dispatchEvent(new Event(kind, {bubbles: true}));
            if (e.tagName !== 'A') e.dispatchEvent(new MouseEvent('click', {bubbles: true}));
        })""")
        page.wait_for_timeout(100)
        state = page.evaluate("() => ({calls: window.__xss, sentinel: window.__sentinel, "
                              "title: document.title, loadedTitle: window.__title || document.title, "
                              "scripts: document.scripts.length})")
    finally:
        page.close()
    state["dialogs"] = dialogs
    return state


def _without_csp(site: Path, target: Path) -> Path:
    """A copy of the site's pages with the CSP meta removed: only sanitising stands in the way."""
    for path in site.rglob("*"):
        if path.is_file():
            copy = target / path.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8")
            copy.write_text("\n".join(line for line in text.splitlines() if "Content-Security-Policy" not in line),
                            encoding="utf-8")
    return target


def test_harness_detects_a_payload_that_runs(browser: Any, tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><title>t</title><img src=x onerror=\"alert('xss-control')\">"
                       "<p onmouseover=\"alert('xss-hover')\">hover me</p>"
                       "<script>window.__sentinel = 'changed'; document.title = 'pwned'</script>")
    state = _visit(browser, control.as_uri())
    assert sorted(state["calls"]) == ["alert:xss-control", "alert:xss-hover"]
    assert state["sentinel"] == "changed" and state["title"] == "pwned"


@pytest.mark.parametrize("variant", ["as-exported", "csp-removed"])
def test_no_payload_runs_in_chromium(browser: Any, site: Path, tmp_path: Path, variant: str) -> None:
    root = site if variant == "as-exported" else _without_csp(site, tmp_path / "nocsp")
    pages = sorted(root.rglob("*.html"))
    xss_pages = [p for p in pages if "xss.localhost" in p.read_text(encoding="utf-8")]
    assert len(xss_pages) == 4 and len(pages) > 4
    for path in pages:
        state = _visit(browser, path.as_uri())
        assert state["calls"] == [] and state["dialogs"] == [], (path.name, state)
        assert state["sentinel"] == "untouched" and state["scripts"] == 0, (path.name, state)
        assert state["title"] == state["loadedTitle"] and "pwned" not in state["title"], (path.name, state)
