"""Export a BagIt bag: chosen exports plus a Frictionless ``datapackage.json``, checksummed for preservation.

The bag (RFC 8493, made with the Library of Congress ``bagit`` package) holds the payload under
``data/`` with SHA-256 and SHA-512 manifests, and ``bag-info.txt`` records what was exported
and how; anyone can check it later with ``bagit.py --validate``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import bagit
from sqlalchemy.orm import Session

from archive.exporters.datapackage import datapackage
from archive.exporters.files import ExportResult, atomic_dir, folder_digests, listing_digest
from archive.exporters.selection import ExportFilters

__all__ = ["export_bag", "DEFAULT_INCLUDE", "BAGGABLE"]

DEFAULT_INCLUDE = ("jsonl", "csv", "parquet")
BAGGABLE = ("jsonl", "csv", "parquet", "warc", "rss", "atom", "html")
CHECKSUMS = ["sha256", "sha512"]


def _check(include: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [name for name in include if name not in BAGGABLE]
    if unknown or not include:
        raise ValueError(f"cannot put {', '.join(unknown) or 'nothing'} in a bag; choose from {', '.join(BAGGABLE)}")
    return tuple(dict.fromkeys(include))  # keep order, drop repeats


def export_bag(session: Session, out_dir: str | os.PathLike[str], filters: ExportFilters, *,
               include: tuple[str, ...] = DEFAULT_INCLUDE) -> ExportResult:
    """Write a bag holding the ``include`` formats of the selection into the folder ``out_dir``."""
    from archive.exporters.run import FORMATS  # late: run imports this module's siblings by name

    include = _check(include)
    target = Path(out_dir)
    created = datetime.now(UTC)
    counts: dict[str, int] = {}
    with atomic_dir(target) as root:
        described: dict[str, tuple[str, Path]] = {}
        for name in include:
            fmt = FORMATS[name]
            result = fmt.load()(session, root / fmt.default_name, filters=filters)
            counts[name] = result.count
            shown = f"{fmt.default_name}/index.html" if fmt.folder else fmt.default_name
            described[shown] = (name, root / shown)
        digests = folder_digests(root)
        package = datapackage(described, digests, filters, created)
        (root / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        bag_info = {
            "Source-Organization": "newsarchive",
            "External-Description": "Archived news stories with versions and provenance; see data/datapackage.json.",
            "Bagging-Date": created.date().isoformat(),
            "Newsarchive-Formats": ", ".join(include),
            "Newsarchive-Filters": json.dumps(filters.describe(), sort_keys=True),
            "Newsarchive-Story-Versions": str(counts[include[0]]),
        }
        bagit.make_bag(str(root), bag_info, checksums=CHECKSUMS)
        files = folder_digests(root)
    return ExportResult(count=counts[include[0]], path=target, sha256=listing_digest(files), files=files,
                        extra={f"{name}_count": n for name, n in counts.items()})
