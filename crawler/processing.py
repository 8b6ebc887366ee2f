"""Turn one fetched page into a capture: check it, extract it, shape it into a story.

Pure functions over plain data, no Scrapy: the crawler runs them in worker processes, and the
``extract`` and ``import`` commands call them directly. They never raise for bad input; a page
that cannot give a story becomes a capture with an ``error_kind`` saying why.
"""

from __future__ import annotations

import logging

from archive.capture import Capture
from archive.prepare import prepare
from crawler.extract import ExtractionError, extract
from crawler.items import FetchedPage
from crawler.normalise import build_story
from crawler.shell import looks_like_shell
from crawler.sources import Outlet
from crawler.urls import canonical_article_url

__all__ = ["page_to_capture", "process_page", "looks_like_html", "RENDERABLE_ERRORS"]

#: Error kinds after which a page that looks like a script-filled shell is worth rendering.
RENDERABLE_ERRORS = frozenset({"no_article_text", "empty", "extract_failed", "normalise_failed"})

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NON_HTML_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"ID3")


def looks_like_html(content_type: str | None, body: bytes) -> bool:
    """Whether a response is an HTML page (declared type first; sniff bytes when undeclared)."""
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared and declared not in _HTML_TYPES and not declared.startswith("text/"):
        return False
    if body.startswith(_NON_HTML_MAGIC):
        return False
    return True


def _capture(page: FetchedPage, outlet: Outlet, **outcome: object) -> Capture:
    return Capture(
        source=outlet.ref, requested_url=page.requested_url, final_url=page.final_url, status=page.status,
        fetched_at=page.fetched_at, body=page.body, headers=page.headers, request_headers=page.request_headers,
        fetch_method=page.fetch_method, discovered_via=page.discovered_via, **outcome,  # type: ignore[arg-type]
    )


def _error(page: FetchedPage, outlet: Outlet, kind: str, detail: str) -> Capture:
    return _capture(page, outlet, error_kind=kind, error_detail=detail)


def page_to_capture(page: FetchedPage, outlet: Outlet) -> Capture:
    """The capture for one fetched page; see the module docstring for the contract."""
    if page.error_kind:
        return _error(page, outlet, page.error_kind, page.error_detail or page.error_kind)
    if page.status is None or not 200 <= page.status < 300:
        return _error(page, outlet, f"http_{page.status}", f"the server answered HTTP {page.status}")
    content_type = page.headers.get("content-type")
    if not looks_like_html(content_type, page.body):
        return _error(page, outlet, "not_html", f"content type {content_type or 'unknown'} is not an HTML page")
    try:
        extracted = extract(page.body, page.final_url, content_type=content_type)
    except ExtractionError as exc:
        return _error(page, outlet, exc.kind, exc.detail)
    except Exception as exc:  # noqa: BLE001 - a bug in extraction must not lose the capture
        logger.exception("extraction crashed on %s", page.final_url)
        return _error(page, outlet, "extract_failed", f"{type(exc).__name__}: {exc}")
    canonical = canonical_article_url(page.final_url, extracted.canonical_url, outlet.owns_host)
    try:
        story = build_story(extracted, outlet.ref, canonical_url=canonical)
    except Exception as exc:  # noqa: BLE001
        logger.exception("normalising crashed on %s", page.final_url)
        return _error(page, outlet, "normalise_failed", f"{type(exc).__name__}: {exc}")
    if not story.headline or not story.body:
        return _error(page, outlet, "no_article_text", "no headline or no body text found")
    return _capture(page, outlet, story=story)


def process_page(page: FetchedPage, outlet: Outlet, may_render: bool = False) -> tuple[Capture, bool]:
    """``page_to_capture``, prepared for the archive (body compressed, signature computed: see
    archive.prepare) and without the raw body, plus whether to fetch the page again through the browser.

    Only when ``may_render`` (an unmarked outlet, fetched without the browser) and the page gave
    no article but looks like an app shell whose content a script fills in.
    """
    capture = page_to_capture(page, outlet)
    render = (may_render and capture.error_kind in RENDERABLE_ERRORS
              and page.status is not None and 200 <= page.status < 300 and looks_like_shell(page.body))
    if not render:  # a page fetched again rendered is not archived: nothing to prepare
        capture.prepared = prepare(capture)
    capture.body = b""  # prepared holds it compressed: a fraction of the bytes to send back across processes
    return capture, render
