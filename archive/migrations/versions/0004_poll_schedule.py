"""The ingestion service's poll schedule: one row per outlet, shared by every `run` process.

Revision ID: 0004_poll_schedule
Revises: 0003_research
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_poll_schedule"
down_revision: str | Sequence[str] | None = "0003_research"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "poll_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(64), nullable=False),
        sa.Column("interval_s", sa.Float(), nullable=False),
        sa.Column("next_poll_at", Instant, nullable=False),
        sa.Column("last_poll_at", Instant, nullable=True),
        sa.Column("last_duration_s", sa.Float(), nullable=True),
        sa.Column("last_outcome", sa.String(16), nullable=True),
        sa.Column("last_new", sa.Integer(), nullable=False),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("listings", sa.JSON(), nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("claimed_until", Instant, nullable=True),
        sa.Column("updated_at", Instant, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_poll_schedule"),
        sa.UniqueConstraint("outlet", name="uq_poll_schedule_outlet"),
    )
    op.create_index("ix_poll_schedule_next_poll_at", "poll_schedule", ["next_poll_at"])


def downgrade() -> None:
    op.drop_index("ix_poll_schedule_next_poll_at", table_name="poll_schedule")
    op.drop_table("poll_schedule")
