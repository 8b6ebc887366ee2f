"""Migration 0003: an archive from before it gets its search documents; the backend-specific index
is hidden from the schema check and only it; downgrade removes it all (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from archive.db import open_archive
from archive.migrate import alembic_config, schema_diff, upgrade
from archive.research import backfill
from archive.search import search
from archive.search_schema import is_search_index_table
from tests.research.builders import BODY, LEDGER, make_capture, make_story
from tests.research.test_clusters import WIRE_COPY


def test_upgrade_fills_search_documents_and_backfill_builds_the_rest(archive_url: str) -> None:
    from archive.versioning import record_capture

    archive = open_archive(archive_url)
    first = make_story()
    with archive.session() as session:
        record_capture(session, make_capture(first))
        record_capture(session, make_capture(make_story(headline="Dock strike widens", body=BODY[:4]), minutes=9))
        record_capture(session, make_capture(make_story("https://ledger.example/s", source=LEDGER,
                                                        headline="Dock workers walk out", body=WIRE_COPY), minutes=3))
    with archive.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002_listing_state")
    assert not any(is_search_index_table(t) or t == "search_docs" for t in inspect(archive.engine).get_table_names())
    upgrade(archive.engine)
    assert schema_diff(archive.engine) == []
    with archive.session() as session:
        hits = search(session, "strike")
        assert {h.headline for h in hits} == {"Dock strike widens", "Dock workers walk out"}
        assert {h.version for h in hits if h.outlet == "herald"} == {2}
        done = backfill(session)
    assert done == {"edits": 1, "indexed": 0, "clustered": 2}
    with archive.session() as session:
        assert backfill(session) == {"edits": 0, "indexed": 0, "clustered": 0}  # idempotent
    archive.dispose()


def test_only_the_search_index_is_hidden_from_the_schema_check(archive_url: str) -> None:
    assert is_search_index_table("story_fts") and is_search_index_table("story_fts_data")
    assert not is_search_index_table("search_docs") and not is_search_index_table("story_ftsx")
    archive = open_archive(archive_url)
    with archive.engine.begin() as connection:
        connection.execute(text("CREATE TABLE stray (id INTEGER PRIMARY KEY)"))
    assert any("stray" in str(change) for change in schema_diff(archive.engine))
    archive.dispose()
