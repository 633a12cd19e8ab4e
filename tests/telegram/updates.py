"""Build Telegram updates (as the Bot API would send them) and feed them to an Application."""

from __future__ import annotations

import itertools
import time
from typing import Any

from telegram import Update
from telegram.ext import Application

from tests.telegram.fake_bot_api import chat

_update_ids = itertools.count(1000)
_message_ids = itertools.count(1)


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Person"}


def message(chat_id: int, text: str, update_id: int | None = None) -> dict[str, Any]:
    """A text message update; a leading /command gets its bot_command entity."""
    body: dict[str, Any] = {
        "message_id": 50000 + next(_message_ids),
        "date": int(time.time()),
        "chat": chat(chat_id),
        "from": _user(chat_id),
        "text": text,
    }
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id or next(_update_ids), "message": body}


def voice(chat_id: int, file_id: str = "voice1") -> dict[str, Any]:
    """A voice note update."""
    body = {
        "message_id": 50000 + next(_message_ids),
        "date": int(time.time()),
        "chat": chat(chat_id),
        "from": _user(chat_id),
        "voice": {"file_id": file_id, "file_unique_id": f"u{file_id}", "duration": 3},
    }
    return {"update_id": next(_update_ids), "message": body}


def button(
    chat_id: int, data: str, sent: dict[str, Any], user_id: int | None = None
) -> dict[str, Any]:
    """A tap on a button of the message ``sent`` (as the fake returned it)."""
    query = {
        "id": str(next(_update_ids)),
        "from": _user(user_id or chat_id),
        "chat_instance": "ci",
        "data": data,
        "message": sent,
    }
    return {"update_id": next(_update_ids), "callback_query": query}


async def feed(app: Application, data: dict[str, Any]) -> None:
    """Process one update the way PTB would on receiving it."""
    await app.process_update(Update.de_json(data, app.bot))
