"""Numbered schema migrations: ``migrations/NNNN_name.sql``, applied in order, each in one
transaction together with its row in ``schema_migrations(name, applied_at)``.

The migration files are the schema's documentation (tables, columns, meanings).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from storage.clock import now_text
from storage.connection import Connection
from storage.errors import IntegrityProblem

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    name: str  # file name without .sql, e.g. "0001_initial"
    sql: str


def available_migrations() -> list[Migration]:
    """Every migration shipped in ``storage/migrations``, in order."""
    folder = resources.files("storage") / "migrations"
    found = [entry for entry in folder.iterdir() if _NAME.match(entry.name)]
    return [
        Migration(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in sorted(found, key=lambda e: e.name)
    ]


def split_statements(sql: str) -> list[str]:
    """Split a script into complete statements (trigger bodies stay whole)."""
    statements: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        if not current and line.strip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise IntegrityProblem("A migration ends with an incomplete SQL statement.")
    return statements


async def applied_migrations(conn: Connection) -> list[str]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT"
    )
    async with conn.execute("SELECT name FROM schema_migrations ORDER BY name") as cursor:
        return [row[0] async for row in cursor]


async def _recorded(conn: Connection, name: str) -> bool:
    async with conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)) as cursor:
        return await cursor.fetchone() is not None


async def migrate(conn: Connection, upto: str | None = None) -> list[str]:
    """Apply pending migrations (up to and including ``upto``); return the names applied.

    ``conn`` must be in autocommit mode (isolation_level=None) so each migration gets its
    own explicit transaction.
    """
    done = set(await applied_migrations(conn))
    applied: list[str] = []
    for migration in available_migrations():
        if upto is not None and migration.name > upto:
            break
        if migration.name in done:
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            if await _recorded(conn, migration.name):  # another process got there first
                await conn.execute("ROLLBACK")
                continue
            for statement in split_statements(migration.sql):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, now_text()),
            )
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
        applied.append(migration.name)
    return applied
