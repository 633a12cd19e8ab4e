"""When each logged message was sent, for "hide this chat" (Telegram deletes only messages
under 48 hours old, so the bot must know which ones are).

``storage.inbox.MessageLog.for_chat`` returns ids only. Until ``MessageLog`` grows its own
method for this (requested in notes/to-storage.md), ``messages_with_times`` reads the same
``message_log`` rows, ids with their ``sent_at``, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.base import fetch_all
from storage.clock import from_text
from storage.inbox import MessageLog


@dataclass(frozen=True)
class LoggedMessage:
    """One message id in a chat and when it was logged (UTC)."""

    message_id: int
    sent_at: datetime


async def messages_with_times(messages: MessageLog, chat_id: int) -> list[LoggedMessage]:
    """The chat's logged message ids with their times, oldest first."""
    ctx = messages._ctx  # same package: the log's own context (database, keyring, clock)
    async with ctx.db.reading() as conn:
        rows = await fetch_all(
            conn,
            "SELECT message_id, sent_at FROM message_log WHERE chat_hash = ?"
            " ORDER BY sent_at, message_id",
            (ctx.chat_hash(chat_id),),
        )
    return [
        LoggedMessage(int(row["message_id"]), from_text(row["sent_at"]))  # type: ignore[arg-type]
        for row in rows
    ]
