"""Export story versions as CSV: one row per version, the flat columns of ``schema.COLUMNS``.

Lists are joined inside their cell (key points one per line, paragraphs separated by a blank
line, authors by "; "), times are ISO 8601 in UTC, and per-field provenance is a JSON cell, so a
spreadsheet opens the file as is and nothing is lost that a researcher needs.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive.exporters.files import ExportResult, atomic_file
from archive.exporters.schema import COLUMNS, Column
from archive.exporters.selection import ExportFilters
from archive.exporters.stream import iter_batches
from archive.exporters.tabular import batch_columns, csv_time, is_list, is_time

__all__ = ["export_csv"]

_JOINERS = {"bullets": "\n", "body": "\n\n", "authors": "; "}  # as ``schema.csv_cell`` joins them
#: Rows per write: small writes reuse heap memory, multi-MB ones fault in fresh pages every time.
_ROWS_PER_WRITE = 32


class _Lines:
    """Where ``csv.writer`` puts each formatted row: a list, joined and written a few rows at a time."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _cells(column: Column, values: Sequence[Any]) -> Sequence[Any]:
    """A column's CSV cells (``csv.writer`` itself writes None as empty and numbers as ``str`` does)."""
    if is_list(column):
        return [_JOINERS[column.name].join(items) for items in values]
    if is_time(column):
        return [csv_time(raw) for raw in values]
    return values


def export_csv(session: Session, out_path: str | os.PathLike[str], filters: ExportFilters) -> ExportResult:
    """Write the selected versions to ``out_path`` (UTF-8, a header row, RFC 4180 quoting)."""
    target = Path(out_path)
    pending: list[str] = []
    writer = csv.writer(_Lines(pending), lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    count = 0
    with atomic_file(target) as out:
        for rows in iter_batches(session, filters):
            cells = list(zip(*(_cells(c, v) for c, v in zip(COLUMNS, batch_columns(rows), strict=True)),
                             strict=True))
            for start in range(0, len(cells), _ROWS_PER_WRITE):
                writer.writerows(cells[start:start + _ROWS_PER_WRITE])
                out.write("".join(pending).encode("utf-8"))
                pending.clear()
            count += len(rows)
        out.write("".join(pending).encode("utf-8"))
    digest = out.hexdigest()
    return ExportResult(count=count, path=target, sha256=digest, files={target.name: digest})
