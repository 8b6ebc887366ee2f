"""A query's coverage per day and per outlet, as bar charts and tables (counts from archive.coverage)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fastapi import HTTPException
from markupsafe import Markup
from sqlalchemy.orm import Session

from archive.web.charts import BarChart, bar_chart
from archive.web.features import required

__all__ = ["CoverageView", "CoverageLine", "coverage_view", "KINDS"]

KINDS = ("day", "outlet")
_FILL_DAYS = 400
_TITLES = {"day": "Stories per day", "week": "Stories per week", "outlet": "Stories per outlet"}


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """One line of a coverage table: a period (or an outlet) and its counts."""

    key: str
    stories: int
    clusters: int  # distinct stories once syndicated copies count once
    by_outlet: dict[str, int] = field(default_factory=dict)  # periods only

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "stories": self.stories, "clusters": self.clusters, "by_outlet": self.by_outlet}


@dataclass
class CoverageView:
    query: str
    lines: dict[str, list[CoverageLine]] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)  # columns of the per-period tables
    charts: dict[str, BarChart] = field(default_factory=dict)
    total: int = 0

    @property
    def series(self) -> dict[str, list[tuple[str, int]]]:
        return {kind: [(line.key, line.stories) for line in lines] for kind, lines in self.lines.items()}

    def outlet_cells(self, line: CoverageLine) -> Markup:
        """A period's count per outlet as table cells, in ``outlets`` order. Built here because a
        year of days by a dozen outlets is thousands of cells, slow to loop over in Jinja; the
        cells hold integers only, so there is nothing to escape."""
        counts = line.by_outlet
        return Markup("".join(f"<td>{int(counts[o])}</td>" if o in counts else "<td></td>" for o in self.outlets))


def _lines(rows: Iterable[Any], kind: str) -> tuple[list[CoverageLine], int]:
    """Table lines from archive.coverage rows, and the grand total of stories."""
    if kind == "outlet":
        lines = [CoverageLine(r.outlet, r.stories, r.clusters) for r in rows if r.outlet is not None]
        total = next((r.stories for r in rows if r.outlet is None), sum(line.stories for line in lines))
        return lines, total
    per_outlet: dict[str, dict[str, int]] = {}
    totals: dict[str, Any] = {}
    for r in rows:
        if r.outlet is None:
            totals[r.period] = r
        else:
            per_outlet.setdefault(r.period, {})[r.outlet] = r.stories
    lines = [CoverageLine(period, t.stories, t.clusters, per_outlet.get(period, {})) for period, t in totals.items()]
    total = sum(line.stories for line in lines)
    return (_with_empty_days(lines) if kind == "day" else lines), total


def _with_empty_days(lines: list[CoverageLine]) -> list[CoverageLine]:
    """Days without stories as zero lines, so the chart's time axis is even (spans up to a year)."""
    try:
        days = [date.fromisoformat(line.key) for line in lines]
    except ValueError:
        return lines
    if not days:
        return lines
    first, last = min(days), max(days)
    if (last - first).days > _FILL_DAYS:
        return lines
    known = {line.key: line for line in lines}
    every_day = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [known.get(d.isoformat(), CoverageLine(d.isoformat(), 0, 0)) for d in every_day]


def coverage_view(session: Session, query: str, kinds: Iterable[str] = KINDS) -> CoverageView:
    """Stories matching ``query`` per day and per outlet (or the ``kinds`` asked for)."""
    module = required("coverage", "coverage")
    search = required("search", "full-text search")
    view = CoverageView(query=query)
    kinds = tuple(kinds)
    try:
        counted = module.coverage_by(session, query, kinds)  # one statement for every kind
    except search.SearchSyntaxError as exc:
        raise HTTPException(400, f"cannot read the search query: {exc}") from None
    for kind in kinds:
        lines, view.total = _lines(counted[kind], kind)
        view.lines[kind] = lines
        view.charts[kind] = bar_chart(f"{_TITLES[kind]}: {query}", [(line.key, line.stories) for line in lines])
        if kind != "outlet":
            view.outlets = sorted({o for line in lines for o in line.by_outlet})
    return view
