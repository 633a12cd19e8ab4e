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
    The keyboard Telegram echoes back in the result of a send or edit is not parsed.
    """

    async def _do_post(self, endpoint: str, data: dict[str, Any], **kwargs: Any) -> Any:
        if not endpoint.startswith(_PROTECTABLE):
            data.pop("protect_content", None)
        result = await super()._do_post(endpoint, data, **kwargs)
        if endpoint.startswith(_ECHOING) and isinstance(result, dict):
            # Telegram echoes the keyboard we just sent; nothing reads it back, and parsing
            # it into button objects was a tenth of the bot's CPU per update
            result.pop("reply_markup", None)
        return result


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
