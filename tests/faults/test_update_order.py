"""``PerChatUpdateProcessor``: one chat's updates in order, other chats not held up."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.update_order import PerChatUpdateProcessor
from tests.telegram.updates import message


def update(chat_id: int, text: str) -> Update:
    return Update.de_json(message(chat_id, text), None)


async def test_one_chat_in_order_other_chats_at_the_same_time() -> None:
    """Two slow updates from chat A and one from chat B: A's run one after the other (never
    overlapping), B's runs while A's first is still waiting; the lock map is empty after."""
    processor = PerChatUpdateProcessor()
    log: list[str] = []

    async def handle(name: str, seconds: float) -> None:
        log.append(f"{name} begins")
        await asyncio.sleep(seconds)
        log.append(f"{name} ends")

    async with processor:
        await asyncio.gather(
            processor.process_update(update(1001, "a1"), handle("a1", 0.05)),
            processor.process_update(update(1001, "a2"), handle("a2", 0.0)),
            processor.process_update(update(2002, "b1"), handle("b1", 0.0)),
        )
    expected = ["a1 begins", "b1 begins", "b1 ends", "a1 ends", "a2 begins", "a2 ends"]
    assert expected == log
    assert {} == processor._locks
