"""A live progress display for crawls, fed by the items the pipelines finish."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from archive.capture import Capture

__all__ = ["CrawlProgress", "configure_console_logging"]


def configure_console_logging(console: Console, level: int = logging.WARNING) -> None:
    """Route Scrapy's and our logs through rich so they print above the progress bar."""
    handler = RichHandler(console=console, show_path=False, markup=False, rich_tracebacks=False)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(level)  # Scrapy resets the root logger's level, so filter at the handler
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


class CrawlProgress:
    """Counts pages as they are archived: new articles, new versions, unchanged, errors."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(bar_width=None),
            TextColumn("{task.completed} pages"), TextColumn("[dim]{task.fields[detail]}"), TimeElapsedColumn(),
            console=console, transient=False,
        )
        self.task: Any = None
        self.outcomes: Counter[str] = Counter()

    def __enter__(self) -> CrawlProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def start_pass(self, label: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, total=self.progress.tasks[self.task].completed)
        self.outcomes = Counter()
        self.task = self.progress.add_task(label, total=None, detail="")

    def on_item(self, item: Any) -> None:
        if not isinstance(item, Capture) or self.task is None:
            return
        self.outcomes["error" if item.error_kind else "archived"] += 1
        detail = " ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        self.progress.update(self.task, advance=1, detail=detail)

    def finish(self) -> None:
        if self.task is not None:
            self.progress.update(self.task, total=self.progress.tasks[self.task].completed)
