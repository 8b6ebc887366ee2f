"""Alembic environment: runs migrations on a connection handed in by code, else on DATABASE_URL.

``archive.migrate`` passes its own connection (inside a transaction it holds a lock on), so
``open_archive`` never spawns a second engine; the ``alembic`` command line (configured in
pyproject.toml) uses ``-x url=...`` or else the archive's settings (DATABASE_URL).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from archive.db import make_engine
from archive.models import Base
from archive.settings import load_settings

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
    )


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or load_settings().database_url
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a database")
run_online()
