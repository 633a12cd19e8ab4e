"""Group commit in ``storage.db.Database.transaction``: writers queued together share one
COMMIT (one disk flush), yet each returns only once its write is on disk, a failing write
rolls back alone, and a writer cancelled in the queue leaves nobody waiting forever."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database, connect
from storage.errors import IntegrityProblem


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await connect(tmp_path / "group.db")
    await database.conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    yield database
    await database.close()


def on_disk(path: Path) -> set[int]:
    """What another connection (another process, or after a crash) would see."""
    with sqlite3.connect(path) as other:
        return {row[0] for row in other.execute("SELECT n FROM t")}


def count_commits(db: Database) -> list[str]:
    commits: list[str] = []
    execute = db.conn.execute

    def counting(sql: str, *args: object) -> object:
        if sql == "COMMIT":
            commits.append(sql)
        return execute(sql, *args)

    db.conn.execute = counting  # type: ignore[method-assign]
    return commits


async def test_writers_at_once_share_commits_and_each_returns_durable(db: Database) -> None:
    """Fifty writers at once: fewer than fifty COMMITs, and when each one's transaction
    returns, its row is already visible to another connection."""
    commits = count_commits(db)
    seen_at_return: dict[int, bool] = {}

    async def write(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (?)", (n,))
        seen_at_return[n] = n in on_disk(db.path)

    await asyncio.gather(*(write(n) for n in range(50)))
    assert {n: True for n in range(50)} == seen_at_return
    assert 1 <= len(commits) < 50


async def test_a_failing_writer_rolls_back_alone(db: Database) -> None:
    """In a batch, the writer that breaks a rule gets IntegrityProblem and leaves nothing;
    the others' rows are committed."""
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO t (n) VALUES (7)")

    async def write(n: int, twice: bool = False) -> str:
        try:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO t (n) VALUES (?)", (n + 100,))
                await conn.execute("INSERT INTO t (n) VALUES (?)", (7 if twice else n,))
        except IntegrityProblem:
            return "refused"
        return "saved"

    results = await asyncio.gather(write(1), write(2, twice=True), write(3))
    assert ["saved", "refused", "saved"] == results
    assert {7, 1, 101, 3, 103} == on_disk(db.path)


async def test_a_writer_cancelled_in_the_queue_leaves_no_one_waiting(db: Database) -> None:
    """Writer A finishes while B is queued (so A leaves the COMMIT to B); B is cancelled
    before it runs: A's write is still committed and A returns."""
    go = asyncio.Event()

    async def first() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (1)")
            await go.wait()

    async def second() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (2)")

    a = asyncio.create_task(first())
    await asyncio.sleep(0.05)
    b = asyncio.create_task(second())
    await asyncio.sleep(0.01)  # B is queued behind A
    go.set()
    for _ in range(10_000):  # until A has handed the lock on and waits for the COMMIT
        if db._batch is not None and not db._lock.locked():
            break
        await asyncio.sleep(0)
    b.cancel()
    await asyncio.wait_for(a, timeout=5)
    with pytest.raises(asyncio.CancelledError):
        await b
    assert 1 in on_disk(db.path)
