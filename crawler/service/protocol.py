"""What the supervisor and its crawl worker say to each other: one JSON line per job and per report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["CycleJob", "CycleReport"]


@dataclass(slots=True)
class CycleJob:
    """One cycle's work for the worker, for outlets the supervisor has claimed."""

    cycle: int
    run_id: str  # the cycle's frontier: each article URL is fetched once per cycle
    poll: list[str] = field(default_factory=list)  # read these outlets' feeds and sitemaps
    frontpages: list[str] = field(default_factory=list)  # outlets with neither: read their front pages
    revisit: list[str] = field(default_factory=list)  # fetch these outlets' due articles again
    skip: list[str] = field(default_factory=list)  # listings backing off: not read this time
    revisit_factor: float = 1.0
    revisit_limit: int = 5000

    def to_line(self) -> str:
        return json.dumps(asdict(self)) + "\n"

    @classmethod
    def from_line(cls, line: str) -> CycleJob:
        return cls(**json.loads(line))


@dataclass(slots=True)
class CycleReport:
    """What the worker did: whether every spider finished, its counters, and per outlet the
    listings it read and those that failed (URL -> why)."""

    cycle: int
    finished: bool
    seconds: float
    stats: dict[str, float] = field(default_factory=dict)
    polled: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, dict[str, str]] = field(default_factory=dict)
    error: str | None = None  # the cycle broke off (not a listing failing: the crawl itself)

    def to_line(self) -> str:
        return json.dumps(asdict(self)) + "\n"

    @classmethod
    def from_line(cls, line: str) -> CycleReport:
        data: dict[str, Any] = json.loads(line)
        return cls(**data)

    def count(self, prefix: str) -> dict[str, int]:
        """Counters whose name starts with ``prefix``, keyed by the rest of the name."""
        return {k[len(prefix):]: int(v) for k, v in self.stats.items() if k.startswith(prefix)}
