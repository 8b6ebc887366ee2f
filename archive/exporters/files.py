"""Write exports atomically: readers never see half a file, and a failed export leaves the old one.

Each output is built next to its target under a temporary name and renamed into place when it
is complete; a folder output (a static site, a bag) is swapped in the same way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "ExportResult", "HashingWriter", "atomic_file", "atomic_path", "atomic_dir", "sha256_file",
    "folder_digests", "listing_digest",
]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What one export wrote: how many story versions, where, and the SHA-256 of each file.

    ``sha256`` is the digest of ``path`` for a single-file export; for a folder it is the digest
    of its sorted file list with their digests (so two identical folders compare equal).
    ``files`` maps each written file, relative to ``path``'s folder (or to ``path`` for a folder),
    to its SHA-256.
    """

    count: int
    path: Path
    sha256: str
    files: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


def _temp_name(target: Path, suffix: str = ".tmp") -> Path:
    # Not tempfile: its 0600 mode would stick to the export after the rename.
    return target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{suffix}")


class HashingWriter:
    """A binary writer that hashes and counts what goes through it."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._handle.write(data)
        self._digest.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._handle.flush()

    def tell(self) -> int:
        return self.size

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write ``target``'s content to; renamed onto ``target`` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(target)
    try:
        yield temp
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(target: Path) -> Iterator[HashingWriter]:
    """A hashing binary writer whose bytes become ``target`` when the block ends without error."""
    with atomic_path(target) as temp, temp.open("xb") as handle:
        writer = HashingWriter(handle)
        yield writer
        handle.flush()


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """A fresh temporary folder that replaces the folder ``target`` when the block ends without error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(target, ".building")
    temp.mkdir()
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    old = _temp_name(target, ".old") if target.exists() else None
    if old is not None:
        os.replace(target, old)
    os.replace(temp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, keyed by its POSIX path relative to ``root``, sorted."""
    return {p.relative_to(root).as_posix(): sha256_file(p)
            for p in sorted(root.rglob("*")) if p.is_file()}


def listing_digest(files: dict[str, str]) -> str:
    """One digest for a set of files: SHA-256 over ``<sha256>  <path>`` lines, sorted by path."""
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(files.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
