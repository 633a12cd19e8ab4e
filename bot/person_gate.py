"""Which participant an update is from, and whether it is new: the first step of every
person handler (``bot.handlers_person``).

A chat with no case gets one short neutral reply and nothing is stored about it; staff are
left to the staff handlers. An update Telegram delivers again after it was handled is
dropped here. Updates that end in a saved turn are marked as handled in the turn's own
transaction (``UpdateClaim``, passed on by the handler): one commit, not two, and an update
that arrived just before the bot stopped is handled when Telegram delivers it again.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, CallbackContext

from bot.errors import reply_key_for
from bot.journey import say
from bot.services import BotServices, services_of
from bot.staff_words import staff_text
from storage.arrival import Arrival
from storage.errors import StorageError
from storage.inbox import UpdateClaim
from storage.models import Participant

_LOGGER = logging.getLogger(__name__)


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
        if not await is_staff(svc, update):
            await say(svc, context.bot, chat_id, "no_link_yet")
        elif update.message is not None and (update.message.text or "").startswith("/"):
            await context.bot.send_message(chat_id, staff_text("refused.person_command"))
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


async def is_staff(svc: BotServices, update: Update) -> bool:
    """Whether the sender is active staff (their messages belong to the staff handlers)."""
    user = update.effective_user
    staff = await svc.store.staff.by_telegram_id(user.id) if user is not None else None
    return staff is not None and staff.active
