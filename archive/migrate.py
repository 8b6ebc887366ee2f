"""Run the archive's Alembic migrations from code, wherever the package is installed."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from archive.models import Base

__all__ = ["MIGRATIONS_DIR", "alembic_config", "upgrade", "head_revision", "current_revision", "schema_diff"]

#: The migration scripts travel inside the package, so an installed archive can upgrade itself.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Any constant works; it only has to be the same for every process that migrates this database.
_PG_MIGRATION_LOCK = 0x6E657773  # "news"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code (no ini or pyproject needed), optionally bound to a connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str | None:
    """The newest revision this code knows (the scripts cannot change while it runs)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _lock_for_migration(connection: Connection) -> None:
    """Make concurrent openers of a fresh database migrate one after the other.

    On SQLite the caller's transaction already began IMMEDIATE (the write lock); PostgreSQL gets
    a transaction-scoped advisory lock, released at commit.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction; a no-op when it is there already."""
    head = head_revision()
    with engine.connect() as probe:
        if revision == "head" and current_revision(probe) == head:
            return
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection:
        with connection.begin():
            _lock_for_migration(connection)
            command.upgrade(alembic_config(connection), revision)


def schema_diff(engine: Engine) -> list[Any]:
    """Differences between the migrated database and the models (empty when they agree)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))
