"""Which plain-language reply an error gets: one place, walking the exception's classes.

Only the reply *key* is decided here; the words are content (``bot/content``), in every
wording. Errors are logged by type only: never the update, its text or ids.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import ContextTypes

from bot.payloads import PayloadError
from storage.errors import (
    Conflict,
    IntegrityProblem,
    InviteExpired,
    InviteNotFound,
    InviteUsed,
    StorageError,
)

DEFAULT_KEY = "try_again_later"
# Most specific first is not needed: the lookup walks each error's MRO.
REPLY_KEYS: dict[type[BaseException], str] = {
    PayloadError: "stale_button",  # stale and forged alike: never tell a forger which
    InviteNotFound: "link_not_working",
    InviteUsed: "link_not_working",
    InviteExpired: "link_not_working",
    Conflict: "not_saved",
    IntegrityProblem: "not_saved",
    StorageError: "not_saved",
    TimedOut: "not_saved",
    BadRequest: DEFAULT_KEY,  # PTB makes it a NetworkError, but retrying will not help
    NetworkError: "not_saved",
}
_LOGGER = logging.getLogger(__name__)


def reply_key_for(error: BaseException) -> str:
    """The transport-words key for an error: its nearest mapped class, else the default."""
    for cls in type(error).__mro__:
        if cls in REPLY_KEYS:
            return REPLY_KEYS[cls]
    return DEFAULT_KEY


async def log_error(update: Any, context: ContextTypes.DEFAULT_TYPE) -> None:
    """PTB error handler: log the error's type and where, never the update's content."""
    error = context.error
    kind = "update" if isinstance(update, Update) else "background job"
    _LOGGER.error(
        "Unhandled %s while handling a %s",
        type(error).__name__,
        kind,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
