"""Telegram handlers for staff: ``/newcase``, ``/cases``, ``/case``, ``/checkin``, ``/close``,
``/summary``, ``/cancel`` and ``/newlink`` (``bot.staff_newlink``), in private chats only.

Every command first asks ``bot.roles.authorise`` (deny by default; refusals and case reads
are audited). Staff handlers run in their own group before the person's handlers: a staff
button or a typed answer in a staff exchange is handled here and goes no further, anything
else (a person's buttons and answers) passes through untouched. Every staff button tap is
answered.

The commands themselves are ``bot.staff_commands``; the authorisation each makes first is
``bot.staff_access``.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import staff_close, staff_exchange, staff_newcase, staff_newlink
from bot.roles import AccessRefused
from bot.services import services_of
from bot.staff_access import ECHO_LIMIT, NEEDS_CASE, say_refused
from bot.staff_commands import on_case, on_cases, on_checkin, on_close, on_newcase, on_summary
from bot.staff_exchange import Exchange
from bot.staff_words import staff_text

__all__ = [
    "ECHO_LIMIT",
    "NEEDS_CASE",
    "PRIVATE",
    "STAFF_GROUP",
    "on_cancel",
    "on_case",
    "on_cases",
    "on_checkin",
    "on_close",
    "on_newcase",
    "on_staff_button",
    "on_staff_text",
    "on_summary",
    "register_staff_handlers",
]

STAFF_GROUP = -2  # before the hub alert buttons (-1) and the person's handlers (0)
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE  # edits are not new commands


async def on_cancel(update: Update, context: CallbackContext) -> None:
    """/cancel: stop a staff exchange; nothing more is recorded. Staff with nothing to stop
    are told so (they used to get no answer at all); anyone else's /cancel goes on to the
    person's handlers."""
    store, user_id = services_of(context).store, update.effective_user.id
    exchange = await staff_exchange.load(store, user_id)
    if exchange is not None and await staff_exchange.finish(store, exchange):
        key = "exchange.cancelled"
    elif await store.staff.by_telegram_id(user_id) is not None:  # active staff only
        key = "exchange.nothing_to_cancel"
    else:
        return
    await context.bot.send_message(update.effective_chat.id, staff_text(key))
    raise ApplicationHandlerStop


async def _live_exchange(update: Update, context: CallbackContext) -> Exchange | None:
    """The sender's unfinished exchange from the store; one left too long is ended, with
    a plain word to start again (then None)."""
    store, chat_id = services_of(context).store, update.effective_chat.id
    exchange = await staff_exchange.load(store, update.effective_user.id)
    if exchange is None or not exchange.expired:
        return exchange
    await staff_exchange.finish(store, exchange)
    text = staff_text("exchange.too_old", command=exchange.kind,
                      hours=staff_exchange.MAX_AGE_HOURS)  # fmt: skip
    await context.bot.send_message(chat_id, text)
    raise ApplicationHandlerStop


async def on_staff_text(update: Update, context: CallbackContext) -> None:
    """A typed answer in a staff exchange; anything else is left to the person's handlers."""
    if update.effective_user is None:
        return
    exchange = await _live_exchange(update, context)
    if exchange is None:
        return
    svc, chat_id = services_of(context), update.effective_chat.id
    try:
        if exchange.kind == "newcase":
            await staff_newcase.on_text(svc, context.bot, chat_id, exchange, update.message.text)
        else:
            await context.bot.send_message(chat_id, staff_text("exchange.use_buttons"))
    except AccessRefused as refused:
        await staff_exchange.finish(svc.store, exchange)
        await say_refused(update, context, refused, exchange.kind)
    raise ApplicationHandlerStop


async def on_staff_button(update: Update, context: CallbackContext) -> None:
    """A staff button: answered, then handled here and nowhere else."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or chat.type != "private":
        return
    svc = services_of(context)
    payload = staff_exchange.staff_payload(svc.signer, query.data or "", chat.id)
    if payload is None:
        return  # a person's button (or a forged one): bot.handlers_person answers it
    await query.answer()
    exchange = await _live_exchange(update, context)
    try:
        if exchange is None or payload.seq != exchange.seq:
            await context.bot.send_message(chat.id, staff_text("exchange.expired"))
        elif exchange.kind == "newcase":
            message_id = query.message.message_id if query.message else None
            await staff_newcase.on_button(svc, context.bot, chat.id, exchange, payload.key,
                                          message_id)  # fmt: skip
        else:
            await staff_close.on_button(svc, context.bot, chat.id, exchange, payload.key)
    except AccessRefused as refused:
        if exchange is not None:
            await staff_exchange.finish(svc.store, exchange)
        await say_refused(update, context, refused, exchange.kind if exchange else "newcase")
    raise ApplicationHandlerStop


def register_staff_handlers(application: Application) -> None:
    """Add the staff commands, buttons and exchange answers (private chats only)."""
    commands = {
        "newcase": on_newcase, "cases": on_cases, "case": on_case, "checkin": on_checkin,
        "close": on_close, "summary": on_summary, "cancel": on_cancel,
        "newlink": staff_newlink.on_newlink,
    }  # fmt: skip
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=PRIVATE), STAFF_GROUP)
    application.add_handler(CallbackQueryHandler(on_staff_button), STAFF_GROUP)
    application.add_handler(
        MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, on_staff_text), STAFF_GROUP
    )
