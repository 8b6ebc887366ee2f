"""Listing state: validators and poll bookkeeping per feed, sitemap and front page.

Revision ID: 0002_listing_state
Revises: 0001_initial
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_listing_state"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "listing_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("body_sha256", sa.String(64), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_fetched_at", Instant, nullable=True),
        sa.Column("last_changed_at", Instant, nullable=True),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("poll_interval_s", sa.Integer(), nullable=True),
        sa.Column("next_poll_at", Instant, nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_listing_state_source_id_sources"),
        sa.PrimaryKeyConstraint("id", name="pk_listing_state"),
        sa.UniqueConstraint("url", name="uq_listing_state_url"),
    )
    op.create_index("ix_listing_state_source_id", "listing_state", ["source_id"])


def downgrade() -> None:
    op.drop_index("ix_listing_state_source_id", table_name="listing_state")
    op.drop_table("listing_state")
