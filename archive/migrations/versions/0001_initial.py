"""The first archive schema: sources, articles, blobs, captures, versions, derivations.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types as they were at this revision (migrations never import models).
Instant = sa.DateTime(timezone=True)
VERSION_FK = "fk_captures_version_id_versions"


def _sources() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("home_url", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("key", name="uq_sources_key"),
    )


def _articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.String(16), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", Instant, nullable=False),
        sa.Column("last_seen_at", Instant, nullable=False),
        sa.Column("last_version_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_articles_source_id_sources"),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("story_id", name="uq_articles_story_id"),
        sa.UniqueConstraint("canonical_url", name="uq_articles_canonical_url"),
    )
    op.create_index("ix_articles_source_id", "articles", ["source_id"])


def _blobs() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_blobs"),
    )


def _captures(version_fk: list[sa.ForeignKeyConstraint]) -> None:
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("fetched_at", Instant, nullable=False),
        sa.Column("fetch_method", sa.String(16), nullable=False),
        sa.Column("discovered_via", sa.String(32), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("request_headers", sa.JSON(), nullable=False),
        sa.Column("blob_sha256", sa.String(64), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("error_kind", sa.String(64), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("outcome IN ('new_article', 'new_version', 'unchanged', 'error')",
                           name="ck_captures_outcome"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_captures_article_id_articles"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_captures_source_id_sources"),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"], name="fk_captures_blob_sha256_blobs"),
        *version_fk,
        sa.PrimaryKeyConstraint("id", name="pk_captures"),
    )
    for column in ("article_id", "source_id", "fetched_at", "version_id", "final_url", "requested_url"):
        op.create_index(f"ix_captures_{column}", "captures", [column])


def _versions() -> None:
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("captured_at", Instant, nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", Instant, nullable=True),
        sa.Column("published_offset_min", sa.Integer(), nullable=True),
        sa.Column("updated_at", Instant, nullable=True),
        sa.Column("updated_offset_min", sa.Integer(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("source_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_versions_article_id_articles"),
        sa.ForeignKeyConstraint(["capture_id"], ["captures.id"], name="fk_versions_capture_id_captures"),
        sa.PrimaryKeyConstraint("id", name="pk_versions"),
        sa.UniqueConstraint("article_id", "number", name="uq_versions_article_id_number"),
    )


def _derivations() -> None:
    op.create_table(
        "derivations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("generator", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("bullets", sa.JSON(), nullable=False),
        sa.Column("why_this_matters", sa.Text(), nullable=False),
        sa.Column("what_this_means_for_you", sa.Text(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["versions.id"], name="fk_derivations_version_id_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_derivations"),
    )
    op.create_index("ix_derivations_version_id", "derivations", ["version_id"])


def upgrade() -> None:
    # captures.version_id and versions.capture_id point at each other. SQLite resolves foreign
    # keys when rows are written, so the constraint can be declared before its table exists and
    # must be (SQLite cannot add one later); PostgreSQL needs the table first, then an ALTER.
    version_fk = sa.ForeignKeyConstraint(["version_id"], ["versions.id"], name=VERSION_FK)
    inline = op.get_bind().dialect.name == "sqlite"
    _sources()
    _articles()
    _blobs()
    _captures([version_fk] if inline else [])
    _versions()
    _derivations()
    if not inline:
        op.create_foreign_key(VERSION_FK, "captures", "versions", ["version_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(VERSION_FK, "captures", type_="foreignkey")
    for table in ("derivations", "versions", "captures", "blobs", "articles", "sources"):
        op.drop_table(table)
