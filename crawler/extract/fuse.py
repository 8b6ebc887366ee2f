"""Pick one value per field from the candidates every signal offered.

Each chooser knows its field's failure modes: headlines carry the outlet's name, bylines carry
roles and timestamps, dates come with different precision, canonical links may be relative.
Every chooser returns the value and the name of the signal that won.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from crawler.extract.authors import clean_author_list, is_desk_credit
from crawler.extract.body import BodyResult
from crawler.extract.byline import dom_bylines
from crawler.extract.dates import DateCandidate, choose_date, parse_date
from crawler.extract.headline import host_words, normal_key, pick_headline
from crawler.extract.page import Page, clean_space
from crawler.extract.profile import OutletProfile
from crawler.extract.signals import Signals

__all__ = [
    "is_outlet",
    "outlet_names",
    "choose_headline",
    "headline_from",
    "choose_authors",
    "choose_dates",
    "choose_simple",
    "site_name_of",
]

Choice = tuple[str | None, str | None]


def site_name_of(sig: Signals, body: BodyResult | None) -> Choice:
    """The outlet's own name: og:site_name, then JSON-LD publisher, then trafilatura's guess."""
    for source, value in sig.site_names:
        if value and len(value) <= 80:
            return clean_space(value), source
    if body and body.sitename:
        return clean_space(body.sitename), "trafilatura"
    return None, None


def _site_keys(page: Page, sig: Signals, profile: OutletProfile | None) -> list[str]:
    names = [v for _, v in sig.site_names if v]
    names += list(host_words(page.url))
    if profile:
        names += list(profile.title_affixes)
    return names


def choose_headline(
    page: Page, sig: Signals, body: BodyResult | None, profile: OutletProfile | None
) -> Choice:
    """The headline, its outlet decorations removed (see :mod:`crawler.extract.headline`)."""
    cands = list(sig.headlines)
    if body and body.title:
        cands.append(("trafilatura", body.title))
    return pick_headline(cands, _site_keys(page, sig, profile), [v for _, v in sig.sections])


def headline_from(page: Page, sig: Signals, profile: OutletProfile | None, signal: str) -> Choice:
    """The headline as one named signal gives it (an outlet rule's choice), cleaned the same way."""
    cands = [(src, value) for src, value in sig.headlines if src == signal]
    return pick_headline(cands, _site_keys(page, sig, profile), [v for _, v in sig.sections])


def outlet_names(page: Page, sig: Signals) -> list[str]:
    """Every name the page uses for its outlet (to tell an outlet credit from a person)."""
    names = [v for _, v in sig.site_names if v] + sorted(host_words(page.url))
    for key in ("publisher", "dc.publisher", "og:site_name"):
        names += [re.sub(r"\s*\(.*\)\s*$", "", v) for v in page.meta.get(key, [])]
    return names


def is_outlet(name: str, outlets: list[str], copyright_key: str = "") -> bool:
    """Whether a credited name is the outlet itself (its name, host or copyright holder)."""
    key = normal_key(name)
    if is_desk_credit(name):
        return False
    if len(key) >= 4 and key in copyright_key:
        return True
    for outlet in outlets:
        other = normal_key(outlet)
        if other and (key == other or (len(other) >= 3 and (key.startswith(other) or other.startswith(key)))):
            return True
    return False


def _dom_name_ok(name: str) -> bool:
    """Bylines read from markup need to look like a name: one lower-case word is a label."""
    return not (" " not in name and name.islower())


def _author_groups(page: Page, sig: Signals, body: BodyResult | None) -> Iterator[tuple[str, list[str]]]:
    """Structured signals first; the markup is read only if they name nobody (it is the slow part)."""
    yield from sig.authors
    yield from dom_bylines(page.tree)
    if body and body.author:
        yield "trafilatura", [body.author]


def choose_authors(page: Page, sig: Signals, body: BodyResult | None) -> tuple[list[str], str | None]:
    """Credited names from the first signal (in trust order) that names someone other than the outlet.

    Agencies co-credited with a person stay ("Jane Doe, dpa"); when no signal names anyone but
    the outlet, the outlet/organisation credit is returned as a last resort.
    """
    outlets = outlet_names(page, sig)
    copyright_key = normal_key(page.first("copyright", "dc.rights") or "")
    fallback: tuple[list[str], str | None] = ([], None)
    for source, raw in _author_groups(page, sig, body):
        names = clean_author_list(raw)
        if source.startswith("byline"):
            names = [n for n in names if _dom_name_ok(n)]
        if any(not is_outlet(n, outlets, copyright_key) for n in names):
            return [n for n in names if not is_outlet(n, outlets, copyright_key)], source
        if names and not fallback[0]:
            fallback = (names, source)
    for source, raw in sig.org_authors:
        names = clean_author_list(raw)
        if names and not fallback[0]:
            fallback = (names, source)
    return fallback


def _htmldate(page: Page, now: datetime) -> DateCandidate | None:
    """htmldate's guess (original publication date) for pages without any date signal of ours."""
    try:
        from htmldate import find_date

        found = find_date(
            page.tree,
            extensive_search=True,
            original_date=True,
            url=page.url,
            outputformat="%Y-%m-%d",
            max_date=now.strftime("%Y-%m-%d"),
        )
    except Exception:  # noqa: BLE001 - a date guesser failing must not fail the page
        return None
    return parse_date(found, "htmldate") if found else None


def choose_dates(
    page: Page, sig: Signals, now: datetime
) -> tuple[DateCandidate | None, DateCandidate | None]:
    """Published and updated; published never taken from a modified-date signal."""
    pub = choose_date(list(sig.published), now)
    if pub is None:
        guess = _htmldate(page, now)
        pub = choose_date([guess], now) if guess else None
    upd = choose_date(sig.updated, now)
    if (
        pub
        and upd
        and upd.value.tzinfo is not None
        and pub.value.tzinfo is not None
        and upd.value < pub.value
    ):
        upd = None
    return pub, upd


def choose_simple(cands: list[tuple[str, str]]) -> Choice:
    """The first non-empty candidate."""
    for source, value in cands:
        if value and value.strip():
            return clean_space(value), source
    return None, None


def language_of(sig: Signals, body: BodyResult | None) -> Choice:
    """ISO 639-1 code from ``<html lang>``, meta, JSON-LD, or trafilatura."""
    cands = list(sig.languages)
    if body and body.language:
        cands.append(("trafilatura", body.language))
    for source, value in cands:
        code = value.strip().replace("_", "-").split("-")[0].lower()
        if 2 <= len(code) <= 3 and code.isalpha():
            return code, source
    return None, None
