"""Bar charts as plain geometry for a server-rendered SVG (no JavaScript, no chart library)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Bar", "BarChart", "bar_chart"]


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """Everything the SVG template needs; coordinates are in the SVG's own units."""

    title: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    left: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value) of the horizontal grid lines
    label_every: int  # show every n-th x label, so dense day charts stay readable


def _tick_step(value: int, ticks: int = 4) -> int:
    """The smallest 1/2/5 x 10^k step whose ``ticks`` steps reach ``value`` (round grid lines)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step * ticks >= value:
                return factor * step
        step *= 10


def bar_chart(title: str, points: list[tuple[str, int]], width: int = 720, height: int = 260) -> BarChart:
    """Lay ``points`` (label, count) out as bars, left to right in the order given."""
    left, top, bottom = 44, 12, height - 48
    step = _tick_step(max((v for _, v in points), default=0))
    top_value = 4 * step
    plot_height = bottom - top
    slot = (width - left - 8) / max(1, len(points))
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_height * value / top_value
        bars.append(Bar(label=label, value=value, x=round(left + i * slot + slot * 0.1, 2), y=round(bottom - h, 2),
                        width=round(max(1.0, slot * 0.8), 2), height=round(h, 2)))
    ticks = [(round(bottom - plot_height * k / 4, 2), step * k) for k in range(5)]
    label_every = max(1, -(-len(points) // 16))
    return BarChart(title=title, width=width, height=height, plot_top=top, plot_bottom=bottom, left=left,
                    bars=bars, ticks=ticks, label_every=label_every)
