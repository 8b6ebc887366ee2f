"""Looking into an archive that a killed crawler left behind: is it whole, and what does it hold.

Used by the SIGKILL trials (test_sigkill_resume.py); everything here reads the database directly,
so it sees exactly what a crash left, whichever backend.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from archive.blobs import decompress
from archive.migrate import head_revision
from archive.models import Base

__all__ = ["Probe", "Snapshot", "integrity_problems", "run_status", "snapshot", "sqlite_path"]


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


class Probe:
    """Looks into an archive while a crawler writes to it: how many captures are committed, and
    whether a write transaction is open right now.

    SQLite: a capture count through a read-only connection (the file must never be created before
    the crawler does), and ``BEGIN IMMEDIATE`` without waiting, which fails exactly while another
    connection holds the write lock (it is released again at once when it succeeds). PostgreSQL:
    one kept connection (a connection per poll would fork a server backend each time), and
    pg_stat_activity for a backend of this trial (by application_name) whose transaction has
    written (has an xid).
    """

    def __init__(self, url: str) -> None:
        self.path = sqlite_path(url)
        self.application = make_url(url).query.get("application_name")
        self.engine = None if self.path is not None else \
            create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        self.connection: Any = None
        self.writer_probe: sqlite3.Connection | None = None

    def _scalar(self, query: str, **params: Any) -> int:
        assert self.engine is not None
        self.connection = self.connection or self.engine.connect()
        return int(self.connection.execute(text(query), params).scalar_one())

    def captures(self) -> int:
        """Captures committed so far; 0 while the archive or its tables do not exist."""
        try:
            if self.path is None:
                return self._scalar("SELECT count(*) FROM captures")
            if not self.path.exists():
                return 0
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)) as con:
                return int(con.execute("SELECT count(*) FROM captures").fetchone()[0])
        except Exception:  # noqa: BLE001 - no table yet, or the file is being created
            return 0

    def writing(self) -> bool:
        """Whether the crawler is inside a write transaction at this moment."""
        if self.path is None:
            return self._scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = :app "
                                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()", app=self.application) > 0
        self.writer_probe = self.writer_probe or sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            self.writer_probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True  # "database is locked": someone holds the write lock
        self.writer_probe.execute("ROLLBACK")
        return False

    def close(self) -> None:
        if self.writer_probe is not None:
            self.writer_probe.close()
        if self.connection is not None:
            self.connection.close()
        if self.engine is not None:
            self.engine.dispose()


def _sqlite_problems(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        problems = []
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        orphans = con.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            problems.append(f"foreign_key_check: {orphans[:5]}")
        return problems
    finally:
        con.close()


_ARCHIVE_QUERIES = {
    "versions whose capture has no blob": """
        SELECT v.id FROM versions v JOIN captures c ON c.id = v.capture_id
        WHERE c.blob_sha256 IS NULL OR NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = c.blob_sha256)""",
    "versions whose capture does not point back": """
        SELECT v.id FROM versions v JOIN captures c ON c.id = v.capture_id
        WHERE c.version_id IS NULL OR c.version_id <> v.id""",
    "versions without a derivation": """
        SELECT v.id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM derivations d WHERE d.version_id = v.id)""",
    "articles whose version numbers have gaps": """
        SELECT a.id FROM articles a WHERE a.last_version_number <>
            (SELECT count(*) FROM versions v WHERE v.article_id = a.id)
         OR a.last_version_number <> (SELECT coalesce(max(v.number), 0) FROM versions v WHERE v.article_id = a.id)""",
    "captures of one URL with the same content": """
        SELECT requested_url FROM captures GROUP BY requested_url, blob_sha256, outcome HAVING count(*) > 1""",
}


def _orphan_queries() -> dict[str, str]:
    """For every foreign key of the models: rows that point at a row that is not there."""
    queries = {}
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            child, parent = fk.parent, fk.column
            queries[f"{table.name}.{child.name} -> {parent.table.name}"] = (
                f"SELECT 1 FROM {table.name} c WHERE c.{child.name} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {parent.table.name} p WHERE p.{parent.name} = c.{child.name})")
    return queries


def _blob_problems(engine: Engine) -> list[str]:
    problems = []
    with engine.connect() as connection:
        for sha256, size, data, compression in connection.execute(
                text("SELECT sha256, size, data, compression FROM blobs")):
            try:
                raw = decompress(bytes(data), compression)
            except Exception as exc:  # noqa: BLE001 - a torn blob is exactly what is looked for
                problems.append(f"blob {sha256[:12]} does not decompress: {exc}")
                continue
            if hashlib.sha256(raw).hexdigest() != sha256 or len(raw) != size:
                problems.append(f"blob {sha256[:12]} holds other bytes than its hash says")
    return problems


def integrity_problems(url: str) -> list[str]:
    """Everything wrong with the archive at ``url`` (empty: nothing)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return []  # killed before the archive was created
    problems = _sqlite_problems(path) if path is not None else []
    with engine_for(url) as engine:
        tables = set(inspect(engine).get_table_names())
        models = set(Base.metadata.tables)
        if not tables & models:
            return problems  # killed before (or during) the migration: nothing of it remains
        if not models <= tables:
            return [*problems, f"half a schema: missing {sorted(models - tables)}"]
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if version != head_revision():
                problems.append(f"schema complete but stamped {version!r}")
            for name, query in {**_orphan_queries(), **_ARCHIVE_QUERIES}.items():
                rows = connection.execute(text(query)).fetchall()
                if rows:
                    problems.append(f"{name}: {len(rows)} row(s)")
        return problems + _blob_problems(engine)


@dataclass(frozen=True)
class Snapshot:
    """What an archive holds, in terms that do not depend on when or in which order it was filled."""

    versions: dict[str, tuple[tuple[int, str], ...]]  # canonical URL -> (number, content hash) ...
    captures: Counter[tuple[Any, ...]]  # (requested URL, final URL, status, outcome, error, blob)
    run_status: str | None = field(default=None, compare=False)


def snapshot(url: str) -> Snapshot:
    with engine_for(url) as engine, engine.connect() as connection:
        versions: dict[str, list[tuple[int, str]]] = {}
        for canonical, number, digest in connection.execute(text(
                "SELECT a.canonical_url, v.number, v.content_hash FROM articles a "
                "JOIN versions v ON v.article_id = a.id ORDER BY a.canonical_url, v.number")):
            versions.setdefault(canonical, []).append((number, digest))
        captures = Counter(tuple(row) for row in connection.execute(text(
            "SELECT requested_url, final_url, status, outcome, error_kind, blob_sha256 FROM captures")))
        status = connection.execute(text("SELECT status FROM crawl_runs")).scalar()
    return Snapshot({k: tuple(v) for k, v in versions.items()}, captures, status)


def run_status(url: str) -> str | None:
    """The status of the crawl run recorded in the archive; None when there is none."""
    try:
        with engine_for(url) as engine, engine.connect() as connection:
            return connection.execute(text("SELECT status FROM crawl_runs")).scalar()
    except Exception:  # noqa: BLE001 - killed before the schema was there
        return None
