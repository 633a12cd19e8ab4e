"""Rate limits: about one message a second to any one chat, 30 a second overall.

PTB's ``AIORateLimiter`` only throttles per chat for groups (negative chat ids); this bot
talks mostly to people in private chats, so ``PerChatRateLimiter`` gives every chat its own
limiter: one message a second for a private chat, Telegram's 20 a minute for a group (the
hub alert chat). When Telegram answers 429 it waits the time it is told and retries, at most
``max_retries`` times, holding back all other requests meanwhile. A request that timed out
or met a network error is retried too, as often, after a short pause (a timed-out send may
have arrived: a question sent twice is harmless, a question never sent leaves the person
waiting); a 400 or 403 is final.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

OVERALL_PER_SECOND = 30
PRIVATE_CHAT_PER_SECOND = 1
GROUP_PER_MINUTE = 20
MAX_RETRIES = 3
NETWORK_RETRY_PAUSE = 0.5  # seconds, times the attempt number

_LOGGER = logging.getLogger(__name__)


class PerChatRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` with a limiter for every chat, private chats included."""

    def __init__(self, max_retries: int = MAX_RETRIES) -> None:
        super().__init__(
            overall_max_rate=OVERALL_PER_SECOND,
            overall_time_period=1,
            group_max_rate=GROUP_PER_MINUTE,
            group_time_period=60,
            max_retries=max_retries,
        )

    @property
    def max_retries(self) -> int:
        """How many times a request is retried after a 429 before giving up."""
        return self._max_retries

    def _get_group_limiter(self, group_id: str | int | bool) -> AsyncLimiter:
        limiter = super()._get_group_limiter(group_id)
        if isinstance(group_id, int) and group_id > 0 and limiter.time_period != 1:
            # a private chat: replace the group-rate limiter made by the parent class
            limiter = AsyncLimiter(PRIVATE_CHAT_PER_SECOND, 1)
            self._group_limiters[group_id] = limiter
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Throttle per chat and overall; retry after 429 a bounded number of times."""
        max_retries = self._max_retries if rate_limit_args is None else rate_limit_args
        chat_id: Any = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        for attempt in range(max_retries + 1):
            try:
                return await self._run_request(
                    chat=chat_id is not None,
                    group=chat_id if chat_id is not None else False,
                    allow_paid_broadcast=bool(data.get("allow_paid_broadcast", False)),
                    callback=callback,
                    args=args,
                    kwargs=kwargs,
                )
            except RetryAfter as exc:
                if attempt == max_retries:
                    _LOGGER.warning("Telegram rate limit: gave up after %d retries", max_retries)
                    raise
                # the public ``retry_after`` warns about a type change; PTB itself reads this
                seconds = exc._retry_after.total_seconds()
                _LOGGER.info("Telegram rate limit: waiting %.1f seconds", seconds + 0.1)
                self._retry_after_event.clear()
                await asyncio.sleep(seconds + 0.1)
            except NetworkError as exc:
                if isinstance(exc, BadRequest) or attempt == max_retries:
                    raise
                _LOGGER.info("Telegram %s: retrying %s", type(exc).__name__, endpoint)
                await asyncio.sleep(NETWORK_RETRY_PAUSE * (attempt + 1))
            finally:
                self._retry_after_event.set()
        raise AssertionError("unreachable")  # the loop returns or raises
