"""Shared database fixtures: every archive test runs on SQLite and on PostgreSQL.

``archive_url`` gives each test an empty database of its own: a fresh SQLite file, or a fresh
PostgreSQL schema (selected through ``search_path`` in the URL) that is dropped afterwards.
``archive`` gives an opened, migrated, empty archive (on PostgreSQL a shared schema, emptied).
PostgreSQL is expected at 127.0.0.1:5432 (override with NEWSARCHIVE_TEST_POSTGRES_URL); when it
is unreachable the PostgreSQL half is skipped locally but fails under CI=true, so CI can never
pass without having tested it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from archive.db import Archive, open_archive
from archive.models import Base

POSTGRES_URL = os.environ.get("NEWSARCHIVE_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on the test database, or a skip (a failure under CI) when PostgreSQL is down."""
    engine = create_engine(POSTGRES_URL, poolclass=NullPool,
                           connect_args={"connect_timeout": 3, "options": "-csynchronous_commit=off"})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        where = make_url(POSTGRES_URL).render_as_string(hide_password=True)
        message = f"PostgreSQL unreachable at {where}: {str(exc.orig).strip().splitlines()[0]}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield engine
    engine.dispose()


def _postgres_schema_url(admin: Engine, schema: str) -> str:
    # synchronous_commit=off: test data need not survive a crash, and DDL commits get ~3x faster.
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    url = make_url(POSTGRES_URL).update_query_dict({"options": options})
    return url.render_as_string(hide_password=False)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, unmigrated database for this test only, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.sqlite3'}"
        return
    admin: Engine = request.getfixturevalue("postgres_admin")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(admin, schema)
    finally:
        _drop_schema(admin, schema)


def _drop_schema(admin: Engine, schema: str) -> None:
    with admin.begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '10s'"))
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def postgres_archive(postgres_admin: Engine) -> Iterator[Archive]:
    """One migrated PostgreSQL schema for the whole run; ``archive`` empties it before each test.

    Migrating a fresh schema costs ~0.1 s on PostgreSQL against ~5 ms for emptying the tables.
    Tests that change the schema itself use ``archive_url`` instead.
    """
    schema = f"t_shared_{uuid.uuid4().hex[:8]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    opened = open_archive(_postgres_schema_url(postgres_admin, schema))
    try:
        yield opened
    finally:
        opened.dispose()
        _drop_schema(postgres_admin, schema)


def _empty(archive: Archive) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with archive.engine.begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '10s'"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Archive]:
    """An opened, migrated, empty archive on each backend in turn."""
    if request.param == "postgres":
        shared: Archive = request.getfixturevalue("postgres_archive")
        _empty(shared)
        yield shared
        return
    opened = open_archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    try:
        yield opened
    finally:
        opened.dispose()


# -- Redis ------------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("NEWSARCHIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of this test's own (its keys are deleted afterwards); skipped locally
    when Redis is down, a failure under CI=true."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"Redis unreachable at {REDIS_URL}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"newsarchive-test-{uuid.uuid4().hex[:10]}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
