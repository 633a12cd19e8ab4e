"""Plain notes to the hub alert chat: which case and what happened, never who.

Used when staff need to act but nothing is urgent enough for an alert with an Acknowledge
button (``bot.alerts``): a person who blocked the bot, a link opened from the wrong account.
The words are staff content (``bot/staff_words.toml``); no person's words or ids go in.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.services import BotServices
from bot.staff_words import staff_text
from storage.models import Case

_LOGGER = logging.getLogger(__name__)


async def tell_hub(svc: BotServices, bot: Bot, key: str, case: Case, **fields: str) -> bool:
    """Send the staff words ``key`` about ``case`` to the hub alert chat; False if there is
    no hub chat configured or Telegram refused (logged by type only)."""
    chat_id = svc.settings.telegram.hub_alert_chat_id
    if not chat_id:
        return False
    text = staff_text(key, ref=case.local_ref, organisation=case.organisation, **fields)
    try:
        await bot.send_message(chat_id, text)
    except TelegramError as exc:
        _LOGGER.warning("The hub could not be told (%s)", type(exc).__name__)
        return False
    return True
