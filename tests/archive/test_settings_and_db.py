"""Settings come from one place; engines are tuned; bad archives fail with a clear, safe message."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from archive import models
from archive.db import SQLITE_BUSY_TIMEOUT_MS, Archive, ArchiveError, make_engine, open_archive
from archive.settings import DEFAULT_DATABASE_URL, load_settings, redact_url


def test_settings_defaults_environment_and_explicit_url() -> None:
    assert load_settings(environ={}).database_url == DEFAULT_DATABASE_URL == "sqlite:///newsarchive.sqlite3"
    assert load_settings(environ={}).exports_dir == "exports"
    env = {"DATABASE_URL": "postgresql+psycopg://u:pw@db/news", "NEWSARCHIVE_EXPORTS": "/srv/out"}
    from_env = load_settings(environ=env)
    assert (from_env.database_url, from_env.exports_dir) == (env["DATABASE_URL"], "/srv/out")
    assert from_env.redacted_database_url == "postgresql+psycopg://u:***@db/news"
    assert load_settings("sqlite:///x.db", environ=env).database_url == "sqlite:///x.db"
    assert load_settings(environ={"DATABASE_URL": ""}).database_url == DEFAULT_DATABASE_URL


def test_load_settings_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///from-env.sqlite3")
    assert load_settings().database_url == "sqlite:///from-env.sqlite3"


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql+psycopg://news:s3cret@db.example:5432/news", "postgresql+psycopg://news:***@db.example:5432/news"),
    ("sqlite:///archive.sqlite3", "sqlite:///archive.sqlite3"),
    ("not a url://user:hunter2@host", "not a url://user:***@host"),
])
def test_redact_url_hides_passwords(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_sqlite_connections_are_tuned(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'tuned.sqlite3'}")
    with engine.connect() as connection:
        pragma = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")}
    engine.dispose()
    assert pragma == {"journal_mode": "wal", "busy_timeout": SQLITE_BUSY_TIMEOUT_MS, "foreign_keys": 1,
                      "synchronous": 1}


@pytest.mark.parametrize("url", ["nosuchdb://x", "definitely not a url", "postgresql+nodriver://h/db"])
def test_unusable_url_raises_archive_error(url: str) -> None:
    with pytest.raises(ArchiveError, match="DATABASE_URL"):
        open_archive(url)


def test_unreachable_database_message_hides_the_password() -> None:
    with pytest.raises(ArchiveError) as caught:
        open_archive("postgresql+psycopg://news:s3cret@127.0.0.1:1/news?connect_timeout=2")
    message = str(caught.value)
    assert "s3cret" not in message and "news:***@127.0.0.1:1" in message and "reachable" in message


def test_sqlite_file_in_missing_folder_raises_archive_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="cannot open the archive"):
        open_archive(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}")


def test_session_commits_or_rolls_back(archive: Archive, rows: Any) -> None:
    with archive.session() as session:
        session.add(models.Source(key="kept", name="Kept", home_url="https://kept.example/"))
    with pytest.raises(RuntimeError), archive.session() as session:
        session.add(models.Source(key="lost", name="Lost", home_url="https://lost.example/"))
        session.flush()
        raise RuntimeError("abort")
    with archive.session() as session:
        assert session.scalars(select(models.Source.key)).all() == ["kept"]


def test_foreign_keys_are_enforced(archive: Archive) -> None:
    orphan = models.Derivation(version_id=999, created_at=datetime(2026, 1, 1, tzinfo=UTC), generator="x",
                               summary="", bullets=[], why_this_matters="", what_this_means_for_you="",
                               provenance={})
    with pytest.raises(IntegrityError), archive.session() as session:
        session.add(orphan)
        session.flush()
