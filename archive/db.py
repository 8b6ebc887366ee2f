"""Engines, sessions and the opened archive; SQLite is tuned here so callers never think about it."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.settings import redact_url

__all__ = ["Archive", "ArchiveError", "make_engine", "open_archive", "is_transient", "SQLITE_BUSY_TIMEOUT_MS"]

#: How long a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000

_URL_HINT = ("set --db or DATABASE_URL to e.g. sqlite:///newsarchive.sqlite3 or "
             "postgresql+psycopg://user:password@host:5432/dbname")


class ArchiveError(Exception):
    """The archive cannot be opened or used; the message says which archive and what to do."""


def _json_dumps(value: Any) -> str:
    # Keep non-ASCII text as is, so LIKE searches over JSON bodies match accented words.
    return json.dumps(value, ensure_ascii=False)


#: PostgreSQL's codes for a transaction that lost a race and succeeds when tried again: deadlock
#: detected, serialization failure, lock not available.
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001", "55P03"})


def is_transient(exc: BaseException) -> bool:
    """Whether a failed transaction lost a race with another writer (a deadlock, a busy SQLite file)
    rather than hit a problem in its data: trying it again then succeeds."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES or getattr(orig, "pgcode", None) in _TRANSIENT_SQLSTATES:
        return True
    return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)


def _set_wal(cursor: Any) -> None:
    """Switch to WAL (persistent, so only a fresh file really changes).

    The switch needs an exclusive lock and SQLite reports a clash with another connection doing
    the same at once as "locked" without calling the busy handler; so retry here for a while.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _tune_sqlite(engine: Engine) -> None:
    """WAL, a generous busy timeout, enforced foreign keys, and transactions SQLAlchemy controls.

    The driver's legacy mode never BEGINs before a SELECT and mishandles SAVEPOINT, which
    record_capture relies on; so the driver's own BEGIN is switched off and ours is emitted
    instead (``BEGIN IMMEDIATE`` when a connection asks for it with ``sqlite_begin``).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            _set_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def make_engine(url: str) -> Engine:
    """An engine for ``url``; raises ArchiveError (password hidden) when the URL is unusable."""
    try:
        parsed = make_url(url)
        engine = create_engine(parsed, json_serializer=_json_dumps, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ArchiveError(f"cannot use database URL {redact_url(url)!r}: {exc}; {_URL_HINT}") from exc
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


@dataclass(slots=True)
class Archive:
    """An opened, migrated archive: its engine and a way to get transactional sessions."""

    engine: Engine
    _sessions: sessionmaker[Session]

    @classmethod
    def from_engine(cls, engine: Engine) -> Archive:
        return cls(engine, sessionmaker(bind=engine, expire_on_commit=False))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_archive(url: str, *, upgrade: bool = True) -> Archive:
    """Open the archive at ``url``, creating or upgrading its schema to the latest migration."""
    from archive import migrate  # late: the migrations' env.py imports this module

    engine = make_engine(url)
    try:
        if upgrade:
            migrate.upgrade(engine)
        else:
            with engine.connect():
                pass
    except (DBAPIError, SQLAlchemyError, OSError) as exc:
        engine.dispose()
        reason = getattr(exc, "orig", None) or exc
        raise ArchiveError(f"cannot open the archive at {redact_url(url)}: {_first_line(reason)}; "
                           f"check that the database exists and is reachable, or {_URL_HINT}") from exc
    except Exception as exc:
        engine.dispose()
        if type(exc).__module__.startswith("alembic"):
            raise ArchiveError(f"cannot migrate the archive at {redact_url(url)}: {_first_line(exc)}; "
                               "it may have been written by a newer newsarchive — upgrade this one") from exc
        raise
    return Archive.from_engine(engine)


def _first_line(exc: object) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
