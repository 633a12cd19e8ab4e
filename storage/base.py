"""What every repository shares: the database, the keyring, the clock, and small helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.audit_actor import audit_actor
from storage.clock import Clock, to_text
from storage.connection import Connection
from storage.crypto import Keyring
from storage.db import Database

# Labels bind each ciphertext to its column (AES-GCM associated data) and each lookup hash
# to its kind of value.
CHAT_LABEL = "participants.chat"
MESSAGE_CHAT_LABEL = "message_log.chat"
STAFF_USER_LABEL = "staff.user"
ANSWER_TEXT_LABEL = "answers.text"
ANSWER_VOICE_LABEL = "answers.voice_ref"
OUTCOME_TEXT_LABEL = "outcomes.text"
REVISION_TEXT_LABEL = "outcome_revision_items.text"
SESSION_STATE_LABEL = "sessions.state"
VOICE_DATA_LABEL = "voice_notes.data"
CHAT_HASH = "chat"
USER_HASH = "user"


@dataclass
class Context:
    """Shared by the repositories of one open store. ``keyring`` changes on key rotation."""

    db: Database
    keyring: Keyring
    clock: Clock
    invite_valid_days: int = 14

    def now(self) -> str:
        return to_text(self.clock())

    def chat_hash(self, chat_id: int) -> bytes:
        return self.keyring.lookup_hash(int(chat_id), CHAT_HASH)

    def encrypt_chat(self, chat_id: int, label: str = CHAT_LABEL) -> bytes:
        return self.keyring.encrypt(str(int(chat_id)).encode("ascii"), label)

    def decrypt_chat(self, blob: bytes | None, label: str = CHAT_LABEL) -> int | None:
        return None if blob is None else int(self.keyring.decrypt(blob, label))


# One call each: with the writer's connection these run on the loop inside a transaction,
# and on the snapshot (aiosqlite) connection each call is one round trip to its thread.


async def fetch_one(conn: Connection, sql: str, params: tuple = ()) -> Any:
    """The first row (queries here are keyed or LIMIT 1), or None."""
    rows = await conn.execute_fetchall(sql, params)
    return rows[0] if rows else None


async def fetch_all(conn: Connection, sql: str, params: tuple = ()) -> list[Any]:
    return list(await conn.execute_fetchall(sql, params))


async def insert(conn: Connection, sql: str, params: tuple = ()) -> int:
    """Run an INSERT and return the new row id."""
    row = await conn.execute_insert(sql, params)
    return int(row[0]) if row else 0


async def write_audit(
    conn: Connection,
    at: str,
    actor: str,
    action: str,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one audit entry. ``detail`` must hold no personal data (no text, no ids).
    A command line's "cli" names its operator (``storage.audit_actor``)."""
    return await insert(
        conn,
        "INSERT INTO audit_log (at, actor, action, case_id, detail) VALUES (?, ?, ?, ?, ?)",
        (at, audit_actor(actor), action, case_id, json.dumps(detail or {}, sort_keys=True)),
    )
