"""BENCHMARKS AND TESTS ONLY: load many synthetic cases fast (e.g. 200,000 for analytics).

This bypasses the survey (no invites, chat ids, consents, turns or audit entries) and
writes straight into the tables with ``executemany`` on its own connection, holding the
store's lock. Never use it for real data.

The cases are ``storage.bulk_cases``; their rows are built and written by
``storage.bulk_rows``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from storage.base import Context
from storage.bulk_cases import BulkAnswer, BulkCase
from storage.bulk_rows import BulkRows, highest_id, write_rows
from storage.crypto import Keyring

__all__ = ["BulkAnswer", "BulkCase", "bulk_load"]


async def bulk_load(ctx: Context, cases: Iterable[BulkCase]) -> int:
    """Insert the cases and their answers in one transaction; returns the number of cases."""
    batch = list(cases)
    async with ctx.db.exclusive():
        return await asyncio.to_thread(_load, ctx.db.path, ctx.keyring, batch)


def _load(path: Path, keyring: Keyring, cases: Sequence[BulkCase]) -> int:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB: fewer spills mid-transaction
        conn.execute("BEGIN IMMEDIATE")
        first_case = highest_id(conn, "cases") + 1
        # The case_facts triggers (migration 0004) would recompute a case per row written.
        # Drop them inside this transaction (no other connection sees them missing; a crash
        # rolls the drop back), load, re-create them and fill the new cases' rows at once.
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            " AND name GLOB 'case_facts_*'"
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        _insert_all(conn, keyring, cases)
        for _, sql in triggers:
            conn.execute(sql)
        conn.execute(
            "INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id >= ?",
            (first_case,),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return len(cases)


def _insert_all(conn: sqlite3.Connection, keyring: Keyring, cases: Sequence[BulkCase]) -> None:
    loader = BulkRows(conn, keyring)
    for case in cases:
        loader.add(case)
    write_rows(conn, loader.rows)
