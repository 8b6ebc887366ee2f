"""Crawl runs: one row per `newsarchive crawl`, so a killed crawl can be resumed.

Revision ID: 0005_crawl_runs
Revises: 0004_poll_schedule
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_crawl_runs"
down_revision: str | Sequence[str] | None = "0004_poll_schedule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("outlets", sa.JSON(), nullable=False),
        sa.Column("spiders", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", Instant, nullable=False),
        sa.Column("finished_at", Instant, nullable=True),
        sa.Column("resumes", sa.Integer(), nullable=False),
        sa.Column("last_resumed_at", Instant, nullable=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('running', 'finished', 'interrupted')", name="ck_crawl_runs_status"),
        sa.PrimaryKeyConstraint("id", name="pk_crawl_runs"),
    )
    op.create_index("ix_crawl_runs_started_at", "crawl_runs", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_crawl_runs_started_at", table_name="crawl_runs")
    op.drop_table("crawl_runs")
