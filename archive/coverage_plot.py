"""Draw coverage counts as a PNG chart (matplotlib, without a display)."""

from __future__ import annotations

from pathlib import Path

from archive.coverage import CoverageRow

__all__ = ["plot_coverage"]


def plot_coverage(rows: list[CoverageRow], by: str, path: Path, title: str) -> Path:
    """Stories per outlet and period (lines, or bars by outlet) with the distinct-story count
    (clusters) of all outlets; returns the written path."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed; must precede pyplot
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    try:
        if by == "outlet":
            bars = [r for r in rows if r.outlet is not None]
            names = [r.outlet or "" for r in bars]
            ax.bar(names, [r.stories for r in bars], label="stories")
            ax.bar(names, [r.clusters for r in bars], width=0.4, label="distinct stories (clusters)")
            ax.set_xlabel("outlet")
        else:
            periods = sorted({r.period for r in rows if r.period is not None})
            outlets = sorted({r.outlet for r in rows if r.outlet is not None})
            cells = {(r.period, r.outlet): r for r in rows}
            for key in outlets:
                ax.plot(periods, [cells[(p, key)].stories if (p, key) in cells else 0 for p in periods],
                        marker="o", label=key)
            ax.plot(periods, [cells[(p, None)].clusters if (p, None) in cells else 0 for p in periods],
                    linestyle="--", color="black", marker="s", label="distinct stories, all outlets")
            ax.set_xlabel(by)
            ax.tick_params(axis="x", labelrotation=45)
        ax.set_ylabel("stories")
        ax.set_title(title)
        ax.legend(fontsize="small")
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
    return path
