"""Captures indexed by outlet and outcome: an outlet's fetch report reads the index alone.

The outlet page (and `status`) count an outlet's captures by outcome, error kind and fetch
method and list its latest errors; with only ``source_id`` indexed, each of those visits every
capture row of the outlet. The new index starts with ``source_id``, so it replaces that one.

Revision ID: 0006_capture_outlet_index
Revises: 0005_crawl_runs
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_capture_outlet_index"
down_revision: str | Sequence[str] | None = "0005_crawl_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["source_id", "outcome", "error_kind", "fetch_method", "fetched_at"]


def upgrade() -> None:
    op.create_index("ix_captures_source_outcome", "captures", COLUMNS)
    op.drop_index("ix_captures_source_id", table_name="captures")


def downgrade() -> None:
    op.create_index("ix_captures_source_id", "captures", ["source_id"])
    op.drop_index("ix_captures_source_outcome", table_name="captures")
