"""How often to poll an outlet and when to retry a failing listing: pure functions over numbers.

An outlet's interval aims at about one new article per poll: a poll that found several new
articles halves it at most (a busy outlet is read more often), a poll that found none lengthens
it by half (a quiet one is left alone), one new article keeps it. Failing listings back off
exponentially from the shortest interval, so a feed that is down costs a few requests an hour,
not one per cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

__all__ = ["PollPolicy", "next_interval", "retry_delay", "ListingFailure", "failing_after",
           "skipped_listings"]

#: A poll that found nothing lengthens the interval this much.
GROW = 1.5
#: A poll never shortens the interval by more than this factor.
SHRINK_LIMIT = 0.5


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """The bounds the service keeps to, in seconds (``newsarchive run`` options)."""

    min_interval: float = 60.0
    max_interval: float = 3600.0
    initial_interval: float = 300.0
    max_backoff: float = 6 * 3600.0

    def __post_init__(self) -> None:
        if not 0 < self.min_interval <= self.max_interval:
            raise ValueError(f"the poll interval bounds must satisfy 0 < min <= max, got min "
                             f"{self.min_interval:g}s and max {self.max_interval:g}s")
        if self.max_backoff < self.min_interval:
            raise ValueError(f"the longest back-off ({self.max_backoff:g}s) is shorter than the shortest "
                             f"poll interval ({self.min_interval:g}s); raise --max-backoff")

    def clamp(self, seconds: float) -> float:
        return min(self.max_interval, max(self.min_interval, seconds))

    @property
    def first_interval(self) -> float:
        return self.clamp(self.initial_interval)


def next_interval(current: float, new_articles: int, policy: PollPolicy) -> float:
    """The interval after a poll that found ``new_articles`` articles the archive did not have."""
    if new_articles <= 0:
        return policy.clamp(current * GROW)
    if new_articles == 1:
        return policy.clamp(current)
    return policy.clamp(current * max(SHRINK_LIMIT, 1 / new_articles))


def retry_delay(failures: int, policy: PollPolicy) -> float:
    """How long a listing that failed ``failures`` times in a row is left alone: 2, 4, 8... times
    the shortest interval, at most ``max_backoff``."""
    exponent = min(max(failures, 1), 40)  # 2**40 intervals is past any sensible cap already
    return float(min(policy.max_backoff, policy.min_interval * 2.0 ** exponent))


@dataclass(frozen=True, slots=True)
class ListingFailure:
    """One failing feed or sitemap: consecutive failures, when to try again, the last error."""

    failures: int
    retry_at: datetime
    error: str

    def to_json(self) -> dict[str, Any]:
        return {"failures": self.failures, "retry_at": self.retry_at.isoformat(), "error": self.error}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ListingFailure:
        return cls(int(data["failures"]), datetime.fromisoformat(str(data["retry_at"])), str(data["error"]))


def failing_after(before: dict[str, ListingFailure], polled: set[str], failed: dict[str, str],
                  now: datetime, policy: PollPolicy) -> dict[str, ListingFailure]:
    """The failing listings after a poll: ``failed`` (URL -> error) count one more failure, the
    other ``polled`` ones have come back, listings not polled this time keep their state."""
    out = {url: state for url, state in before.items() if url not in polled and url not in failed}
    for url, error in failed.items():
        count = before[url].failures + 1 if url in before else 1
        out[url] = ListingFailure(count, now + timedelta(seconds=retry_delay(count, policy)), error)
    return out


def skipped_listings(failing: dict[str, ListingFailure], now: datetime) -> set[str]:
    """Listings still backing off at ``now`` (the poll leaves them out)."""
    return {url for url, state in failing.items() if state.retry_at > now}
