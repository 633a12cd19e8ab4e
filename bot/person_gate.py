"""Which participant an update is from, and whether it is new: the first step of every
person handler (``bot.handlers_person``).

A chat with no case gets one short neutral reply and nothing is stored about it; staff are
left to the staff handlers. An update Telegram delivers again after it was handled is
dropped here; ``tap_event`` says what a button tap means, or why it is refused. Updates
that end in a saved turn are marked as handled in the turn's own transaction
(``UpdateClaim``, passed on by the handler): one commit, not two, and an update that
arrived just before the bot stopped is handled when Telegram delivers it again.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from telegram import MaybeInaccessibleMessage, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, CallbackContext

from bot.errors import reply_key_for
from bot.journey import say
from bot.payloads import ButtonPayload, StalePayload
from bot.reminders import case_still_asks
from bot.services import BotServices, services_of
from bot.staff_menu_commands import staff_help
from dialogs.flow import ENDED
from dialogs.types import Choose, Command, Event, SessionState
from storage.arrival import Arrival
from storage.errors import StorageError
from storage.inbox import UpdateClaim
from storage.models import Participant, StaffMember

_LOGGER = logging.getLogger(__name__)
ANY_QUESTION_CONTROLS = frozenset({"hide", "pause"})  # keys of the engine's controls
JOINING_CLOCK_SLACK = timedelta(minutes=1)  # Telegram's clock and ours may differ a little


async def arrived(update: Update, context: CallbackContext) -> Arrival:
    """What the store knows about this update's chat and the update itself, in one read.

    If the store cannot be read (say, the disk is full or the database is locked for too
    long) nothing was saved: the person is told so plainly, a tap is answered first, and the
    update goes no further (``ApplicationHandlerStop``), instead of silence."""
    store = services_of(context).store
    try:
        return await store.arrivals.read(update.effective_chat.id, update.update_id)
    except StorageError as exc:
        await _tell_not_saved(update, context, exc)
        raise ApplicationHandlerStop from None


async def _tell_not_saved(update: Update, context: CallbackContext, error: Exception) -> None:
    """Answer the tap (if any) and say the update was not saved, in the default wording
    (the store holds the person's own wording and could not be read). Never raises."""
    _LOGGER.warning("Reading the store failed before anything was saved (%s)",
                    type(error).__name__)  # fmt: skip
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    with contextlib.suppress(TelegramError):
        await say(services_of(context), context.bot, update.effective_chat.id,
                  reply_key_for(error))  # fmt: skip


async def known_participant(
    update: Update, context: CallbackContext, arrival: Arrival | None = None,
    *, claim_with_turn: bool = False,
) -> tuple[BotServices, Participant] | None:  # fmt: skip
    """The chat's participant, once per update (pass the ``arrival`` if already read). With
    none: staff are left to the staff handlers (but told which commands are theirs if they
    used a person's command); anyone else gets a neutral reply and nothing is stored about
    them.

    A re-delivered update gets None. The update is claimed here, unless ``claim_with_turn``:
    then the caller passes ``claim_of(update)`` on to the turn it saves (one commit, not two),
    and only whether it was handled before is checked here."""
    svc = services_of(context)
    chat_id = update.effective_chat.id
    if arrival is None:
        arrival = await arrived(update, context)
    participant = arrival.participant
    if participant is None:
        member = await active_staff(svc, update)
        if member is None:
            await say(svc, context.bot, chat_id, "no_link_yet")
        elif update.message is not None:  # not a staff command, nor a step of one
            await context.bot.send_message(chat_id, staff_help(member.role))
        return None
    if claim_with_turn:
        seen = arrival.seen
    else:
        claim = claim_of(update)
        try:
            seen = not await svc.store.inbox.claim(claim.update_id, claim.message)
        except StorageError as exc:
            await _tell_not_saved(update, context, exc)
            return None
    return None if seen else (svc, participant)  # seen: the same update delivered twice


def claim_of(update: Update) -> UpdateClaim:
    """The update to mark as handled, with its message for "hide this chat" if it has one."""
    message = update.message
    incoming = (update.effective_chat.id, message.message_id) if message is not None else None
    return UpdateClaim(update.update_id, incoming)


async def active_staff(svc: BotServices, update: Update) -> StaffMember | None:
    """The sender if they are active staff (their messages belong to the staff handlers)."""
    user = update.effective_user
    staff = await svc.store.staff.by_telegram_id(user.id) if user is not None else None
    return staff if staff is not None and staff.active else None


async def is_staff(svc: BotServices, update: Update) -> bool:
    """Whether the sender is active staff."""
    return await active_staff(svc, update) is not None


def tap_event(
    svc: BotServices, chat_id: int, data: str, state: SessionState | None,
    message: MaybeInaccessibleMessage | None, participant: Participant,
) -> Event:  # fmt: skip
    """The event a tap on ``message`` means, or ``PayloadError`` (stale or forged).

    A control that is not about one question (hide, pause) is honoured from an earlier
    question's buttons too: someone hiding the chat in a hurry taps whichever "hide" they
    see, and must not get new messages instead. Step numbers restart in each survey round
    and each case, so a button whose number matches is still stale when it was sent before
    the participant joined (another case's) or belongs to another question (another
    round's)."""
    try:
        payload = svc.signer.decode(data, chat_id, state.seq if state else None)
        if _sent_before_joining(message, participant) or _another_question(svc, payload, state):
            raise StalePayload(payload)
        return Choose(payload.key)
    except StalePayload as exc:
        if exc.payload.key in ANY_QUESTION_CONTROLS:
            return Command(exc.payload.key)  # type: ignore[arg-type]
        raise


def _another_question(svc: BotServices, payload: ButtonPayload, state: SessionState | None) -> bool:
    """Whether the button is for a survey question other than the one being asked (buttons
    of the engine's own choices, such as the way of asking, carry no question's id)."""
    if state is None or payload.question_id == state.step:
        return False
    content = svc.catalogue.get(state.language)
    return content is not None and payload.question_id in content.questions


def _sent_before_joining(message: MaybeInaccessibleMessage | None, joined: Participant) -> bool:
    """Whether the tapped message is older than the chat's current participant: an advocate
    in two cases has both cases' questions in one chat, and button step numbers restart in
    each, so a button of the first case could otherwise answer the second's question.
    Telegram's clock and ours may differ a little, hence the slack."""
    if message is None or not message.is_accessible:
        return False
    return message.date < joined.joined_at - JOINING_CLOCK_SLACK


async def carry_on_with(
    svc: BotServices, chat_id: int, current: Participant, state: SessionState | None
) -> tuple[Participant, SessionState | None]:
    """The participant and survey a plain /start carries on with: the current one, unless
    its survey has ended and another of the chat's participants (an advocate helping
    several people) has one still open, most recently active first. A reminder for that
    other case says "send /start", which otherwise only repeated "you have already
    answered". The other participants are read only on such a /start."""
    if state is None or state.status not in ENDED:
        return current, state
    for other in await svc.store.participants.all_for_chat(chat_id):
        if other.id == current.id or not await case_still_asks(
            svc.store, other.id, other.current_timepoint
        ):
            continue
        other_state = await svc.store.load_session(other.id, other.current_timepoint)
        if other_state is None or other_state.status in ("active", "paused"):
            return other, other_state
    return current, state
