"""Opening a database for the Store: where the key and the file come from, and the checks
made before anything is read (migrations, WAL and synchronous=FULL, the right key). A write
lock held too long or a full disk while opening is raised as DatabaseBusy or
DatabaseNotWritable, never as a bare sqlite3 error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from storage import maintenance
from storage.base import Context
from storage.clock import Clock, utc_now
from storage.crypto import Keyring, load_key, parse_key
from storage.db import connect
from storage.db_errors import plain_errors
from storage.errors import KeyMissing
from storage.key_files import check_configured_key
from storage.migrate import migrate

if TYPE_CHECKING:
    from bot.config import Settings


def keyring_from(key: str | bytes | Keyring) -> Keyring:
    """A Keyring from a key as text (the form the CLI and settings give), raw bytes, or a
    Keyring already made."""
    if isinstance(key, Keyring):
        return key
    return Keyring(parse_key(key) if isinstance(key, str) else key)


def database_path(source: Settings | str | Path) -> Path:
    """The SQLite file of a Settings, a ``sqlite:///`` URL or a path."""
    if isinstance(source, Path):
        return source
    if isinstance(source, str):
        return Path(source.removeprefix("sqlite:///"))
    return source.database_path


@asynccontextmanager
async def open_context(
    source: Settings | str | Path,
    key: str | bytes | Keyring | None = None,
    *,
    clock: Clock = utc_now,
    invite_valid_days: int | None = None,
) -> AsyncIterator[Context]:
    """The repositories' shared Context over a migrated, checked database (closed on exit);
    ``storage.store.open_store`` documents the arguments and the errors."""
    if key is None:
        if isinstance(source, (str, Path)):
            raise KeyMissing()
        keyring = load_key(source)
    else:
        keyring = keyring_from(key)
    if invite_valid_days is None:
        invite_valid_days = (
            14 if isinstance(source, (str, Path)) else source.survey.invite_valid_days
        )
    path = database_path(source)
    db = await connect(path)
    try:
        with plain_errors(path):  # a lock held too long, a full disk: one plain error
            await migrate(db.conn)
            if key is None and not isinstance(source, (str, Path)):
                # The key came from settings: explain an interrupted rotation's .next file.
                await check_configured_key(db, keyring, source)
            else:
                await maintenance.check_key(db, keyring)
        yield Context(db, keyring, clock, invite_valid_days)
    finally:
        await db.close()
