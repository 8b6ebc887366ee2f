"""The migrations own the schema: head matches the models, upgrades are idempotent and reversible."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from archive.db import Archive, ArchiveError, make_engine, open_archive
from archive.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    head_revision,
    schema_diff,
    upgrade,
)
from archive.models import Base


def test_migration_head_matches_the_models(archive: Archive) -> None:
    assert schema_diff(archive.engine) == []


def test_schema_check_notices_drift(archive_url: str) -> None:
    archive = open_archive(archive_url)
    with archive.engine.begin() as connection:
        connection.execute(text("ALTER TABLE sources ADD COLUMN motto TEXT"))
    assert any("motto" in str(change) for change in schema_diff(archive.engine))
    archive.dispose()


def test_every_model_table_is_created_with_named_constraints(archive: Archive) -> None:
    inspector = inspect(archive.engine)
    assert set(Base.metadata.tables) <= set(inspector.get_table_names())
    assert inspector.get_pk_constraint("captures")["name"] in ("pk_captures", None)  # SQLite drops PK names
    fks = {fk["name"] for fk in inspector.get_foreign_keys("captures")}
    assert "fk_captures_version_id_versions" in fks
    indexes = {ix["name"] for ix in inspector.get_indexes("captures")}
    assert {"ix_captures_article_id", "ix_captures_fetched_at"} <= indexes


def test_opening_twice_is_a_no_op_at_head(archive_url: str) -> None:
    for _ in range(2):
        archive = open_archive(archive_url)
        with archive.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            assert head_revision() is not None and head_revision() >= "0002"
        archive.dispose()


def test_downgrade_to_base_and_back(archive_url: str) -> None:
    archive = open_archive(archive_url)
    with archive.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(archive.engine).get_table_names()) <= {"alembic_version"}
    upgrade(archive.engine)
    assert schema_diff(archive.engine) == []
    archive.dispose()


def test_migrations_ship_inside_the_package() -> None:
    """An installed package finds its scripts without alembic.ini or pyproject.toml."""
    import archive

    assert MIGRATIONS_DIR == Path(archive.__file__).parent / "migrations"
    assert (MIGRATIONS_DIR / "env.py").is_file() and (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert alembic_config().get_main_option("script_location") == str(MIGRATIONS_DIR)


def test_upgrade_without_open_archive(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    upgrade(engine)
    assert schema_diff(engine) == []
    engine.dispose()


def test_archive_from_a_newer_release_is_refused_clearly(archive_url: str) -> None:
    open_archive(archive_url).dispose()
    engine = make_engine(archive_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    engine.dispose()
    with pytest.raises(ArchiveError, match="newer newsarchive"):
        open_archive(archive_url)
