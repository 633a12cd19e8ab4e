"""One person's survey over Telegram: event -> engine -> store -> replies, in that order.

Every answer is committed (``store.save_turn``) before anything else is sent; if saving
fails the person is told plainly that it did not save. A hide request deletes the chat's
recent messages and sends nothing. Danger alerts go to the hub alert chat (``bot.alerts``);
what is sent into the person's chat is worded and sent by ``bot.person_replies``.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Bot
from telegram import Voice as TelegramVoice
from telegram.error import TelegramError

from bot.alerts import send_alerts
from bot.hide import InMemoryMessageLog, hide_chat, hide_unsaved, snapshot
from bot.person_replies import confirm_choice, is_representative, remember_or_log, say, send_replies
from bot.profile import show_person_commands
from bot.services import BotServices
from dialogs.engine import begin, handle
from dialogs.flow import ENDED
from dialogs.types import (
    Choose,
    Command,
    Event,
    HideRequested,
    PreferencesChanged,
    SessionState,
    Turn,
    WithdrawConfirmed,
)
from storage.errors import StorageError
from storage.inbox import UpdateClaim
from storage.models import Participant
from storage.sessions import ShownQuestion

CHANNEL = "telegram"
_LOGGER = logging.getLogger(__name__)


async def first_turn(svc: BotServices, participant: Participant) -> Turn:
    """A new survey round for the participant's current timepoint. Consent is what they
    last said (never assumed at a check-in or the end: asked again if it was never given)."""
    outcomes = await svc.store.current_outcomes(participant.case_id)
    return begin(
        svc.catalogue,
        participant.current_timepoint,
        variant=participant.variant,
        language=participant.language,
        answered_by=participant.answered_by,
        outcomes=outcomes,
        consent_given=await svc.store.latest_consent(participant.id) is True,
    )


async def commit(
    svc: BotServices, bot: Bot, chat_id: int, participant: Participant, turn: Turn,
    source_id: str | None, chosen_label: str | None = None, claim: UpdateClaim | None = None,
) -> bool:  # fmt: skip
    """Save the turn (and ``claim``, the update that brought it, in the same transaction),
    then act on it: hide, confirm, reply, then alert the hub (so a person in danger sees the
    emergency signposting first, whatever the hub chat does). False if nothing was saved."""
    own = (claim.message[1],) if claim is not None and claim.message is not None else ()
    logged = None  # a withdrawal erases the message log: what it holds is read first
    if any(isinstance(record, WithdrawConfirmed) for record in turn.records):
        with contextlib.suppress(StorageError):  # a failing store: saving will say so
            logged = await snapshot(svc.message_log, chat_id, svc.clock(), own)
    try:
        saved = await svc.store.save_turn(
            participant.id, turn.state.timepoint, turn.records, turn.state,
            channel=CHANNEL, source_message_id=source_id, claim=claim,
        )  # fmt: skip
    except StorageError as exc:
        _LOGGER.warning("Saving a turn failed (%s)", type(exc).__name__)
        if _hides(turn):  # clearing the chat matters more than recording that it was asked
            await hide_unsaved(bot, svc.message_log, chat_id, svc.clock(), own)
            return False
        if claim is not None and claim.message is not None:  # "hide this chat" must find it
            await remember_or_log(svc, *claim.message)
        await say(svc, bot, chat_id, "not_saved", participant, turn.state)
        return False
    if saved.duplicate:
        return False
    if _hides(turn):
        await hide_chat(bot, svc.message_log, chat_id, svc.clock())
        return True
    if saved.withdrawn and logged is not None:
        await _clear_after_withdrawal(svc, bot, chat_id, logged)
    sent: list[int] = []
    shown: ShownQuestion | None = None
    try:
        if chosen_label is not None:
            await confirm_choice(svc, bot, chat_id, participant, turn.state, chosen_label, sent)
        rep = is_representative(participant, turn.state)
        await send_replies(svc, bot, chat_id, turn.replies, turn.state, rep, sent)
        if any(reply.kind == "question" for reply in turn.replies):
            shown = ShownQuestion(participant.id, turn.state.timepoint, turn.state.seq)
    finally:
        if not saved.withdrawn:  # a withdrawn person's chat is not kept, not even to hide
            await svc.store.messages.remember_many(chat_id, sent, shown=shown)
        if saved.alert_ids:  # after the person's own signposting (999), which comes first
            await send_alerts(svc, bot, participant, saved.alert_ids)
    await _follow_language(svc, bot, chat_id, participant, turn)
    return True


async def _follow_language(
    svc: BotServices, bot: Bot, chat_id: int, participant: Participant, turn: Turn
) -> None:
    """After a language change (already saved and answered), the chat's command menu too.

    A staff member's own chat can also be a participant's (they tried a link themselves):
    it gets the person's commands in the new language, then their role's staff commands
    (staff words have one language), the menu the start gives them, rather than losing its
    staff commands (the next start lists the person's part in English again). If the store
    cannot say whether the chat is staff, the menu is left as it is: a stale language is
    better than staff commands gone."""
    changed = [r for r in turn.records if isinstance(r, PreferencesChanged)]
    if not changed or changed[-1].language == participant.language:
        return
    try:
        staff = await svc.store.staff.by_telegram_id(chat_id)  # a private chat's id: the user's
    except StorageError as exc:
        _LOGGER.warning("The command menu was not changed to a language (%s)", type(exc).__name__)
        return
    role = None if staff is None else staff.role  # by_telegram_id: active staff only
    await show_person_commands(bot, chat_id, changed[-1].language, staff_role=role)


_LOAD = object()  # advance(): no state given, load it


async def advance(
    svc: BotServices, bot: Bot, chat_id: int, participant: Participant, event: Event,
    source_id: str | None, chosen_label: str | None = None, state: Any = _LOAD,
    claim: UpdateClaim | None = None,
) -> bool:  # fmt: skip
    """Apply one event to the participant's current survey and commit the result.

    ``state``: the survey state the caller has just loaded (None: not begun), so it is not
    read twice; updates from one chat are handled one at a time (``bot.update_order``).
    ``claim``: the update to mark as handled with the turn (see ``commit``)."""
    if state is _LOAD:
        state = await svc.store.load_session(participant.id, participant.current_timepoint)
    if state is None:
        turn = await first_turn(svc, participant)
        if _is_hide(event):  # nothing asked yet (say, joined but never shown): still hide
            turn = Turn(state=turn.state, records=(HideRequested(),))
    else:
        turn = handle(svc.catalogue, state, event)
    return await commit(svc, bot, chat_id, participant, turn, source_id, chosen_label, claim)


async def keep_voice(
    svc: BotServices, bot: Bot, chat_id: int, participant: Participant, state: SessionState,
    voice: TelegramVoice,
) -> str | None:  # fmt: skip
    """Download a voice note and store it encrypted; its ref, or None after telling the
    person plainly that it did not save (Telegram or the store failed)."""
    try:
        data = await (await voice.get_file()).download_as_bytearray()
        return await svc.store.voice.put(participant.id, bytes(data))
    except (TelegramError, StorageError) as exc:
        _LOGGER.warning("A voice note was not saved (%s)", type(exc).__name__)
        await say(svc, bot, chat_id, "not_saved", participant, state)
        return None


async def _clear_after_withdrawal(
    svc: BotServices, bot: Bot, chat_id: int, logged: InMemoryMessageLog
) -> None:
    """Clear the chat of someone who has just withdrawn, before the goodbye: their answers
    are erased and the message log with them, so "hide this chat" could not find these
    messages any more. Not when the chat is still in another case (an advocate's), whose
    questions it still needs."""
    if not await svc.store.participants.all_for_chat(chat_id):
        await hide_chat(bot, logged, chat_id, svc.clock())


def _hides(turn: Turn) -> bool:
    return any(isinstance(record, HideRequested) for record in turn.records)


def _is_hide(event: Event) -> bool:
    return (isinstance(event, Command) and event.name == "hide") or (
        isinstance(event, Choose) and event.key == "hide"
    )


async def show_current_question(
    svc: BotServices, bot: Bot, chat_id: int, participant: Participant, key: str | None = None,
    claim: UpdateClaim | None = None,
) -> None:  # fmt: skip
    """Optionally explain (``key``), then ask the current question again with fresh buttons
    (marking ``claim``'s update as handled with it). A survey that has ended has no current
    question: the explanation is left out and the engine says what it says then (nothing
    at all after "not a good time to talk")."""
    state = await svc.store.load_session(participant.id, participant.current_timepoint)
    if key is not None and (state is None or state.status not in ENDED):
        await say(svc, bot, chat_id, key, participant, state)
    await advance(svc, bot, chat_id, participant, Command("repeat"), source_id=None,
                  state=state, claim=claim)  # fmt: skip
