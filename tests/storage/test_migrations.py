"""Migrations and the connection's durability settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import UnsafeDatabase, open_store
from storage import db as db_module
from storage import migrate as migrate_module
from storage.db import connect
from storage.migrate import Migration, available_migrations, migrate
from tests.storage.conftest import rows

SCHEMA_SQL = (
    "SELECT type, name, tbl_name, sql FROM sqlite_master"
    " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
)


async def test_fresh_and_upgraded_databases_end_with_the_same_schema(
    tmp_path: Path, key: str
) -> None:
    """A database made at the first migration, holding data, then upgraded on open, has
    exactly the schema (tables, indexes, triggers) of a database created fresh."""
    fresh, upgraded = tmp_path / "fresh.db", tmp_path / "upgraded.db"
    async with open_store(fresh, key):
        pass
    first = available_migrations()[0].name
    db = await connect(upgraded)
    assert [first] == await migrate(db.conn, upto=first)
    await db.conn.execute("INSERT INTO organisations (name, created_at) VALUES ('Police', 'x')")
    await db.close()
    async with open_store(upgraded, key) as store:
        assert [m.name for m in available_migrations()] == await store.schema_version()
    assert rows(fresh, SCHEMA_SQL) == rows(upgraded, SCHEMA_SQL)
    assert [("Police",)] == rows(upgraded, "SELECT name FROM organisations")


async def test_each_migration_is_recorded_once_and_reopening_applies_nothing(
    db_path: Path, key: str
) -> None:
    """schema_migrations holds one row per migration; a second open changes nothing."""
    async with open_store(db_path, key):
        pass
    before = rows(db_path, "SELECT name, applied_at FROM schema_migrations ORDER BY name")
    db = await connect(db_path)
    assert [] == await migrate(db.conn)
    await db.close()
    assert before == rows(db_path, "SELECT name, applied_at FROM schema_migrations ORDER BY name")
    assert [m.name for m in available_migrations()] == [name for name, _ in before]


async def test_a_failing_migration_leaves_no_trace(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that fails half way is rolled back whole: no table, no record."""
    broken = Migration("0001_broken", "CREATE TABLE half (id INTEGER);\nCREATE TABLE nonsense (;\n")
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: [broken])
    db = await connect(db_path)
    with pytest.raises(sqlite3.OperationalError):
        await migrate(db.conn)
    await db.close()
    assert [] == rows(db_path, "SELECT name FROM sqlite_master WHERE name = 'half'")
    assert [] == rows(db_path, "SELECT name FROM schema_migrations")


async def test_the_store_runs_with_wal_full_sync_foreign_keys_and_secure_delete(
    db_path: Path, key: str
) -> None:
    """The pragmas are what the durability promise needs, read back from SQLite."""
    async with open_store(db_path, key) as store:
        expected = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "secure_delete": 1}
        assert expected == await store.durability()


async def test_start_up_refuses_when_a_required_pragma_does_not_stick(
    db_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If SQLite reports a different value than the one required, opening fails."""
    demanding = (("synchronous", "NORMAL", 2),)  # sets NORMAL (1), demands FULL (2)
    monkeypatch.setattr(db_module, "_REQUIRED_PRAGMAS", demanding)
    with pytest.raises(UnsafeDatabase, match="synchronous"):
        async with open_store(db_path, key):
            pass


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    """The statement splitter treats a trigger's BEGIN ... END as one statement."""
    sql = (
        "-- comment\nCREATE TABLE t (a INTEGER);\n"
        "CREATE TRIGGER t_no BEFORE DELETE ON t\nBEGIN\n    SELECT RAISE(ABORT, 'no');\nEND;\n"
    )
    statements = migrate_module.split_statements(sql)
    assert 2 == len(statements)
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


async def test_two_openers_of_a_new_database_do_not_trip_over_each_other(
    db_path: Path, key: str
) -> None:
    """Two connections opening the same fresh file at once (bot and CLI starting together)
    both succeed, and each migration is applied exactly once."""
    import asyncio

    async def open_and_count() -> list[str]:
        async with open_store(db_path, key) as store:
            return await store.schema_version()

    first, second = await asyncio.gather(open_and_count(), open_and_count())
    assert first == second == [m.name for m in available_migrations()]
