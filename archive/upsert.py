"""The archive's plain inserts: INSERT ... ON CONFLICT DO NOTHING on both backends (the race-safe
way to add shared rows), and Core statements on a mapped class's table."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.models import Base

__all__ = ["insert_or_ignore", "insert_many_or_ignore", "insert_ignoring", "dialect_insert_ignoring", "table_insert",
           "mapped_table"]


@cache
def table_insert(model: type[Base]) -> Insert:
    """A Core INSERT into ``model``'s table, for rows the session need not track.

    The crawler's writer adds a dozen rows per new article; as ORM objects (or ORM bulk inserts)
    each costs the unit of work's bookkeeping, which was a fair share of the writer's CPU. Pass
    the values as execution parameters (``session.execute(table_insert(M), {...})``): a statement
    without bound values is compiled once and found in the cache by a cheap key. Statements are
    immutable, so one per table is shared.
    """
    return insert(mapped_table(model))


def mapped_table(model: type[Base]) -> Table:
    """``model``'s table, for Core statements: an UPDATE of the mapped class goes through the
    ORM's bulk path (session synchronisation, entity bookkeeping) even for one plain row."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def insert_ignoring(session: Session, model: type[Base] | Table, keys: Sequence[str]) -> Any:
    """The dialect's ``INSERT INTO model ... ON CONFLICT (keys) DO NOTHING``, without values yet."""
    return dialect_insert_ignoring(session.get_bind().dialect.name, model, tuple(keys))


@cache
def dialect_insert_ignoring(dialect: str, model: type[Base] | Table, keys: tuple[str, ...]) -> Any:
    """``insert_ignoring`` for a dialect by name; built once (statements are immutable), so one
    executed with its values as parameters is found in the compiled cache by a cheap key."""
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(model)
    elif dialect == "sqlite":
        stmt = sqlite.insert(model)
    else:
        raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {dialect}")
    return stmt.on_conflict_do_nothing(index_elements=list(keys))


def insert_or_ignore(session: Session, model: type[Base], values: dict[str, Any],
                     keys: Sequence[str]) -> bool:
    """Insert one row unless a row with the same ``keys`` exists; True when this call inserted it.

    Two writers adding the same row at once both succeed and one row results: PostgreSQL waits
    for the other transaction and then skips, SQLite serialises writers. Unlike a plain INSERT
    caught on IntegrityError, nothing is aborted, so the caller's transaction stays usable.
    """
    # RETURNING, not rowcount: psycopg reports -1 for a skipped row, SQLite and PostgreSQL both
    # return no row when the conflict skipped the insert.
    table = mapped_table(model)
    stmt = insert_ignoring(session, model, keys).values(**values)
    return session.execute(stmt.returning(*(table.c[k] for k in keys))).first() is not None


def insert_many_or_ignore(session: Session, model: type[Base], rows: Sequence[dict[str, Any]],
                          keys: Sequence[str]) -> None:
    """``insert_or_ignore`` for many rows in one statement (executemany), when no one needs to
    know which of them were new."""
    if rows:
        # Into the table, not the mapped class: a Core executemany skips the ORM's bulk bookkeeping.
        session.execute(insert_ignoring(session, mapped_table(model), keys), list(rows))
