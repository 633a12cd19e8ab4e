"""Updates from different chats are handled at the same time; one chat's, one after another.

PTB handles updates one at a time by default. The per-chat rate limiter (one message a
second to a chat) waits inside a handler, so with one-at-a-time handling every person waited
for everyone else's pauses: with four people answering, each next question took about ten
seconds. Handling all updates concurrently would instead let two taps from one chat race
over the same survey state. ``PerChatUpdateProcessor`` does both right: concurrent across
chats (up to ``max_concurrent_updates``), in arrival order within a chat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one chat (and within one user's updates
    that have no chat, such as inline queries)."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}

    def _key(self, update: object) -> object:
        if isinstance(update, Update):
            if update.effective_chat is not None:
                return ("chat", update.effective_chat.id)
            if update.effective_user is not None:
                return ("user", update.effective_user.id)
        return ("update", id(update))

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self._key(update)
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]  # nothing else waits on this chat: keep the map small
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
