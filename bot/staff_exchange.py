"""The short guided exchanges staff have with the bot (``/newcase``, ``/close``).

An exchange is a few steps of buttons and typed answers. It is kept in the store
(``storage.staff_exchanges``), saved at every step before that step's question is sent, so
after a restart the staff member's next tap or typed answer carries on where they were. It
belongs to one staff member (found from the Telegram user id; exchanges run in private chats
only) and goes when it ends, is cancelled, or is left longer than ``EXCHANGE_MAX_AGE``
(then the member is told to start again). Their role is checked again at the last step.
Buttons carry signed payloads (``bot.payloads``, at most 64 bytes) bound to the chat and to
the step's random ``seq``, so an old or copied button is refused; the values behind a button
are kept in the exchange, never in the payload.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.payloads import ButtonPayload, PayloadError, PayloadSigner
from storage.staff_exchanges import EXCHANGE_MAX_AGE, StoredExchange
from storage.store import Store

STAFF_QUESTION = "staff"  # the payload's question id: marks a button as a staff one
DONE_KEY = "done"
FINISHED = "finished"
MAX_AGE_HOURS = int(EXCHANGE_MAX_AGE.total_seconds() // 3600)


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
    case_id: int | None = None  # the case a /close is for (its erasure ends the exchange)
    expired: bool = False  # left longer than EXCHANGE_MAX_AGE

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
    # random, so a button from an ended exchange never matches a new exchange's step
    return secrets.randbelow(2**20) + 1


def begin(kind: str, staff_id: int, case_id: int | None = None) -> Exchange:
    """A new exchange; it replaces the member's unfinished one when first saved."""
    return Exchange(kind, staff_id, case_id=case_id)


async def save(store: Store, exchange: Exchange) -> None:
    """Keep the exchange as it is now (before its step's question is sent)."""
    await store.staff_exchanges.save(
        exchange.staff_id, exchange.kind, exchange.step, exchange.seq,
        choices=exchange.choices, data=exchange.data, selected=exchange.selected,
        case_id=exchange.case_id,
    )  # fmt: skip


async def move(store: Store, exchange: Exchange, step: str, choices: Sequence[str] = ()) -> None:
    """Go to ``step`` and save, so the new step's buttons work after a restart too."""
    exchange.go_to(step, choices)
    await save(store, exchange)


async def load(store: Store, telegram_user_id: int) -> Exchange | None:
    """The staff member's unfinished exchange (``expired`` set if left too long), or None."""
    stored = await store.staff_exchanges.for_user(telegram_user_id)
    return None if stored is None else _from_stored(stored)


def _from_stored(stored: StoredExchange) -> Exchange:
    return Exchange(
        stored.kind, stored.staff_id, stored.step, stored.seq, list(stored.choices),
        dict(stored.data), list(stored.selected), stored.case_id, stored.expired,
    )  # fmt: skip


async def finish(store: Store, exchange: Exchange, *, at_this_step: bool = False) -> bool:
    """End the exchange. ``at_this_step``: only if no one moved it on meanwhile (how the
    last step claims it, so two taps cannot both open or close a case). True if ended here."""
    seq = exchange.seq if at_this_step else None
    ended = await store.staff_exchanges.finish(exchange.staff_id, seq)
    exchange.step = FINISHED
    return ended


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
