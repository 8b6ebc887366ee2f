"""INSERT ... ON CONFLICT DO NOTHING on both backends: the race-safe way to add shared rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.models import Base

__all__ = ["insert_or_ignore"]


def insert_or_ignore(session: Session, model: type[Base], values: dict[str, Any],
                     keys: Sequence[str]) -> bool:
    """Insert one row unless a row with the same ``keys`` exists; True when this call inserted it.

    Two writers adding the same row at once both succeed and one row results: PostgreSQL waits
    for the other transaction and then skips, SQLite serialises writers. Unlike a plain INSERT
    caught on IntegrityError, nothing is aborted, so the caller's transaction stays usable.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(model)
    elif dialect == "sqlite":
        stmt = sqlite.insert(model)
    else:
        raise NotImplementedError(f"the archive supports SQLite and PostgreSQL, not {dialect}")
    # RETURNING, not rowcount: psycopg reports -1 for a skipped row, SQLite and PostgreSQL both
    # return no row when the conflict skipped the insert.
    table = model.__table__
    stmt = stmt.values(**values).on_conflict_do_nothing(index_elements=list(keys))
    return session.execute(stmt.returning(*(table.c[k] for k in keys))).first() is not None
