"""Hide this chat: delete the bot's and the person's recent messages from the chat.

Telegram only lets a bot delete messages under 48 hours old, and ``deleteMessages`` takes
at most 100 ids a call, so the ids of every message sent and received are kept (through a
``MessageLog`` the store provides) with their times. Hiding deletes the recent ones in
batches and tolerates refusals (a message already gone or just past the limit). Saved
answers are not touched: only the chat on the phone is cleared.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram import Bot, Message
from telegram.error import TelegramError

from storage.errors import StorageError

DELETE_WINDOW = timedelta(hours=48)
BATCH_SIZE = 100
_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrackedMessage:
    """A message in a chat the bot may need to delete later."""

    message_id: int
    at: datetime | None  # None: the store did not say; it is tried, Telegram skips it if old


class MessageLog(Protocol):
    """Where message ids are kept (the store implements this; chat ids stay encrypted)."""

    async def remember_message(self, chat_id: int, message_id: int, at: datetime) -> None: ...

    async def messages_in_chat(self, chat_id: int) -> Sequence[TrackedMessage]: ...

    async def forget_messages(self, chat_id: int, message_ids: Iterable[int]) -> None: ...


@dataclass
class InMemoryMessageLog:
    """A ``MessageLog`` in a dict: for tests, and for the console channel."""

    chats: dict[int, dict[int, datetime]] = field(default_factory=dict)

    async def remember_message(self, chat_id: int, message_id: int, at: datetime) -> None:
        self.chats.setdefault(chat_id, {})[message_id] = at

    async def messages_in_chat(self, chat_id: int) -> Sequence[TrackedMessage]:
        items = self.chats.get(chat_id, {}).items()
        return [TrackedMessage(message_id, at) for message_id, at in items]

    async def forget_messages(self, chat_id: int, message_ids: Iterable[int]) -> None:
        kept = self.chats.get(chat_id, {})
        for message_id in message_ids:
            kept.pop(message_id, None)


class StoreMessageLog:
    """A ``MessageLog`` over ``storage``'s message log (chat ids encrypted and hashed there).

    The store stamps each id with its own clock when it is logged (``at`` is not passed
    on); hiding reads the ids back with those times, so messages past 48 hours are skipped.
    """

    def __init__(self, messages: Any) -> None:
        self._messages = messages

    async def remember_message(self, chat_id: int, message_id: int, at: datetime) -> None:
        await self._messages.remember(chat_id, message_id)

    async def messages_in_chat(self, chat_id: int) -> Sequence[TrackedMessage]:
        logged = await self._messages.for_chat_with_times(chat_id)
        return [TrackedMessage(message_id, at) for message_id, at in logged]

    async def forget_messages(self, chat_id: int, message_ids: Iterable[int]) -> None:
        await self._messages.forget(chat_id, list(message_ids))


@dataclass(frozen=True)
class HideResult:
    """What hiding did: ids deleted, ids Telegram refused, and ids too old to try."""

    deleted: tuple[int, ...] = ()
    refused: tuple[int, ...] = ()
    too_old: tuple[int, ...] = ()


def deletable_ids(messages: Iterable[TrackedMessage], now: datetime) -> list[int]:
    """Ids of messages under 48 hours old, oldest first."""
    recent = [m for m in messages if m.at is None or now - m.at < DELETE_WINDOW]
    return [m.message_id for m in sorted(recent, key=lambda m: (m.at or now, m.message_id))]


def batches(ids: Sequence[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """``ids`` in consecutive lists of at most ``size``."""
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


async def remember_sent(log: MessageLog, message: Message) -> None:
    """Keep the id of a message the bot sent or received, so it can be hidden later."""
    await log.remember_message(message.chat_id, message.message_id, message.date)


async def hide_chat(
    bot: Bot, log: MessageLog, chat_id: int, now: datetime, also: Iterable[int] = ()
) -> HideResult:
    """Delete the chat's messages under 48 hours old; forget those deleted or too old.

    ``also``: ids of messages just received that may not be in the log (the store failed to
    keep them), deleted too. If the log cannot be read those alone are deleted."""
    try:
        tracked = list(await log.messages_in_chat(chat_id))
    except StorageError as exc:
        _LOGGER.warning("Hiding: the message log could not be read (%s)", type(exc).__name__)
        tracked = []
    logged = {m.message_id for m in tracked}
    tracked += [TrackedMessage(message_id, now) for message_id in also if message_id not in logged]
    recent = deletable_ids(tracked, now)
    too_old = tuple(sorted({m.message_id for m in tracked} - set(recent)))
    deleted: list[int] = []
    refused: list[int] = []
    for batch in batches(recent):
        try:
            await bot.delete_messages(chat_id, batch)
        except TelegramError as exc:
            # already deleted by the person, just past the limit, or the bot was blocked
            _LOGGER.warning(
                "Hiding: Telegram refused %d messages (%s)", len(batch), type(exc).__name__
            )
            refused.extend(batch)
        else:
            deleted.extend(batch)
    await log.forget_messages(chat_id, [*deleted, *too_old])
    return HideResult(tuple(deleted), tuple(refused), too_old)


async def hide_unsaved(
    bot: Bot, log: MessageLog, chat_id: int, now: datetime, own: Iterable[int]
) -> None:  # fmt: skip
    """Hide the chat although the hide request could not be saved (the store is failing):
    the messages logged so far and the request's ``own`` message go, and nothing is said
    (a "did not save" would be a new message in a chat the person wants cleared)."""
    try:
        await hide_chat(bot, log, chat_id, now, also=own)
    except StorageError as exc:  # the deleted ids could not be forgotten: tried again later
        _LOGGER.warning("Hiding: the message log was not updated (%s)", type(exc).__name__)


async def snapshot(
    log: MessageLog, chat_id: int, now: datetime, also: Iterable[int] = ()
) -> InMemoryMessageLog:
    """The chat's logged messages (and ``also``, just received) copied into memory, for
    hiding after the store has forgotten them (a withdrawal erases the log)."""
    copied = InMemoryMessageLog()
    for message in await log.messages_in_chat(chat_id):
        await copied.remember_message(chat_id, message.message_id, message.at or now)
    for message_id in also:
        await copied.remember_message(chat_id, message_id, now)
    return copied
