"""Research: edit classes, capture flags, full-text search, story clusters.

Besides the portable tables, full-text search gets a backend-specific index named ``story_fts``:
an FTS5 table over ``search_docs`` on SQLite (kept in step by triggers), a ``tsvector`` table
with a GIN index on PostgreSQL (kept in step by a trigger function). Existing archives get their
search documents filled here; clusters and edit classes of old versions are built by
``archive.research.backfill`` (run by ``newsarchive compare --rebuild``).

Revision ID: 0003_research
Revises: 0002_listing_state
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_research"
down_revision: str | Sequence[str] | None = "0002_listing_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Instant = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def _capture_flags() -> None:
    op.create_table(
        "capture_flags",
        sa.Column("capture_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("flag", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        _fk("capture_flags", "capture_id", "captures"),
        sa.PrimaryKeyConstraint("capture_id", name="pk_capture_flags"),
    )
    op.create_index("ix_capture_flags_flag", "capture_flags", ["flag"])


def _version_edits() -> None:
    op.create_table(
        "version_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detected_at", Instant, nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _fk("version_edits", "version_id", "versions"),
        _fk("version_edits", "article_id", "articles"),
        _fk("version_edits", "source_id", "sources"),
        sa.PrimaryKeyConstraint("id", name="pk_version_edits"),
        sa.UniqueConstraint("version_id", "kind", name="uq_version_edits_version_id_kind"),
    )
    for column in ("article_id", "source_id", "kind", "detected_at"):
        op.create_index(f"ix_version_edits_{column}", "version_edits", [column])


def _search_docs() -> None:
    op.create_table(
        "search_docs",
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("story_time", Instant, nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _fk("search_docs", "article_id", "articles"),
        _fk("search_docs", "version_id", "versions"),
        _fk("search_docs", "source_id", "sources"),
        sa.PrimaryKeyConstraint("article_id", name="pk_search_docs"),
    )
    op.create_index("ix_search_docs_source_id", "search_docs", ["source_id"])
    op.create_index("ix_search_docs_story_time", "search_docs", ["story_time"])
    op.create_index("ix_search_docs_filters", "search_docs",
                    ["article_id", "source_id", "story_time", "language", "section"])


def _clusters() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("updated_at", Instant, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_clusters"),
    )
    op.create_table(
        "cluster_members",
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", Instant, nullable=False),
        sa.Column("matched_article_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("method", sa.String(16), nullable=False),
        _fk("cluster_members", "article_id", "articles"),
        _fk("cluster_members", "cluster_id", "clusters"),
        sa.PrimaryKeyConstraint("article_id", name="pk_cluster_members"),
    )
    op.create_index("ix_cluster_members_cluster_id", "cluster_members", ["cluster_id"])
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("event_minhash", sa.LargeBinary(), nullable=False),
        sa.Column("event_tokens", sa.JSON(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        _fk("article_signatures", "article_id", "articles"),
        _fk("article_signatures", "version_id", "versions"),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_signatures"),
    )
    op.create_table(
        "lsh_buckets",
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("band", sa.SmallInteger(), nullable=False, autoincrement=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        _fk("lsh_buckets", "article_id", "articles"),
        sa.PrimaryKeyConstraint("article_id", "band", name="pk_lsh_buckets"),
    )
    op.create_index("ix_lsh_buckets_bucket", "lsh_buckets", ["bucket"])


_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE story_fts USING fts5(headline, summary, body, content='search_docs', "
    "content_rowid='article_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER story_fts_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO story_fts(rowid, headline, summary, body) "
    "VALUES (new.article_id, new.headline, new.summary, new.body); END",
    "CREATE TRIGGER story_fts_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO story_fts(story_fts, rowid, headline, summary, body) "
    "VALUES ('delete', old.article_id, old.headline, old.summary, old.body); END",
    "CREATE TRIGGER story_fts_au AFTER UPDATE ON search_docs BEGIN "
    "INSERT INTO story_fts(story_fts, rowid, headline, summary, body) "
    "VALUES ('delete', old.article_id, old.headline, old.summary, old.body); "
    "INSERT INTO story_fts(rowid, headline, summary, body) "
    "VALUES (new.article_id, new.headline, new.summary, new.body); END",
]
_SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS story_fts_au", "DROP TRIGGER IF EXISTS story_fts_ad",
    "DROP TRIGGER IF EXISTS story_fts_ai", "DROP TABLE IF EXISTS story_fts",
]

# 'simple': no stemming and no stop words, like SQLite's unicode61 tokenizer, so a query finds
# the same stories on both backends whatever the article's language. Headline weighs most.
# Accents are folded with translate() (as FTS5's remove_diacritics does; no extension needed);
# archive.search folds query words with the same table.
_FOLD_FROM = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž"
_FOLD_TO = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz"

def _folded(column: str) -> str:
    return f"to_tsvector('simple', translate(lower(coalesce(NEW.{column}, '')), '{_FOLD_FROM}', '{_FOLD_TO}'))"


_PG_FTS = [
    "CREATE TABLE story_fts (article_id integer PRIMARY KEY "
    "REFERENCES search_docs (article_id) ON DELETE CASCADE, tsv tsvector NOT NULL)",
    "CREATE INDEX story_fts_tsv ON story_fts USING gin (tsv)",
    f"""CREATE FUNCTION story_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO story_fts (article_id, tsv) VALUES (
    NEW.article_id,
    setweight({_folded("headline")}, 'A') ||
    setweight({_folded("summary")}, 'B') ||
    setweight({_folded("body")}, 'C'))
  ON CONFLICT (article_id) DO UPDATE SET tsv = EXCLUDED.tsv;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER story_fts_sync AFTER INSERT OR UPDATE ON search_docs "
    "FOR EACH ROW EXECUTE FUNCTION story_fts_sync()",
]
_PG_FTS_DROP = [
    "DROP TRIGGER IF EXISTS story_fts_sync ON search_docs", "DROP FUNCTION IF EXISTS story_fts_sync()",
    "DROP TABLE IF EXISTS story_fts",
]

_BACKFILL = """
INSERT INTO search_docs (article_id, version_id, version_number, source_id, language, section, story_time,
                         headline, summary, body)
SELECT a.id, v.id, v.number, a.source_id, v.language, v.section, COALESCE(v.published_at, a.first_seen_at),
       v.headline,
       COALESCE((SELECT d.summary FROM derivations d WHERE d.version_id = v.id ORDER BY d.id DESC LIMIT 1), ''),
       COALESCE({body}, '')
FROM articles a JOIN versions v ON v.article_id = a.id AND v.number = a.last_version_number
"""
_BODY_TEXT = {
    "sqlite": "(SELECT group_concat(j.value, char(10)) FROM json_each(v.body) j)",
    "postgresql": "array_to_string(ARRAY(SELECT json_array_elements_text(v.body)), E'\\n')",
}


def upgrade() -> None:
    _capture_flags()
    _version_edits()
    _search_docs()
    _clusters()
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_FTS if dialect == "sqlite" else _PG_FTS:
        op.execute(statement)
    op.execute(_BACKFILL.format(body=_BODY_TEXT[dialect]))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_FTS_DROP if dialect == "sqlite" else _PG_FTS_DROP:
        op.execute(statement)
    op.drop_index("ix_lsh_buckets_bucket", table_name="lsh_buckets")
    op.drop_table("lsh_buckets")
    op.drop_table("article_signatures")
    op.drop_index("ix_cluster_members_cluster_id", table_name="cluster_members")
    op.drop_table("cluster_members")
    op.drop_table("clusters")
    op.drop_index("ix_search_docs_filters", table_name="search_docs")
    op.drop_index("ix_search_docs_story_time", table_name="search_docs")
    op.drop_index("ix_search_docs_source_id", table_name="search_docs")
    op.drop_table("search_docs")
    for column in ("detected_at", "kind", "source_id", "article_id"):
        op.drop_index(f"ix_version_edits_{column}", table_name="version_edits")
    op.drop_table("version_edits")
    op.drop_index("ix_capture_flags_flag", table_name="capture_flags")
    op.drop_table("capture_flags")
