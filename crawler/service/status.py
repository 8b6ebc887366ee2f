"""Where each outlet stands in the service's schedule: one typed row per outlet, for `status`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import PollSchedule
from crawler.service.schedule import failing_listings, new_articles_since, revisit_outlook

__all__ = ["OutletStatus", "outlet_status"]


@dataclass(frozen=True, slots=True)
class OutletStatus:
    outlet: str
    state: str  # polling | backing off | failing | due | waiting
    last_poll_at: datetime | None
    next_poll_at: datetime
    interval_s: float
    last_outcome: str | None
    last_new: int
    polls: int
    failures: int
    articles_24h: int
    revisits_due: int
    claimed_by: str | None
    last_error: str | None
    failing: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL -> failures, retry_at, error

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "state": self.state,
                "last_poll_at": self.last_poll_at.isoformat() if self.last_poll_at else None,
                "next_poll_at": self.next_poll_at.isoformat(), "interval_s": round(self.interval_s, 3),
                "last_outcome": self.last_outcome, "last_new": self.last_new, "polls": self.polls,
                "failures": self.failures, "articles_24h": self.articles_24h, "revisits_due": self.revisits_due,
                "claimed_by": self.claimed_by, "last_error": self.last_error, "failing_listings": self.failing}


def _state(row: PollSchedule, now: datetime, failing: int) -> str:
    if row.claimed_by and row.claimed_until and row.claimed_until > now:
        return "polling"
    if row.failures:
        return "failing"
    if failing:
        return "backing off"
    return "due" if row.next_poll_at <= now else "waiting"


def outlet_status(session: Session, *, now: datetime | None = None, revisit_factor: float = 1.0) -> list[OutletStatus]:
    """Every scheduled outlet, by key."""
    now = now or datetime.now(UTC)
    rows = list(session.scalars(select(PollSchedule).order_by(PollSchedule.outlet)))
    keys = [row.outlet for row in rows]
    recent = new_articles_since(session, keys, now - timedelta(hours=24))
    due = revisit_outlook(session, now=now, outlets=keys, factor=revisit_factor).due
    out = []
    for row in rows:
        failing = failing_listings(row)
        out.append(OutletStatus(
            outlet=row.outlet, state=_state(row, now, len(failing)), last_poll_at=row.last_poll_at,
            next_poll_at=row.next_poll_at, interval_s=row.interval_s, last_outcome=row.last_outcome,
            last_new=row.last_new, polls=row.polls, failures=row.failures, articles_24h=recent.get(row.outlet, 0),
            revisits_due=due.get(row.outlet, 0), claimed_by=row.claimed_by if row.claimed_until and
            row.claimed_until > now else None, last_error=row.last_error,
            failing={url: state.to_json() for url, state in failing.items()}))
    return out
