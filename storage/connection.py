"""The writer's SQLite connection: quick statements run on the event loop, waits in a thread.

aiosqlite runs every statement in a worker thread, and each call is a round trip (a queue
put, a thread waking, a self-pipe write back to the loop): about 90 microseconds of CPU,
against about 10 for the keyed look-ups and small writes the bot makes, some 25 of them per
update. That hand-off was the largest part of the bot's cost per update (bench/RESULTS.md).

So this connection runs a statement on the loop itself when it cannot wait: inside an open
transaction (the write lock is already held, and in WAL mode readers never wait for the
writer), and the plain ``BEGIN`` that opens a read. Statements that can wait run in one
thread of the connection's own, so the loop never stalls on them: ``BEGIN IMMEDIATE`` when
another process holds the write lock (it is first tried without waiting, and only if that
fails is it sent to the thread to wait up to the busy timeout), ``COMMIT`` (with
synchronous=FULL it flushes the disk), ``VACUUM``, every ``PRAGMA`` (checkpoints, integrity
checks, switching to WAL), ``close``, and anything run outside a transaction (an autocommit
write takes the lock and flushes too).

It offers the part of aiosqlite's interface the storage modules use (``execute`` awaited or
used with ``async with``, ``execute_fetchall``, ``execute_insert``, ``executemany``,
``in_transaction``, ``close``). Callers must not overlap statements: ``storage.db.Database``
holds its lock around every use. A statement sent to the thread always runs to its end, even
when the caller is cancelled, and nothing else touches the connection before it has ended.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Statements that may wait for the disk or for another process, whatever the state.
_WAITING_PREFIXES = ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "COMMIT", "END", "VACUUM", "PRAGMA")


def may_wait(sql: str, in_transaction: bool) -> bool:
    """True when ``sql`` may block (disk flush, busy lock) and so must run in the thread."""
    head = sql.lstrip()[:16].upper()
    if head.startswith(_WAITING_PREFIXES):
        return True
    if in_transaction:
        return False
    return head.rstrip(" ;") != "BEGIN" and not head.startswith("BEGIN DEFERRED")


class Cursor:
    """The result of one statement: rows are read inline, or were read in the thread."""

    def __init__(self, cursor: sqlite3.Cursor, rows: list[Any] | None = None) -> None:
        self._cursor = cursor
        self._rows = rows  # already fetched (statements run in the thread)
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid

    async def fetchone(self) -> Any:
        if self._rows is None:
            return self._cursor.fetchone()
        return self._rows.pop(0) if self._rows else None

    async def fetchall(self) -> list[Any]:
        if self._rows is None:
            return self._cursor.fetchall()
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._cursor.close()

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Any]:
        while (row := await self.fetchone()) is not None:
            yield row


class _Statement:
    """``await conn.execute(...)`` gives the cursor; ``async with`` closes it afterwards."""

    def __init__(self, run: Callable[[], Any]) -> None:
        self._run = run
        self._cursor: Cursor | None = None

    def __await__(self) -> Any:
        return self._run().__await__()

    async def __aenter__(self) -> Cursor:
        self._cursor = await self._run()
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        if self._cursor is not None:
            await self._cursor.close()


class Connection:
    """A sqlite3 connection used from the loop, with a thread for statements that wait."""

    def __init__(self, raw: sqlite3.Connection, thread: ThreadPoolExecutor) -> None:
        self._raw = raw
        self._thread = thread

    @property
    def in_transaction(self) -> bool:
        return self._raw.in_transaction

    @property
    def row_factory(self) -> Any:
        return self._raw.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._raw.row_factory = factory

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> _Statement:
        return _Statement(lambda: self._cursor_for(sql, parameters))

    async def execute_fetchall(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        return await self._call(sql, lambda: self._raw.execute(sql, parameters).fetchall())

    async def execute_insert(self, sql: str, parameters: Sequence[Any] = ()) -> tuple[int]:
        """Run an INSERT; gives ``(rowid,)`` as aiosqlite does."""
        return await self._call(sql, lambda: (self._raw.execute(sql, parameters).lastrowid,))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        return Cursor(await self._call(sql, lambda: self._raw.executemany(sql, rows)))

    async def close(self) -> None:
        try:
            await self._in_thread(self._raw.close)
        finally:
            self._thread.shutdown(wait=False)

    async def _cursor_for(self, sql: str, parameters: Sequence[Any]) -> Cursor:
        if not may_wait(sql, self._raw.in_transaction):
            return Cursor(self._raw.execute(sql, parameters))
        if sql == "BEGIN IMMEDIATE" and (began := self._begin_at_once()) is not None:
            return Cursor(began)

        def run() -> Cursor:
            cursor = self._raw.execute(sql, parameters)
            return Cursor(cursor, cursor.fetchall())  # PRAGMAs do their work as rows are read

        return await self._in_thread(run)

    def _begin_at_once(self) -> sqlite3.Cursor | None:
        """BEGIN IMMEDIATE on the loop when no other process holds the write lock (nearly
        always: a thread round trip saved per write); None when it would have to wait."""
        timeout = self._raw.execute("PRAGMA busy_timeout").fetchone()[0]
        self._raw.execute("PRAGMA busy_timeout = 0")  # these two never wait: a setting only
        try:
            return self._raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                raise
            return None
        finally:
            self._raw.execute(f"PRAGMA busy_timeout = {int(timeout)}")

    async def _call(self, sql: str, work: Callable[[], T]) -> T:
        if may_wait(sql, self._raw.in_transaction):
            return await self._in_thread(work)
        return work()

    async def _in_thread(self, work: Callable[[], T]) -> T:
        """Run ``work`` in the connection's thread; a cancelled caller still waits for it
        to end (then is cancelled), so no other statement can overlap it."""
        future = asyncio.get_running_loop().run_in_executor(self._thread, work)
        cancelled = False
        while not future.done():
            try:
                await asyncio.shield(future)
            except asyncio.CancelledError:
                cancelled = True
            except BaseException:
                break  # the statement failed: future.result() below raises its error
        if cancelled:
            raise asyncio.CancelledError
        return future.result()


async def open_connection(path: Path | str, *, uri: bool = False) -> Connection:
    """Open ``path`` (autocommit: transactions are explicit) with its own waiting thread."""
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False, uri=uri)

    try:
        raw = await asyncio.get_running_loop().run_in_executor(thread, connect)
    except BaseException:
        thread.shutdown(wait=False)
        raise
    return Connection(raw, thread)
