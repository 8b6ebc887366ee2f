"""Parse page date strings and pick the published/updated times among several signals.

A page often states its date several times with different precision (a bare date in the URL, a
naive time in a ``<time>`` element, a full timestamp with offset in JSON-LD). We take the most
trusted signal, then let a more precise candidate for the same moment refine it, so the result
carries a time and an offset whenever any signal on the page had one.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from dateutil import parser as date_parser

__all__ = ["DateCandidate", "parse_date", "choose_date", "date_from_url", "not_future"]

_DATE_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$|^\s*(\d{4})(\d{2})(\d{2})\s*$")
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_SPACE_BEFORE_OFFSET = re.compile(r"\s+([+-]\d{2}:?\d{2}|Z)$")
_URL_DATE = re.compile(
    r"(?<![0-9])(20\d{2}|19\d{2})[/_.-](\d{1,2})[/_.-](\d{1,2})(?![0-9])|"
    r"(?<![0-9])(20\d{2})(\d{2})(\d{2})(?![0-9])"
)
_EARLIEST = datetime(1995, 1, 1)


@dataclass(slots=True, frozen=True)
class DateCandidate:
    """A parsed date with the signal it came from; ``has_time`` is False for a bare calendar date."""

    value: datetime
    source: str
    has_time: bool

    @property
    def precision(self) -> int:
        """0 date only, 1 naive time, 2 time with offset."""
        if not self.has_time:
            return 0
        return 2 if self.value.tzinfo is not None else 1


def _from_epoch(text: str) -> datetime | None:
    if not text.isdigit() or len(text) not in (10, 13):
        return None
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(text: str) -> datetime | None:
    text = _SPACE_BEFORE_OFFSET.sub(r"\1", text.replace("Z", "+00:00") if text.endswith("Z") else text)
    text = _COMPACT_OFFSET.sub(r"\1:\2", text) if "T" in text or " " in text else text
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(raw: object, source: str = "") -> DateCandidate | None:
    """Parse one date string (ISO 8601, RFC 2822, epoch, common free forms); None when unreadable."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        raw = str(int(raw))
    text = " ".join(str(raw).split())
    if not text or len(text) > 80:
        return None
    m = _DATE_ONLY.match(text)
    if m:
        y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        try:
            return DateCandidate(datetime(y, mo, d), source, False)
        except ValueError:
            return None
    value = _from_epoch(text) or _iso(text)
    if value is None:
        try:
            with warnings.catch_warnings():  # unknown zone names ("CEST") only warn; we drop them
                warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
                value = date_parser.parse(text, fuzzy=False)
        except (ValueError, OverflowError, TypeError, date_parser.ParserError):
            return None
    if value.tzinfo is not None and value.utcoffset() is None:
        value = value.replace(tzinfo=None)
    return DateCandidate(value, source, True)


def date_from_url(url: str) -> DateCandidate | None:
    """A calendar date written in the URL path (``/2024/05/03/``, ``20240503``), if plausible."""
    path = url.split("?", 1)[0]
    for m in _URL_DATE.finditer(path):
        groups = m.groups()
        y, mo, d = (int(g) for g in (groups[:3] if groups[0] else groups[3:]))
        try:
            return DateCandidate(datetime(y, mo, d), "url", False)
        except ValueError:
            continue
    return None


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def not_future(candidate: DateCandidate, now: datetime) -> bool:
    """False for dates after ``now`` (a day of slack for wrong offsets) or before the web news era."""
    latest = _utc(now) + timedelta(days=1)
    value = _utc(candidate.value)
    return value.replace(tzinfo=None) >= _EARLIEST and value <= latest


def _local_date(c: DateCandidate, tz: timezone | None) -> date:
    if c.value.tzinfo is not None and tz is not None:
        return c.value.astimezone(tz).date()
    return c.value.date()


def _agrees(better: DateCandidate, base: DateCandidate) -> bool:
    """Whether ``better`` describes the same moment as ``base``, only more precisely."""
    if base.precision == 0:
        return _local_date(better, None) == base.value.date()
    if base.precision == 1:
        wall = better.value.replace(tzinfo=None)
        return abs(wall - base.value) < timedelta(minutes=1)
    return False


def choose_date(candidates: list[DateCandidate], now: datetime) -> DateCandidate | None:
    """The first plausible candidate (callers order them by trust), refined by a more precise peer."""
    usable = [c for c in candidates if not_future(c, now)]
    if not usable:
        return None
    best = usable[0]
    for other in usable[1:]:
        if other.precision > best.precision and _agrees(other, best):
            best = other
    if best.precision == 2 and best.value.utcoffset() == timedelta(0):
        # Same instant stated in the outlet's local offset: keep the page's own wall clock.
        for other in usable[1:]:
            if other.precision == 2 and other.value == best.value and other.value.utcoffset() != timedelta(0):
                return other
    return best
