"""Build outlet profiles from pages one already has (a crawl's recent pages, or a test corpus).

Learning uses raw extraction (no profile) of each page, so it can run before any profile exists.
For evaluation, :func:`profiles_for_corpus` learns each page's profile from the *other* pages of
its outlet only (leave-one-out), so no page ever sees itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from crawler.extract.core import extract
from crawler.extract.decode import to_text
from crawler.extract.page import parse_page, visible_text
from crawler.extract.profile import OutletProfile, ProfileBuilder
from crawler.extract.result import ExtractionError

__all__ = ["learn_profile", "profiles_for_corpus"]


def _raw(html: str | bytes, url: str) -> tuple[list[str], str | None] | None:
    """The page's profile-free body and its raw ``<title>`` text."""
    try:
        ex = extract(html, url)
        page = parse_page(to_text(html), url)
    except ExtractionError:
        return None
    titles = page.tree.xpath("/html/head/title")
    return ex.body, (visible_text(titles[0]) if titles else None)


def learn_profile(pages: Iterable[tuple[str | bytes, str]], outlet: str = "") -> OutletProfile:
    """A profile from ``(html, url)`` pairs of one outlet."""
    builder = ProfileBuilder(outlet=outlet)
    for html, url in pages:
        raw = _raw(html, url)
        if raw is not None:
            builder.add_page(raw[0], raw[1])
    return builder.build()


def profiles_for_corpus(pages: list[dict[str, Any]]) -> dict[str, OutletProfile]:
    """Leave-one-out profiles keyed by page id; pages are dicts with id, html, url, publisher_key."""
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page in pages:
        by_outlet[str(page.get("publisher_key") or page.get("publisher"))].append(page)
    raw = {p["id"]: _raw(p["html"], p["url"]) for p in pages}
    profiles: dict[str, OutletProfile] = {}
    for outlet, group in by_outlet.items():
        for page in group:
            builder = ProfileBuilder(outlet=outlet)
            for other in group:
                got = raw[other["id"]]
                if other is not page and got is not None:
                    builder.add_page(got[0], got[1])
            profiles[page["id"]] = builder.build()
    return profiles
