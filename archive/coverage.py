"""How much a topic was covered, and by whom, over time: story and cluster counts per period and outlet.

Stories are counted once per article (latest version, dated by publication, else first sight).
Clusters are counted too, so one wire story carried by five outlets counts once: the difference
between the two numbers is how much of the coverage was syndicated.

The database does the counting in one statement (the matching stories found once, then GROUP BY
per period and outlet, and per period over all outlets), so a query matching half of a
100,000-story archive returns a few thousand numbers, not its stories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from archive.models import ClusterMember, SearchDoc, Source
from archive.search import matching_ids, readable_errors
from archive.search_filters import StoryFilters

__all__ = ["CoverageRow", "coverage", "coverage_by", "period_of", "BY"]

BY = ("day", "week", "outlet")


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """Counts for one period and outlet; ``outlet`` None is every outlet, ``period`` None every period."""

    period: str | None
    outlet: str | None
    stories: int
    clusters: int

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "outlet": self.outlet, "stories": self.stories, "clusters": self.clusters}


def period_of(when: datetime, by: str) -> str:
    """The period label of an instant, in UTC: ``2026-10-05`` by day, ``2026-W41`` by ISO week."""
    utc = (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC)
    return _label(utc.date(), by)


def _label(day: date, by: str) -> str:
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def _period_start(dialect: str, by: str) -> ColumnElement[Any]:
    """The first day (``YYYY-MM-DD``, UTC) of the day or ISO week (Monday) holding the story's time."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", SearchDoc.story_time)
        return func.to_char(func.date_trunc(by, utc), "YYYY-MM-DD")
    # SQLite keeps instants as UTC text; "weekday 1" moves forward to a Monday, hence the 6 days back.
    if by == "week":
        return func.date(SearchDoc.story_time, "-6 days", "weekday 1")
    return func.date(SearchDoc.story_time)


def _matched(session: Session, query: str | None, conditions: list[ColumnElement[bool]],
             bys: Sequence[str]) -> CTE:
    """The matching stories once (the statement reads this for every count): each one's outlet,
    cluster and the start of its period for each ``by``."""
    dialect = session.get_bind().dialect.name
    periods = [_period_start(dialect, by).label(f"p_{by}") for by in bys if by != "outlet"]
    stmt = (select(SearchDoc.article_id, SearchDoc.source_id, ClusterMember.cluster_id, *periods)
            .outerjoin(ClusterMember, ClusterMember.article_id == SearchDoc.article_id)
            .where(*conditions))
    if query and query.strip():
        stmt = stmt.where(SearchDoc.article_id.in_(matching_ids(session, query).scalar_subquery()))
    return stmt.cte("matched")


def _counts(matched: CTE, by: str, per_outlet: bool) -> Select[Any]:
    """(by, period start, outlet id, stories, distinct stories) per period (and outlet): a cluster
    counts once among the distinct stories, and so does each article in no cluster."""
    cluster = matched.c.cluster_id
    unclustered = func.coalesce(func.sum(case((cluster.is_(None), 1), else_=0)), 0)
    period: Any = matched.c[f"p_{by}"] if by != "outlet" else cast(null(), String)
    outlet: Any = matched.c.source_id if per_outlet else cast(null(), Integer)
    groups = [g for g, wanted in ((period, by != "outlet"), (outlet, per_outlet)) if wanted]
    stmt = select(literal(by).label("by"), period, outlet, func.count(), func.count(distinct(cluster)) + unclustered)
    return stmt.group_by(*groups) if groups else stmt


def coverage_by(session: Session, query: str | None, bys: Sequence[str] = ("day",), *, outlet: str | None = None,
                language: str | None = None, since: datetime | None = None, until: datetime | None = None,
                section: str | None = None) -> dict[str, list[CoverageRow]]:
    """``coverage`` for several ``by`` at once, in one statement (the matching stories are found once)."""
    for by in bys:
        if by not in BY:
            raise ValueError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    out: dict[str, list[CoverageRow]] = {by: [] for by in bys}
    conditions = StoryFilters(outlet, language, since, until, section).conditions(session)
    if conditions is None or not bys:
        return out
    matched = _matched(session, query, conditions, bys)
    stmt = union_all(*(_counts(matched, by, per_outlet) for by in bys for per_outlet in (True, False)))
    connection = session.connection()  # Core rows: thousands of cells, no ORM row objects needed
    keys: dict[int, str] = {row[0]: row[1] for row in connection.execute(select(Source.id, Source.key))}
    labels: dict[tuple[str, Any], str] = {}
    with readable_errors():
        found = connection.execute(stmt).all()
    for by, start, source_id, stories, clusters in found:
        if not stories:
            continue  # the grand total of nothing
        if start is not None and (by, start) not in labels:
            labels[by, start] = _label(date.fromisoformat(str(start)[:10]), by)
        out[by].append(CoverageRow(labels.get((by, start)), keys[source_id] if source_id is not None else None,
                                   stories, clusters))
    for rows in out.values():
        rows.sort(key=lambda r: (r.period or "", r.outlet is None, r.outlet or ""))
    return out


def coverage(session: Session, query: str | None, by: str = "day", *, outlet: str | None = None,
             language: str | None = None, since: datetime | None = None, until: datetime | None = None,
             section: str | None = None) -> list[CoverageRow]:
    """Story and cluster counts of the stories matching ``query`` (all stories when empty).

    ``by="day"`` or ``"week"``: one row per (period, outlet) plus a total row per period
    (``outlet`` None), periods in order. ``by="outlet"``: one row per outlet plus a grand total
    (``outlet`` None). Filters mean what they mean in archive.search. Raises SearchSyntaxError
    for a query it cannot read, ValueError for ``by``.
    """
    return coverage_by(session, query, (by,), outlet=outlet, language=language, since=since, until=until,
                       section=section)[by]
