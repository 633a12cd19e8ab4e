"""The short guided exchanges staff have with the bot (``/newcase``, ``/close``).

An exchange is a few steps of buttons and typed answers. It lives in the chat's memory
(``chat_data``), not the store: it holds nothing until its last step writes through the
store, so a restart only means starting the command again. Buttons carry signed payloads
(``bot.payloads``, at most 64 bytes) bound to the chat and to the exchange step, so an old
or copied button is refused; the values behind a button are kept here, never in the payload.
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.payloads import ButtonPayload, PayloadError, PayloadSigner

STAFF_QUESTION = "staff"  # the payload's question id: marks a button as a staff one
EXCHANGE_KEY = "checkin_staff_exchange"
DONE_KEY = "done"


@dataclass
class Exchange:
    """One staff exchange in progress: which, at what step, and what was given so far."""

    kind: str  # "newcase" or "close"
    staff_id: int
    step: str = ""
    seq: int = 0
    choices: list[str] = field(default_factory=list)  # the value behind each button index
    data: dict[str, Any] = field(default_factory=dict)
    selected: list[str] = field(default_factory=list)  # multi-choice steps (concern types)

    def go_to(self, step: str, choices: Sequence[str] = ()) -> None:
        """Move to ``step``; buttons of earlier steps stop working."""
        self.step = step
        self.choices = list(choices)
        self.selected = []
        self.seq = _new_seq()

    def choice(self, key: str) -> str | None:
        """The value a tapped button stands for at this step (None if not one of them)."""
        name, _, index = key.partition(":")
        if name != self.step or not index.isdigit() or int(index) >= len(self.choices):
            return None
        return self.choices[int(index)]


def _new_seq() -> int:
    # random, so a button from before a restart never matches a new exchange's step
    return secrets.randbelow(2**20) + 1


def begin(chat_data: MutableMapping[str, Any], kind: str, staff_id: int) -> Exchange:
    """Start an exchange in this chat, replacing any unfinished one."""
    exchange = Exchange(kind, staff_id)
    chat_data[EXCHANGE_KEY] = exchange
    return exchange


def current(chat_data: MutableMapping[str, Any] | None) -> Exchange | None:
    return None if chat_data is None else chat_data.get(EXCHANGE_KEY)


def finish(chat_data: MutableMapping[str, Any] | None) -> Exchange | None:
    """End the chat's exchange; returns it (None if there was none)."""
    return None if chat_data is None else chat_data.pop(EXCHANGE_KEY, None)


def keyboard(
    signer: PayloadSigner,
    chat_id: int,
    exchange: Exchange,
    labels: Sequence[str],
    done_label: str | None = None,
) -> InlineKeyboardMarkup:
    """One button per row (easy to aim at, read in order) for each choice, then Done."""

    def button(label: str, key: str) -> list[InlineKeyboardButton]:
        data = signer.encode(chat_id, exchange.seq, STAFF_QUESTION, key)
        return [InlineKeyboardButton(label, callback_data=data)]

    rows = [button(label, f"{exchange.step}:{i}") for i, label in enumerate(labels)]
    if done_label is not None:
        rows.append(button(done_label, DONE_KEY))
    return InlineKeyboardMarkup(rows)


def staff_payload(signer: PayloadSigner, data: str, chat_id: int) -> ButtonPayload | None:
    """The payload if ``data`` is a genuine staff button for this chat, else None (a
    person's button, or forged: those are left to the other handlers)."""
    try:
        payload = signer.decode(data, chat_id)
    except PayloadError:
        return None
    return payload if payload.question_id == STAFF_QUESTION else None
