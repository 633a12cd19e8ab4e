"""Opening the SQLite file: created owner-only, with the durability pragmas set and read
back (the store refuses to run without WAL, synchronous=FULL, foreign keys and
secure_delete). ``connect`` returns the ``Database`` (``storage.group_commit``: one
connection, explicit transactions with group commit), re-exported here.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

from storage.connection import Connection, open_connection
from storage.db_errors import BUSY_TIMEOUT_MS, DISK_ERRNOS, plain_errors, plain_failure
from storage.errors import DatabaseNotWritable, StorageError, UnsafeDatabase
from storage.group_commit import Database

__all__ = ["BUSY_TIMEOUT_MS", "Database", "connect", "plain_failure"]

_LOCK_RETRIES = 100  # x 50 ms: about the busy timeout at start-up

# (pragma, value to set, value it must read back as)
# busy_timeout comes first: switching to WAL needs a lock another process may hold.
_REQUIRED_PRAGMAS: tuple[tuple[str, str, object], ...] = (
    ("busy_timeout", str(BUSY_TIMEOUT_MS), BUSY_TIMEOUT_MS),
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", 2),
    ("foreign_keys", "ON", 1),
    ("secure_delete", "ON", 1),
)


async def _set_pragma(conn: Connection, name: str, value: str) -> None:
    """Set a pragma, retrying briefly while another connection holds the lock: SQLite
    reports "locked" at once, without its busy handler, when two connections switch a new
    file to WAL together."""
    for attempt in range(_LOCK_RETRIES):
        try:
            await conn.execute(f"PRAGMA {name} = {value}")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _LOCK_RETRIES - 1:
                raise
            await asyncio.sleep(0.05)


async def _apply_pragmas(conn: Connection) -> None:
    """Set and read back each pragma; refuse to run without the durability we promise."""
    for name, value, expected in _REQUIRED_PRAGMAS:
        await _set_pragma(conn, name, value)
        async with conn.execute(f"PRAGMA {name}") as cursor:
            row = await cursor.fetchone()
        actual = row[0] if row else None
        if isinstance(actual, str):
            actual = actual.lower()
        if actual != expected:
            raise UnsafeDatabase(
                f"SQLite would not set {name}={value} (it reports {actual!r}); the store "
                "refuses to run without it. Use a database file on a local disk."
            )


def _create_file(path: Path) -> None:
    """Create the file owner-only before SQLite does, so no other user can read it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as exc:
        if exc.errno in DISK_ERRNOS:
            raise DatabaseNotWritable(path, exc.strerror or str(exc)) from exc
        raise StorageError(f"Cannot create the database at {path} ({exc.strerror}).") from exc


async def connect(path: Path) -> Database:
    """Open (creating if needed) the database file with the required pragmas."""
    _create_file(path)
    try:
        conn = await open_connection(path)
    except sqlite3.Error as exc:
        failure = plain_failure(exc, path)
        raise failure or StorageError(f"Cannot open the database at {path} ({exc}).") from exc
    conn.row_factory = sqlite3.Row
    try:
        with plain_errors(path):
            await _apply_pragmas(conn)
    except BaseException:
        await conn.close()
        raise
    return Database(conn, path)
