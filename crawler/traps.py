"""Crawl-trap rules for URLs: endless calendars, deep pagination, session ids, parameter permutations.

Pure functions over URL strings. ``trap_reason`` says why a URL should not be followed (or None);
``dedupe_key`` gives one key for URLs that differ only by session id or parameter order, so the
frontier claims them once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["TrapLimits", "trap_reason", "strip_session_ids", "dedupe_key"]

_SESSION_PARAMS = frozenset({
    "jsessionid", "phpsessid", "sessionid", "session_id", "sessid", "sid", "aspsessionid", "cfid", "cftoken",
    "zenid", "oscsid", "s_sess",
})
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.IGNORECASE)
_PAGE_PARAMS = frozenset({"page", "p", "pg", "paged", "pagenum", "page_num", "offset", "start"})
_PAGE_PATH = re.compile(r"/(?:page|p|seite|pagina)/(\d+)(?:/|$)", re.IGNORECASE)
_CALENDAR_WORDS = re.compile(r"(calendar|kalender|events?|agenda|archive|archives|day|date)", re.IGNORECASE)
_DATE_TOKEN = re.compile(r"(?<![0-9A-Za-z])([12][0-9]{3})[-_/.](?:0?[1-9]|1[0-2])(?![0-9])")
_DATE_KEYS = frozenset({"year", "y", "yr", "date", "day", "month", "from", "to", "start_date", "end_date", "d"})


@dataclass(frozen=True, slots=True)
class TrapLimits:
    """How far a URL may go before it counts as a trap (all configurable through settings)."""

    max_url_length: int = 2000
    max_query_params: int = 8
    max_path_segments: int = 14
    max_repeated_segment: int = 2  # the same path segment at most this many times
    max_page_number: int = 20
    calendar_years_ahead: int = 1
    calendar_years_back: int = 30


def strip_session_ids(url: str) -> str:
    """The URL without session-id parameters (``?sid=..``, ``;jsessionid=..``)."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in _SESSION_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query, doseq=True), parts.fragment))


def dedupe_key(url: str) -> str:
    """One key for the same page however its parameters are ordered or its session is named."""
    return canonicalize_url(strip_session_ids(url), keep_fragments=False)


def _page_number(parts: object) -> int | None:
    path, query = parts.path, parts.query  # type: ignore[attr-defined]
    numbers = [int(m.group(1)) for m in _PAGE_PATH.finditer(path)]
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() in _PAGE_PARAMS and value.isdigit():
            numbers.append(int(value) if key.lower() not in ("offset", "start") else int(value) // 10)
    return max(numbers) if numbers else None


def _years(url: str) -> list[int]:
    """Years a URL names: whole 4-digit path segments, date tokens (2031-05), date parameters."""
    parts = urlsplit(url)
    years = [int(seg) for seg in parts.path.split("/") if len(seg) == 4 and seg.isdigit()]
    years += [int(y) for y in _DATE_TOKEN.findall(parts.path + "?" + parts.query)]
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _DATE_KEYS and value[:4].isdigit() and (len(value) == 4 or not value[4:5].isdigit()):
            years.append(int(value[:4]))
    return years


def _calendar_year_out_of_range(url: str, limits: TrapLimits, now: datetime) -> int | None:
    parts = urlsplit(url)
    calendar = bool(_CALENDAR_WORDS.search(parts.path + "?" + parts.query))
    for year in _years(url):
        # Dated article paths (/2019/05/17/slug) are normal; far-future dates never are, and
        # calendar pages are kept near today.
        if year > now.year + limits.calendar_years_ahead:
            return year
        if calendar and year < now.year - limits.calendar_years_back:
            return year
    return None


def trap_reason(url: str, limits: TrapLimits = TrapLimits(), now: datetime | None = None) -> str | None:
    """Why following ``url`` looks like walking into a trap, or None when it looks fine."""
    if len(url) > limits.max_url_length:
        return "url_too_long"
    parts = urlsplit(url)
    if len(parse_qsl(parts.query, keep_blank_values=True)) > limits.max_query_params:
        return "too_many_parameters"
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > limits.max_path_segments:
        return "path_too_deep"
    if segments and max(segments.count(s) for s in set(segments)) > limits.max_repeated_segment:
        return "repeated_path_segment"
    page = _page_number(parts)
    if page is not None and page > limits.max_page_number:
        return "pagination_too_deep"
    if _calendar_year_out_of_range(url, limits, now or datetime.now(UTC)) is not None:
        return "calendar"
    return None
