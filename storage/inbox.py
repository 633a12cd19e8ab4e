"""Chat plumbing without personal content: processed update ids (de-duplication), the
message log behind "hide this chat", and encrypted voice notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.base import MESSAGE_CHAT_LABEL, VOICE_DATA_LABEL, Context, fetch_all, fetch_one, insert
from storage.clock import from_text, to_text
from storage.connection import Connection
from storage.errors import NotFound
from storage.sessions import ShownQuestion, mark_shown

VOICE_PREFIX = "voice:"
INBOX_KEEP_DAYS = 7
MESSAGES_KEEP_DAYS = 2


_REMEMBER = (
    "INSERT OR IGNORE INTO message_log (chat_hash, chat_enc, message_id, sent_at)"
    " VALUES (?, ?, ?, ?)"
)


def _remembered(ctx: Context, chat_id: int, message_id: int) -> tuple[bytes, bytes, int, str]:
    """A message_log row: the chat hashed (for lookup) and encrypted, never in clear."""
    return (
        ctx.chat_hash(chat_id),
        ctx.encrypt_chat(chat_id, MESSAGE_CHAT_LABEL),
        int(message_id),
        ctx.now(),
    )


@dataclass(frozen=True)
class UpdateClaim:
    """A Telegram update to mark as handled, and its (chat id, message id) if it is a
    message (remembered for "hide this chat")."""

    update_id: int
    message: tuple[int, int] | None = None


async def claim_in(conn: Connection, ctx: Context, claim: UpdateClaim) -> bool:
    """In the caller's transaction: True the first time the update id is seen, False after."""
    async with conn.execute(
        "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
        (int(claim.update_id), ctx.now()),
    ) as cursor:
        claimed = cursor.rowcount == 1
    if claimed and claim.message is not None:
        await conn.executemany(_REMEMBER, [_remembered(ctx, *claim.message)])
    return claimed


async def handled_in(conn: Connection, update_id: int) -> bool:
    """Whether the update was handled already (claimed, or saved with its turn)."""
    row = await fetch_one(
        conn, "SELECT 1 FROM processed_updates WHERE update_id = ?", (int(update_id),)
    )
    return row is not None


class Inbox:
    """Telegram update ids already handled, so a re-delivered update is ignored."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def claim(self, update_id: int, message: tuple[int, int] | None = None) -> bool:
        """True the first time an update id is seen, False after. ``message``: the update's
        (chat id, message id), remembered for "hide this chat" in the same transaction (one
        commit, not two: each costs a disk flush). Updates that end in a saved turn are
        claimed in the turn's own transaction instead (``Store.save_turn(claim=...)``)."""
        async with self._ctx.db.transaction() as conn:
            return await claim_in(conn, self._ctx, UpdateClaim(update_id, message))

    async def seen(self, update_id: int) -> bool:
        """Whether the update was handled already (claimed, or saved with its turn)."""
        async with self._ctx.db.reading() as conn:
            return await handled_in(conn, update_id)

    async def forget_older_than(self, days: int) -> int:
        cutoff = to_text(self._ctx.clock() - timedelta(days=days))
        async with (
            self._ctx.db.transaction() as conn,
            conn.execute(
                "DELETE FROM processed_updates WHERE processed_at < ?", (cutoff,)
            ) as cursor,
        ):
            return cursor.rowcount


class MessageLog:
    """Message ids in a chat (the bot's and the person's), for "hide this chat"."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def remember(self, chat_id: int, message_id: int) -> None:
        await self.remember_many(chat_id, [message_id])

    async def remember_many(
        self, chat_id: int, message_ids: list[int], *, shown: ShownQuestion | None = None
    ) -> None:
        """Remember several of a chat's messages in one transaction (one disk flush); with
        ``shown``, also that the question numbered ``shown.seq`` has reached the person."""
        if not message_ids and shown is None:
            return
        rows = [_remembered(self._ctx, chat_id, message_id) for message_id in message_ids]
        async with self._ctx.db.transaction() as conn:
            await conn.executemany(_REMEMBER, rows)
            if shown is not None:
                await mark_shown(conn, shown)

    async def forget_older_than(self, days: int) -> int:
        cutoff = to_text(self._ctx.clock() - timedelta(days=days))
        async with (
            self._ctx.db.transaction() as conn,
            conn.execute("DELETE FROM message_log WHERE sent_at < ?", (cutoff,)) as cursor,
        ):
            return cursor.rowcount

    async def for_chat(self, chat_id: int) -> list[int]:
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(
                conn,
                "SELECT message_id FROM message_log WHERE chat_hash = ? ORDER BY message_id",
                (self._ctx.chat_hash(chat_id),),
            )
        return [int(row["message_id"]) for row in rows]

    async def for_chat_with_times(self, chat_id: int) -> list[tuple[int, datetime]]:
        """(message id, when it was logged) for the chat, oldest first: Telegram deletes
        only messages under 48 hours old, so "hide this chat" needs the times."""
        async with self._ctx.db.reading() as conn:
            rows = await fetch_all(
                conn,
                "SELECT message_id, sent_at FROM message_log WHERE chat_hash = ?"
                " ORDER BY sent_at, message_id",
                (self._ctx.chat_hash(chat_id),),
            )
        return [(int(row["message_id"]), from_text(row["sent_at"])) for row in rows]  # type: ignore[misc]

    async def forget(self, chat_id: int, message_ids: list[int] | None = None) -> None:
        """Forget the chat's messages (all, or the given ids once they are deleted)."""
        chat_hash = self._ctx.chat_hash(chat_id)
        async with self._ctx.db.transaction() as conn:
            if message_ids is None:
                await conn.execute("DELETE FROM message_log WHERE chat_hash = ?", (chat_hash,))
                return
            await conn.executemany(
                "DELETE FROM message_log WHERE chat_hash = ? AND message_id = ?",
                [(chat_hash, int(m)) for m in message_ids],
            )


class VoiceNotes:
    """Voice note audio, encrypted; the engine sees only the ref ('voice:<id>')."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def put(self, participant_id: int, data: bytes) -> str:
        async with self._ctx.db.transaction() as conn:
            voice_id = await insert(
                conn,
                "INSERT INTO voice_notes (participant_id, data_enc, created_at) VALUES (?, ?, ?)",
                (
                    participant_id,
                    self._ctx.keyring.encrypt(data, VOICE_DATA_LABEL),
                    self._ctx.now(),
                ),
            )
        return f"{VOICE_PREFIX}{voice_id}"

    async def get(self, ref: str) -> bytes:
        if not ref.startswith(VOICE_PREFIX) or not ref[len(VOICE_PREFIX) :].isdigit():
            raise NotFound("That voice note reference is not one the store made.")
        async with self._ctx.db.reading() as conn:
            row = await fetch_one(
                conn,
                "SELECT data_enc FROM voice_notes WHERE id = ?",
                (int(ref[len(VOICE_PREFIX) :]),),
            )
        if row is None:
            raise NotFound("That voice note no longer exists (it may have been erased).")
        return self._ctx.keyring.decrypt(row["data_enc"], VOICE_DATA_LABEL)
