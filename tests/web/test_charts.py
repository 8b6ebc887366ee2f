"""Bar chart geometry and coverage tables (pure functions, no archive)."""

from __future__ import annotations

from dataclasses import dataclass

from archive.web.charts import bar_chart
from archive.web.coverageview import _lines


def test_bars_fit_the_plot_and_ticks_are_round() -> None:
    chart = bar_chart("t", [("a", 3), ("b", 30), ("c", 0)])
    assert [value for _, value in chart.ticks] == [0, 10, 20, 30, 40]
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.label == "b" and tallest.y >= chart.plot_top
    assert all(b.y + b.height == chart.plot_bottom or abs(b.y + b.height - chart.plot_bottom) < 0.05 for b in chart.bars)
    assert chart.bars[2].height == 0
    empty = bar_chart("t", [])
    assert empty.bars == [] and [v for _, v in empty.ticks] == [0, 1, 2, 3, 4]


def test_dense_day_charts_label_every_nth_bar() -> None:
    chart = bar_chart("t", [(f"d{i}", i) for i in range(100)])
    assert chart.label_every == 7


@dataclass
class Row:
    period: str | None
    outlet: str | None
    stories: int
    clusters: int


def test_day_lines_fill_empty_days_and_keep_outlet_counts() -> None:
    rows = [Row("2026-10-01", "a", 2, 2), Row("2026-10-01", None, 3, 2), Row("2026-10-01", "b", 1, 1),
            Row("2026-10-04", None, 1, 1), Row("2026-10-04", "a", 1, 1)]
    lines, total = _lines(rows, "day")
    assert [line.key for line in lines] == ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"]
    assert [line.stories for line in lines] == [3, 0, 0, 1] and total == 4
    assert lines[0].by_outlet == {"a": 2, "b": 1} and lines[0].clusters == 2
    outlets, grand = _lines([Row(None, "a", 3, 2), Row(None, None, 4, 3), Row(None, "b", 1, 1)], "outlet")
    assert [(line.key, line.stories) for line in outlets] == [("a", 3), ("b", 1)] and grand == 4
