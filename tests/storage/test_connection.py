"""The writer's connection (``storage.connection``): quick statements run on the loop,
statements that can wait for the disk or for another process run in its thread, so the
loop keeps serving other people meanwhile; a cancelled caller never lets a statement overlap
one still running; and it answers like aiosqlite does (cursors, rows, ids, counts)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.connection import may_wait
from storage.db import Database, connect


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await connect(tmp_path / "conn.db")
    await database.conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT)")
    yield database
    await database.close()


@pytest.mark.parametrize(
    ("sql", "in_transaction", "waits"),
    [
        ("BEGIN IMMEDIATE", False, True),
        ("COMMIT", True, True),
        ("  commit", True, True),
        ("VACUUM INTO ?", False, True),
        ("PRAGMA wal_checkpoint(TRUNCATE)", False, True),
        ("PRAGMA integrity_check", True, True),
        ("INSERT INTO t VALUES (1, 'a')", False, True),  # autocommit: takes the lock, flushes
        ("INSERT INTO t VALUES (1, 'a')", True, False),
        ("SELECT n FROM t", True, False),
        ("BEGIN", False, False),  # a read: WAL readers never wait for the writer
        ("SAVEPOINT write", True, False),
        ("ROLLBACK", True, False),
    ],
)
def test_which_statements_go_to_the_thread(sql: str, in_transaction: bool, waits: bool) -> None:
    """Only statements that may block are sent to the thread."""
    assert waits == may_wait(sql, in_transaction)


async def test_rows_ids_and_counts_answer_as_aiosqlite_does(db: Database) -> None:
    """execute (awaited and with async with), fetchone, fetchall, async for, rowcount,
    lastrowid, execute_insert, execute_fetchall and executemany all give what sqlite3 gives."""
    async with db.transaction() as conn:
        assert (5,) == tuple(await conn.execute_insert("INSERT INTO t VALUES (5, 'five')"))
        await conn.executemany("INSERT INTO t VALUES (?, ?)", [(6, "six"), (7, "seven")])
        cursor = await conn.execute("UPDATE t SET word = upper(word) WHERE n > 5")
        assert 2 == cursor.rowcount
        cursor = await conn.execute("INSERT INTO t (word) VALUES ('eight')")
        assert 8 == cursor.lastrowid
    async with db.reading() as conn:
        async with conn.execute("SELECT n, word FROM t ORDER BY n") as cursor:
            first = await cursor.fetchone()
            rest = await cursor.fetchall()
        assert (5, "five") == tuple(first)
        assert [(6, "SIX"), (7, "SEVEN"), (8, "eight")] == [tuple(row) for row in rest]
        async with conn.execute("SELECT n FROM t WHERE n < 7 ORDER BY n") as cursor:
            assert [5, 6] == [row[0] async for row in cursor]
        assert [(8,)] == [tuple(r) for r in await conn.execute_fetchall("SELECT max(n) FROM t")]


async def test_the_loop_keeps_running_while_a_write_waits_for_another_process(
    db: Database,
) -> None:
    """Another process holds the write lock for 0.4 s: our write waits for it in the
    thread (busy timeout), and meanwhile the event loop goes on serving other tasks."""
    other = sqlite3.connect(db.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.4, lambda: other.execute("COMMIT"))
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    release.start()
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (1, 'after the other writer')")
    finally:
        ticking.cancel()
        release.join()
        other.close()
    assert ticks >= 10  # 0.4 s of waiting, ticks every 10 ms: the loop was not blocked
    async with db.reading() as conn:
        assert [(1,)] == [tuple(r) for r in await conn.execute_fetchall("SELECT n FROM t")]


async def test_a_caller_cancelled_while_its_statement_waits_does_not_let_another_overlap(
    db: Database,
) -> None:
    """A write waits in the thread for another process's lock and its caller is cancelled:
    the caller's cancellation is delivered only after the statement has ended, and the
    next write then runs normally (no 'another statement in progress', no lost lock)."""
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    async def write(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (?)", (n,))

    first = asyncio.create_task(write(1))
    await asyncio.sleep(0.1)  # first is waiting in BEGIN IMMEDIATE, in the thread
    first.cancel()
    await asyncio.sleep(0.1)
    assert not first.done()  # still waiting for its statement to end
    other.execute("COMMIT")
    other.close()
    with pytest.raises(asyncio.CancelledError):
        await first
    await write(2)
    async with db.reading() as conn:
        rows = {row[0] for row in await conn.execute_fetchall("SELECT n FROM t")}
    assert 2 in rows and not db.conn.in_transaction


async def test_an_uncontended_write_goes_to_the_thread_only_to_commit(db: Database) -> None:
    """With no other process writing, BEGIN IMMEDIATE is taken on the loop without waiting;
    only COMMIT (the disk flush) goes to the thread; the busy timeout is left as it was."""
    sent: list[str] = []
    in_thread = db.conn._in_thread

    async def recording(work: object) -> object:
        sent.append(getattr(work, "__qualname__", repr(work)))
        return await in_thread(work)  # type: ignore[arg-type]

    db.conn._in_thread = recording  # type: ignore[method-assign]
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO t VALUES (1, 'one')")
    assert 1 == len(sent)  # the COMMIT
    async with db.exclusive() as conn:
        assert [(10_000,)] == [tuple(r) for r in await conn.execute_fetchall("PRAGMA busy_timeout")]
