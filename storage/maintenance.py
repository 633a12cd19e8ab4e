"""Operations on the whole database: key check, WAL truncation, backup, key rotation."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from storage.base import (
    ANSWER_TEXT_LABEL,
    ANSWER_VOICE_LABEL,
    CHAT_HASH,
    CHAT_LABEL,
    MESSAGE_CHAT_LABEL,
    OUTCOME_TEXT_LABEL,
    REVISION_TEXT_LABEL,
    SESSION_STATE_LABEL,
    STAFF_USER_LABEL,
    USER_HASH,
    VOICE_DATA_LABEL,
    Context,
    fetch_all,
    fetch_one,
    write_audit,
)
from storage.connection import Connection
from storage.crypto import Keyring
from storage.db import BUSY_TIMEOUT_MS, Database
from storage.errors import Conflict, StorageError, WrongKey
from storage.staff_exchanges import STAFF_EXCHANGE_LABEL

_CHECKPOINT_WAIT_MS = 1000
logger = logging.getLogger(__name__)

# (table, row key, [(encrypted column, label)], (hash column, label) of the first column)
_ENCRYPTED: tuple[tuple[str, str, tuple[tuple[str, str], ...], tuple[str, str] | None], ...] = (
    ("participants", "id", (("chat_enc", CHAT_LABEL),), ("chat_hash", CHAT_HASH)),
    ("message_log", "id", (("chat_enc", MESSAGE_CHAT_LABEL),), ("chat_hash", CHAT_HASH)),
    ("staff", "id", (("user_enc", STAFF_USER_LABEL),), ("user_hash", USER_HASH)),
    (
        "answers",
        "id",
        (("text_enc", ANSWER_TEXT_LABEL), ("voice_ref_enc", ANSWER_VOICE_LABEL)),
        None,
    ),
    ("outcomes", "id", (("text_enc", OUTCOME_TEXT_LABEL),), None),
    ("outcome_revision_items", "rowid", (("text_enc", REVISION_TEXT_LABEL),), None),
    ("sessions", "id", (("state_enc", SESSION_STATE_LABEL),), None),
    ("voice_notes", "id", (("data_enc", VOICE_DATA_LABEL),), None),
    ("staff_exchanges", "staff_id", (("state_enc", STAFF_EXCHANGE_LABEL),), None),
)


async def check_key(db: Database, keyring: Keyring) -> None:
    """Remember the key's check value in a new database; refuse a different key later."""
    async with db.transaction() as conn:
        row = await fetch_one(conn, "SELECT value FROM store_meta WHERE name = 'key_check'")
        if row is None:
            await conn.execute(
                "INSERT INTO store_meta (name, value) VALUES ('key_check', ?)",
                (keyring.check_value(),),
            )
        elif row["value"] != keyring.check_value():
            raise WrongKey()


async def truncate_wal(db: Database) -> bool:
    """Checkpoint and empty the WAL so erased data does not linger in old frames.

    TRUNCATE waits (busy timeout) for other processes' readers; we wait at most about a
    second, so a long report cannot stall the bot, and otherwise leave the frames to later
    checkpoints (which overwrite them) and return False.
    """
    async with db.exclusive() as conn:
        await conn.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_WAIT_MS}")
        try:
            rows = await fetch_all(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if rows and rows[0][0] == 0:  # (busy, frames in log, frames checkpointed)
        return True
    logger.warning("The WAL could not be emptied yet: another process is reading the database.")
    return False


async def backup(db: Database, target: Path) -> Path:
    """Write a consistent, compacted copy with VACUUM INTO (refuses to overwrite)."""
    target = target.expanduser()
    if target.exists():
        raise Conflict(f"{target} already exists; choose a new file name for the backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Create it empty and owner-only first: VACUUM INTO accepts an empty file and keeps its mode.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        async with db.exclusive() as conn:
            await conn.execute("VACUUM INTO ?", (str(target),))
    except Exception as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"The backup to {target} failed ({exc}).") from exc
    return target


_ROTATE_PAGE = 5000


def _reencrypt(
    row: Any,
    columns: tuple[tuple[str, str], ...],
    hashed: tuple[str, str] | None,
    old: Keyring,
    new: Keyring,
) -> tuple[object, ...]:
    """The new values for one row: each column re-encrypted, then its lookup hash."""
    values: list[object] = []
    for column, label in columns:
        blob = row[column]
        values.append(None if blob is None else new.encrypt(old.decrypt(blob, label), label))
    if hashed is not None:
        first = row[columns[0][0]]
        plain = None if first is None else old.decrypt(first, columns[0][1])
        values.append(None if plain is None else new.lookup_hash(int(plain), hashed[1]))
    return (*values, row["row_key"])


async def _rotate_table(conn: Connection, spec: tuple, old: Keyring, new: Keyring) -> None:
    """Re-encrypt one table page by page (bounded memory, one executemany per page)."""
    table, key, columns, hashed = spec
    names = ", ".join(column for column, _ in columns)
    sets = ", ".join(f"{column} = ?" for column, _ in columns)
    if hashed is not None:
        sets += f", {hashed[0]} = ?"
    last: int = -1
    while True:
        rows = await fetch_all(
            conn,
            f"SELECT {key} AS row_key, {names} FROM {table} WHERE {key} > ?"
            f" ORDER BY {key} LIMIT {_ROTATE_PAGE}",
            (last,),
        )
        if not rows:
            return
        updates = [_reencrypt(row, columns, hashed, old, new) for row in rows]
        await conn.executemany(f"UPDATE {table} SET {sets} WHERE {key} = ?", updates)
        last = rows[-1]["row_key"]


async def rotate_key(ctx: Context, new: Keyring, actor: str) -> None:
    """Re-encrypt every encrypted column and recompute every lookup hash, in one transaction.

    On success the open store uses the new key at once; on any failure (or a crash) nothing
    changes and the old key still opens everything.
    """
    async with ctx.db.transaction() as conn:
        for spec in _ENCRYPTED:
            await _rotate_table(conn, spec, ctx.keyring, new)
        await conn.execute(
            "UPDATE store_meta SET value = ? WHERE name = 'key_check'", (new.check_value(),)
        )
        await write_audit(conn, ctx.now(), actor, "key_rotated")
    ctx.keyring = new
