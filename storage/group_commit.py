"""The store's one connection and its transactions: ``Database``.

All access goes through one connection (``storage.connection``: quick statements on the
event loop, statements that wait for the disk or a lock in a thread) guarded by an asyncio
lock, so a transaction is never interleaved with another coroutine's statements.
``transaction()`` is all or nothing and durable when it returns, with group commit: writers
queued behind one another share one ``BEGIN IMMEDIATE`` .. ``COMMIT`` (one disk flush), each
in a savepoint of its own (``ROLLBACK TO`` it on any error, including cancellation);
``reading()`` gives a consistent snapshot for reads; ``snapshot()`` gives one on a read-only
connection of its own, for long reads (reports) that must not hold up the writer. Opening
the file and checking its pragmas is ``storage.db.connect``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.connection import Connection
from storage.db_errors import BUSY_TIMEOUT_MS, translate
from storage.errors import StorageError


class Database:
    """One connection, one lock; every write happens inside ``transaction()``."""

    def __init__(self, conn: Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._writers_waiting = 0  # queued for the lock: they will join the open batch
        self._batch: asyncio.Future[None] | None = None  # the open write transaction
        self._orphan_commit: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """One write, all or nothing, committed to disk when this returns.

        Group commit: with synchronous=FULL each COMMIT is a disk flush (milliseconds), so
        writers that queue up while one writes join its transaction, each in a savepoint of
        its own; the last of them commits for all, and every one returns only after that
        COMMIT (or raises if it failed)."""
        await self._acquire_for_write()
        try:
            batch = await self._join_batch()
            await self.conn.execute("SAVEPOINT write")
            try:
                yield self.conn
                await self.conn.execute("RELEASE write")
            except BaseException as exc:
                await self._undo_savepoint()
                if self._writers_waiting == 0:
                    await self._commit_batch()  # the others' writes in the batch still land
                translated = translate(exc)
                if translated is exc:
                    raise
                raise translated from exc
            if self._writers_waiting == 0:
                await self._commit_batch()
        finally:
            self._lock.release()
        # the shared COMMIT, made by this writer or a later one; shielded, because cancelling
        # one waiter must not cancel the others' commit
        await asyncio.shield(batch)

    async def _acquire_for_write(self) -> None:
        self._writers_waiting += 1
        try:
            await self._lock.acquire()
        except BaseException:
            self._writers_waiting -= 1
            if self._batch is not None and self._writers_waiting == 0:
                # the writer before counted on this one to commit: do it for them
                self._orphan_commit = asyncio.ensure_future(self._commit_when_free())
            raise
        self._writers_waiting -= 1

    async def _join_batch(self) -> asyncio.Future[None]:
        if self._batch is None:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                # cancelled while BEGIN waited for another process's lock: it may have begun
                # by the time the cancellation is delivered; leave no transaction open
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            self._batch = asyncio.get_running_loop().create_future()
        return self._batch

    async def _undo_savepoint(self) -> None:
        if self.conn.in_transaction:
            await self.conn.execute("ROLLBACK TO write")
            await self.conn.execute("RELEASE write")
        elif self._batch is not None:  # SQLite rolled the whole transaction back itself
            batch, self._batch = self._batch, None
            batch.set_exception(StorageError("The database rolled back; nothing was saved."))

    async def _commit_batch(self) -> None:
        batch, self._batch = self._batch, None
        if batch is None:
            return
        try:
            await self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                await self.conn.execute("ROLLBACK")
            failure = translate(exc)
            batch.set_exception(
                failure if isinstance(failure, Exception) else StorageError("Not saved.")
            )
            if not isinstance(exc, Exception):
                raise
            return
        batch.set_result(None)

    async def _commit_when_free(self) -> None:
        async with self._lock:
            await self._commit_batch()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Connection]:
        """A read-only snapshot (deferred transaction, rolled back at the end)."""
        async with self._lock:
            await self._commit_batch()  # reads never see writes not yet on disk
            await self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                await self.conn.execute("ROLLBACK")

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read-only snapshot on a connection of its own, for long reads (reports).

        It takes neither the lock nor the writer's connection, so turns keep being saved
        while it lasts (WAL lets readers run beside the writer). It sees the data committed
        when its first read ran, and nothing written after. Temp tables live in memory.
        """
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open the database at {self.path} to read ({exc}).") from exc
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA temp_store = MEMORY")
            await conn.execute("BEGIN")
            yield conn
        finally:
            await conn.close()  # ends the read transaction; nothing was written

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[Connection]:
        """The bare connection, outside any transaction (VACUUM INTO, checkpoints)."""
        async with self._lock:
            await self._commit_batch()
            yield self.conn

    async def close(self) -> None:
        async with self._lock:
            await self._commit_batch()
            await self.conn.close()
