"""Synchronous entry points for command-line tools: run one action against the store.

    count = run_with_store(settings, lambda store: store.cases.list())

``migrate_database`` and ``check_database`` work on the schema and file only, so they need
no data key. ``require_database`` refuses a file that does not exist, for commands that
only make sense on existing data (a mistyped ``--db`` must not create an empty database).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from storage.db import connect
from storage.errors import NoDatabase
from storage.migrate import applied_migrations, migrate
from storage.store import Store, open_store

if TYPE_CHECKING:
    from bot.config import Settings

T = TypeVar("T")


def run_with_store(
    settings: Settings, action: Callable[[Store], Awaitable[T]], *, alone: bool = False
) -> T:
    """Open the configured store (KeyMissing without a key), run ``action``, close.
    ``alone``: only if no other process has it open (see ``open_store``)."""

    async def go() -> T:
        async with open_store(settings, alone=alone) as store:
            return await action(store)

    return asyncio.run(go())


def is_store_file(path: Path, database: Path) -> bool:
    """Whether ``path`` (however spelled) is the database or one of its companion files
    (-wal, -shm, .lock): a command must never write its output over one of them."""
    store_files = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", ".lock")]
    return path.resolve() in [store_file.resolve() for store_file in store_files]


def require_database(path: Path) -> None:
    """Raise NoDatabase unless ``path`` exists; creates nothing."""
    if not path.exists():
        raise NoDatabase(path)


async def migrate_database(path: Path) -> tuple[list[str], list[str]]:
    """Apply pending migrations; return (applied now, all applied)."""
    db = await connect(path)
    try:
        applied = await migrate(db.conn)
        return applied, await applied_migrations(db.conn)
    finally:
        await db.close()


async def check_database(path: Path) -> list[str]:
    """Problems SQLite finds in the file (integrity and foreign keys); empty when sound."""
    if not path.exists():
        return [f"There is no database at {path}."]
    db = await connect(path)
    try:
        async with db.conn.execute("PRAGMA integrity_check") as cursor:
            problems = [row[0] for row in await cursor.fetchall() if row[0] != "ok"]
        async with db.conn.execute("PRAGMA foreign_key_check") as cursor:
            problems += [
                f"foreign key broken in {row[0]} row {row[1]}" for row in await cursor.fetchall()
            ]
        return problems
    finally:
        await db.close()
