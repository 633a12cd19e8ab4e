"""Telegram handlers for the person's (or representative's) journey. Each is thin:
update -> engine event -> store -> replies (``bot.journey``).

Only private chats are handled here. Anyone with no case gets one short neutral reply and
nothing is stored about them. Every button tap is answered; a stale or forged button records
nothing and gets a clear message plus the current question.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.errors import reply_key_for
from bot.invite_refusals import AUDIT_ACTOR, join_with_link
from bot.journey import advance, commit, first_turn, keep_voice, show_current_question
from bot.payloads import PayloadError, StalePayload
from bot.person_gate import arrived, carry_on_with, claim_of, is_staff, known_participant, tap_event
from bot.person_replies import read_typed, say, tapped_label
from bot.services import BotServices, services_of
from bot.staff_words import staff_text
from dialogs.engine import handle
from dialogs.flow import ENDED
from dialogs.types import Answer, Choose, Command, SessionState, Voice

# Telegram command -> engine command name (the engine calls /howtoask "variant")
COMMANDS = {
    "help": "help", "pause": "pause", "resume": "resume", "back": "back", "skip": "skip",
    "repeat": "repeat", "hide": "hide", "stop": "stop", "howtoask": "variant",
    "language": "language",
}  # fmt: skip
# new messages in private chats: an edit is not a new answer (and an edited update has no
# ``update.message``)
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
EDITED = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
VOICE_PROBE = "voice:probe"


async def on_start(update: Update, context: CallbackContext) -> None:
    """/start with an invite joins the case and asks the first question."""
    svc, chat_id = services_of(context), update.effective_chat.id
    link = context.args[0] if context.args else None
    if link and not await join_with_link(svc, context.bot, chat_id, link,
                                         update.message.message_id):  # fmt: skip
        return
    arrival = await arrived(update, context)  # after redeeming: the chat's case as joined
    known = await known_participant(update, context, arrival)
    if known is None:
        return
    svc, participant = known
    state = arrival.state
    if not context.args:
        participant, state = await carry_on_with(svc, chat_id, participant, state)
    if state is None:
        turn = await first_turn(svc, participant)
        await commit(svc, context.bot, chat_id, participant, turn, str(update.update_id))
    else:
        await show_current_question(svc, context.bot, chat_id, participant)


async def on_command(update: Update, context: CallbackContext) -> None:
    """/help, /pause, /resume, /back, /skip, /howtoask, /language, /hide, /stop."""
    arrival = await arrived(update, context)
    known = await known_participant(update, context, arrival, claim_with_turn=True)
    if known is None:
        return
    svc, participant = known
    name = update.message.text.split()[0].lstrip("/").split("@")[0].lower()
    arg = context.args[0] if context.args else None
    event = Command(COMMANDS[name], arg)  # type: ignore[arg-type]
    await advance(svc, context.bot, update.effective_chat.id, participant, event,
                  str(update.update_id), state=arrival.state, claim=claim_of(update))  # fmt: skip


async def on_text(update: Update, context: CallbackContext) -> None:
    """A typed answer (numbers pick options for screen-reader users), or the words written
    under a photo or file (``bot.person_replies.read_typed``)."""
    arrival = await arrived(update, context)
    known = await known_participant(update, context, arrival, claim_with_turn=True)
    if known is None:
        return
    svc, participant = known
    chat_id, claim, state = update.effective_chat.id, claim_of(update), arrival.state
    typed = read_typed(svc, chat_id, participant, state, update.message)
    if typed.not_taken is not None or (arrival.question_unseen and not typed.hides):
        await show_current_question(svc, context.bot, chat_id, participant, typed.not_taken,
                                    claim=claim)  # fmt: skip
        return
    await advance(svc, context.bot, chat_id, participant, typed.event, str(update.update_id),
                  typed.label, state, claim)  # fmt: skip


async def on_voice(update: Update, context: CallbackContext) -> None:
    """A voice note: kept (encrypted) only if the current question takes one."""
    arrival = await arrived(update, context)
    known = await known_participant(update, context, arrival)
    if known is None:
        return
    svc, participant = known
    chat_id, voice, state = update.effective_chat.id, update.message.voice, arrival.state
    if arrival.question_unseen:
        await show_current_question(svc, context.bot, chat_id, participant)
        return
    if state is not None and _takes_voice(svc, state):
        ref = await keep_voice(svc, context.bot, chat_id, participant, state, voice)
        if ref is None:
            return  # not saved, and the person was told so
    else:
        ref = VOICE_PROBE  # not stored: the engine will ask for a typed answer instead
    await advance(svc, context.bot, chat_id, participant, Voice(ref), str(update.update_id))


def _takes_voice(svc: BotServices, state: SessionState) -> bool:
    """Whether the engine would record a voice note now (asked without side effects)."""
    probe = handle(svc.catalogue, state, Voice(VOICE_PROBE))
    return any(isinstance(r, Answer) and r.voice_ref == VOICE_PROBE for r in probe.records)


async def on_button(update: Update, context: CallbackContext) -> None:
    """A button tap: always answered; stale or forged taps get the current question, but
    "hide this chat" and "pause" work from any question's buttons."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or chat.type != "private":
        return  # the hub alert chat's buttons are bot.alerts'
    svc, data = services_of(context), query.data or ""
    arrival = await arrived(update, context)
    if arrival.participant is None and await is_staff(svc, update):
        # a live staff exchange button never gets here (the staff group stops it): this one
        # is stale, forged or a person's, and nobody else would answer it
        await query.answer(staff_text("exchange.expired"))
        return
    await query.answer()
    known = await known_participant(update, context, arrival, claim_with_turn=True)
    if known is None:
        return
    svc, participant = known
    state = arrival.state
    try:
        event = tap_event(svc, chat.id, data, state, query.message, participant)
    except PayloadError as exc:
        reason = "stale" if isinstance(exc, StalePayload) else "forged"
        await svc.store.record_audit(AUDIT_ACTOR, "button_refused", participant.case_id,
                                     reason=reason)  # fmt: skip
        await show_current_question(svc, context.bot, chat.id, participant, reply_key_for(exc),
                                    claim=claim_of(update))  # fmt: skip
        return
    # a hide deletes the message at once: no edit first (a second of the chat's rate limit)
    if query.message is not None and event not in (Choose("hide"), Command("hide")):
        with contextlib.suppress(TelegramError):  # the message may be too old to edit
            await context.bot.remove_buttons(chat.id, query.message.message_id)
    await advance(svc, context.bot, chat.id, participant, event, str(update.update_id),
                  tapped_label(query.message, data), state, claim_of(update))  # fmt: skip


async def on_other(update: Update, context: CallbackContext) -> None:
    """A sticker, photo, file, location or the like: not an answer. It is kept for "hide
    this chat" (it may be the most revealing thing in the chat) and gets a plain word and
    the current question, not silence. Words written under it are taken as typed (and so
    checked for danger words: "he did this to me" under a photo must reach the hub)."""
    if update.message.caption:
        await on_text(update, context)
        return
    arrival = await arrived(update, context)
    known = await known_participant(update, context, arrival, claim_with_turn=True)
    if known is not None:
        svc, participant = known
        await show_current_question(svc, context.bot, update.effective_chat.id, participant,
                                    "cannot_use_that", claim=claim_of(update))  # fmt: skip


async def on_edited(update: Update, context: CallbackContext) -> None:
    """An edited message: the answer first sent stays as it was (and was checked for
    danger words as it was), so the person is told so, and to use /back to change it;
    after the survey has ended there is nothing to tell."""
    arrival = await arrived(update, context)
    known = await known_participant(update, context, arrival)
    if known is not None and (arrival.state is None or arrival.state.status not in ENDED):
        svc, participant = known
        await say(svc, context.bot, update.effective_chat.id, "edit_not_seen", participant,
                  arrival.state)  # fmt: skip


PERSON_GROUP = 1  # after staff handlers (group 0), which raise ApplicationHandlerStop


def register(application: Application) -> None:
    """Add the person's handlers (private chats only), in ``PERSON_GROUP``."""
    for handler in (
        CommandHandler("start", on_start, filters=PRIVATE),
        CommandHandler(list(COMMANDS), on_command, filters=PRIVATE),
        CallbackQueryHandler(on_button),
        MessageHandler(PRIVATE & filters.VOICE, on_voice),
        MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(PRIVATE & filters.ATTACHMENT, on_other),  # voice notes: on_voice
        MessageHandler(EDITED, on_edited),
    ):
        application.add_handler(handler, group=PERSON_GROUP)
