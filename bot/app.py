"""Build the python-telegram-bot ``Application`` from settings.

One place decides how the bot talks to Telegram: the token from the environment, the Bot
API server (``telegram.base_url``/``base_file_url``, for a self-hosted server), per-chat and
overall rate limits with bounded 429 retries, ``protect_content`` on by default, and the
command list and neutral description set at start. Tests pass their own ``request`` (an
offline fake of the Bot API); production uses PTB's HTTPX request.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, BaseRateLimiter, Defaults, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import ConfigError, Settings
from bot.payloads import PayloadSigner
from bot.profile import announce_profile
from bot.rate_limit import PerChatRateLimiter
from bot.update_order import PerChatUpdateProcessor

# Methods that take protect_content: every send*, copy* and forward* method.
_PROTECTABLE = ("send", "copy", "forward")
# Methods whose result is the message we sent or edited (not getUpdates: incoming messages'
# keyboards are read, to confirm a tapped button's label).
_ECHOING = ("send", "edit")
_KEPT = {"message_id", "date", "chat"}  # all a Message needs; the rest of an echo is dropped


def bot_token(settings: Settings) -> str:
    """The bot token, or a ``ConfigError`` that says where to put it."""
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        raise ConfigError(
            "Config 'telegram_token' is not set: put the bot token from @BotFather in the "
            "CHECKIN_TELEGRAM_TOKEN environment variable"
        )
    return settings.telegram_token.get_secret_value()


def payload_signer(settings: Settings) -> PayloadSigner:
    """The button payload signer, keyed from the data key."""
    if settings.data_key is None or not settings.data_key.get_secret_value():
        raise ConfigError(
            "Config 'data_key' is not set: put the data key in the CHECKIN_DATA_KEY "
            "environment variable"
        )
    return PayloadSigner.from_data_key(settings.data_key.get_secret_value())


class ProtectedBot(ExtBot):
    """``ExtBot`` with ``protect_content`` on by default, sent only where the API takes it.

    PTB 22 adds the ``protect_content`` default to edit calls too (``editMessageText``,
    ``editMessageReplyMarkup``), which the Bot API does not define; it is dropped there.
    The result of a send or edit is reduced to the message's id, date and chat before PTB
    parses it: callers get a ``Message`` with those only (the bot reads nothing else back).
    """

    async def _do_post(self, endpoint: str, data: dict[str, Any], **kwargs: Any) -> Any:
        if not endpoint.startswith(_PROTECTABLE):
            data.pop("protect_content", None)
        result = await super()._do_post(endpoint, data, **kwargs)
        if endpoint.startswith(_ECHOING) and isinstance(result, dict) and result.keys() >= _KEPT:
            # Telegram echoes back the whole message we just sent or edited (text, keyboard,
            # sender); the bot keeps only its id (for "hide this chat"), and parsing the rest
            # into PTB objects was a fifth of its CPU per update
            chat = result["chat"]
            result = {"message_id": result["message_id"], "date": result["date"],
                      "chat": {"id": chat["id"], "type": chat["type"]}}  # fmt: skip
        return result

    async def send_text(
        self, chat_id: int, text: str, protect_content: bool = True,
        api_kwargs: dict[str, Any] | None = None,
    ) -> int:  # fmt: skip
        """``sendMessage`` that returns only the new message's id (for "hide this chat").

        ``send_message`` parses Telegram's echo into a ``Message``, about 0.19 ms of setting
        a hundred attributes even when trimmed, for an id. This goes through the same ``_post``
        as every PTB method, so defaults, the rate limiter, retries and PTB's typed errors
        (``RetryAfter``, ``Forbidden``, ``BadRequest``) are exactly those of ``send_message``.
        Takes ``render_reply``'s keyword arguments.
        """
        data: dict[str, Any] = {"chat_id": chat_id, "text": text,
                                "protect_content": protect_content}  # fmt: skip
        result = await self._post("sendMessage", data, api_kwargs=api_kwargs)
        return int(result["message_id"])

    async def remove_buttons(self, chat_id: int, message_id: int) -> None:
        """``editMessageReplyMarkup`` with no markup: the tapped question's buttons go, so an
        old question cannot be answered again. Nothing is read back."""
        data: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id}
        await self._post("editMessageReplyMarkup", data)


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter | None = None,
) -> Application:
    """A ready-to-start ``Application`` (handlers are added by the caller).

    In webhook mode no PTB ``Updater`` is built: ``bot.webhook`` serves updates itself so
    that it can check the secret token in constant time.
    """
    telegram = settings.telegram
    bot = ProtectedBot(
        token=bot_token(settings),
        base_url=telegram.base_url,
        base_file_url=telegram.base_file_url,
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
        rate_limiter=rate_limiter or PerChatRateLimiter(),
        defaults=Defaults(protect_content=True),
    )
    builder = Application.builder().bot(bot).post_init(announce_profile)
    # one person's rate-limit pauses must not hold up everyone else (see bot.update_order)
    builder = builder.concurrent_updates(PerChatUpdateProcessor())
    if telegram.mode == "webhook":
        builder = builder.updater(None)
    return builder.build()
