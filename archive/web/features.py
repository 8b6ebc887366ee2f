"""The archive's optional modules (search, clusters, diffs, edits, coverage, exporters), looked up
when used, so the app runs on an archive package that does not have them all yet."""

from __future__ import annotations

import importlib
from types import ModuleType

from fastapi import HTTPException

__all__ = ["optional", "required"]


def optional(name: str) -> ModuleType | None:
    """``archive.<name>`` if it is installed, else None (an import error inside it still raises)."""
    try:
        return importlib.import_module(f"archive.{name}")
    except ModuleNotFoundError as exc:
        if exc.name in (f"archive.{name}", *_parents(name)):
            return None
        raise


def _parents(name: str) -> tuple[str, ...]:
    parts = name.split(".")
    return tuple("archive." + ".".join(parts[:i]) for i in range(1, len(parts)))


def required(name: str, what: str) -> ModuleType:
    """``archive.<name>``, or a 501 saying which capability this archive lacks."""
    module = optional(name)
    if module is None:
        raise HTTPException(501, f"{what} is not available in this version of newsarchive (archive.{name})")
    return module
