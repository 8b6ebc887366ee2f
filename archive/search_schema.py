"""Keep the backend-specific full-text index out of the model-vs-schema comparison.

Full-text search needs structures no portable model can describe: an FTS5 virtual table (and
its shadow tables) on SQLite, a ``tsvector`` table with a GIN index on PostgreSQL. Migration
0003 creates them, all named ``story_fts*``, next to the portable ``search_docs`` table they
index. Alembic's autogenerate would report them as tables to drop, so this module removes
exactly those reports; everything else the comparison finds still shows.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import comparators
from alembic.operations import ops
from alembic.util import DispatchPriority, PriorityDispatchResult

__all__ = ["FTS_TABLE", "is_search_index_table"]

#: The index table's name on both backends (its FTS5 shadow tables add a suffix).
FTS_TABLE = "story_fts"


def is_search_index_table(name: str | None) -> bool:
    return bool(name) and (name == FTS_TABLE or str(name).startswith(FTS_TABLE + "_"))


@comparators.dispatch_for("autogenerate", priority=DispatchPriority.LAST)
def _hide_search_index(autogen_context: Any, upgrade_ops: ops.UpgradeOps) -> PriorityDispatchResult:
    upgrade_ops.ops[:] = [
        op for op in upgrade_ops.ops
        if not (isinstance(op, ops.DropTableOp | ops.ModifyTableOps) and is_search_index_table(op.table_name))
    ]
    return PriorityDispatchResult.CONTINUE
