"""The terminal channel on the store: join a case by invite, save every turn, resume later.

The terminal has no Telegram chat, so it joins with ``storage.CONSOLE_CHAT_ID``; running
again with the same invite finds the same participant and resumes at the same question.
Every turn is committed before its replies are printed, as on Telegram.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TextIO

from bot.console import converse
from bot.transport_words import words
from dialogs.engine import begin, handle
from dialogs.schema import LanguageContent
from dialogs.types import Command, Turn
from storage import CONSOLE_CHAT_ID, token_from_link
from storage.errors import StorageError
from storage.models import Participant
from storage.store import Store

CHANNEL = "console"
_LOGGER = logging.getLogger(__name__)


async def opening_turn(
    store: Store, catalogue: Mapping[str, LanguageContent], participant: Participant
) -> Turn:
    """The participant's saved survey shown again, or a new one for their current timepoint."""
    state = await store.load_session(participant.id, participant.current_timepoint)
    if state is not None:
        return handle(catalogue, state, Command("repeat"))
    return begin(
        catalogue,
        participant.current_timepoint,
        variant=participant.variant,
        language=participant.language,
        answered_by=participant.answered_by,
        outcomes=await store.current_outcomes(participant.case_id),
        consent_given=await store.latest_consent(participant.id) is True,
    )


async def chat_by_invite(
    store: Store,
    catalogue: Mapping[str, LanguageContent],
    invite: str,
    *,
    stdin: TextIO,
    out: TextIO,
    echo: bool,
) -> Turn:
    """Join (or rejoin) the invite's case and run its survey, saving every turn."""
    participant = await store.redeem_invite(token_from_link(invite), CONSOLE_CHAT_ID)
    turn = await opening_turn(store, catalogue, participant)

    async def save(new: Turn) -> bool:
        try:
            await store.save_turn(
                participant.id, new.state.timepoint, new.records, new.state,
                channel=CHANNEL, source_message_id=None,
            )  # fmt: skip
        except StorageError as exc:
            _LOGGER.warning("Saving a terminal turn failed (%s)", type(exc).__name__)
            return False
        return True

    state = turn.state
    representative = state.answered_by == "representative"
    not_saved = words(
        "not_saved", variant=state.variant, language=state.language, representative=representative
    )
    return await converse(
        catalogue, turn, commit=save, stdin=stdin, out=out, echo=echo, not_saved=not_saved
    )
