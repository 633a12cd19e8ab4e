"""Telegram handlers for staff: ``/newcase``, ``/cases``, ``/case``, ``/checkin``, ``/close``,
``/summary``, ``/cancel`` and ``/newlink`` (``bot.staff_newlink``), in private chats only.

Every command first asks ``bot.roles.authorise`` (deny by default; refusals and case reads
are audited). Staff handlers run in their own group before the person's handlers: a staff
button or a typed answer in a staff exchange is handled here and goes no further, anything
else (a person's buttons and answers) passes through untouched. Every staff button tap is
answered.
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
from bot.render import split_text
from bot.roles import AccessRefused, Action, StaffAccess, authorise
from bot.services import services_of
from bot.staff_contact import contact_for, send_invite
from bot.staff_exchange import Exchange
from bot.staff_reading import case_details, case_list
from bot.staff_summary import summary
from bot.staff_words import staff_text

STAFF_GROUP = -2  # before the hub alert buttons (-1) and the person's handlers (0)
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE  # edits are not new commands
NEEDS_CASE = ("case", "checkin", "close")
ECHO_LIMIT = 60  # characters of a typed reference repeated back in a refusal


async def _authorised(update: Update, context: CallbackContext,
                      action: Action) -> StaffAccess | None:  # fmt: skip
    """The staff member's access for this command, or None after a clear refusal (or, when
    the case is missing, after saying how to name it: the role is checked first)."""
    svc, chat_id = services_of(context), update.effective_chat.id
    args = list(context.args or [])
    ref = args[0] if action in NEEDS_CASE and args else None
    organisation = (" ".join(args[1:]) or None) if ref else None
    try:
        access = await authorise(svc.store, update.effective_user.id, action, ref, organisation)
    except AccessRefused as refused:
        await _refused(update, context, refused, action)
        return None
    if action in NEEDS_CASE and ref is None:
        await context.bot.send_message(chat_id, staff_text(f"usage.{action}"))
        return None
    return access


async def _refused(update: Update, context: CallbackContext, refused: AccessRefused,
                   action: str) -> None:  # fmt: skip
    ref = (context.args or ["?"])[0] if context.args is not None else "?"
    if len(ref) > ECHO_LIMIT:  # a reply over 4096 characters would be refused by Telegram
        ref = ref[:ECHO_LIMIT] + "…"
    text = staff_text(f"refused.{refused.reason}", ref=ref, command=action)
    await context.bot.send_message(update.effective_chat.id, text)


async def _send_long(context: CallbackContext, chat_id: int, text: str) -> None:
    for chunk in split_text(text):
        await context.bot.send_message(chat_id, chunk)


async def on_newcase(update: Update, context: CallbackContext) -> None:
    """/newcase: start the guided exchange that opens a case."""
    access = await _authorised(update, context, "newcase")
    if access is not None:
        await staff_newcase.start(services_of(context), context.bot, update.effective_chat.id,
                                  access)  # fmt: skip


async def on_cases(update: Update, context: CallbackContext) -> None:
    """/cases: the open cases this staff member can see."""
    access = await _authorised(update, context, "cases")
    if access is not None:
        text = await case_list(services_of(context).store, access)
        await _send_long(context, update.effective_chat.id, text)


async def on_case(update: Update, context: CallbackContext) -> None:
    """/case REF [ORGANISATION]: one case and its answers (the read is audited)."""
    access = await _authorised(update, context, "case")
    if access is not None and access.case is not None:
        text = await case_details(services_of(context).store, access.case)
        await _send_long(context, update.effective_chat.id, text)


async def on_checkin(update: Update, context: CallbackContext) -> None:
    """/checkin REF: send the person a check-in, or say why not."""
    access = await _authorised(update, context, "checkin")
    if access is None or access.case is None:
        return
    svc, chat_id, case = services_of(context), update.effective_chat.id, access.case
    if case.state != "open":
        text = staff_text("checkin.not_open", ref=case.local_ref, state=case.state)
    else:
        target, unreachable = await contact_for(svc.store, case)
        if target is None:
            text = staff_text(f"checkin.{unreachable}", ref=case.local_ref)
        elif await send_invite(svc.store, context.bot, case, target, "checkin", access.actor):
            text = staff_text("checkin.sent", kind=target.kind, ref=case.local_ref)
        else:
            text = staff_text("checkin.undelivered", kind=target.kind)
    await context.bot.send_message(chat_id, text)


async def on_close(update: Update, context: CallbackContext) -> None:
    """/close REF: ask the staff-side fields, then the end-of-case questions or why not."""
    access = await _authorised(update, context, "close")
    if access is not None:
        await staff_close.start(services_of(context), context.bot, update.effective_chat.id,
                                access)  # fmt: skip


async def on_summary(update: Update, context: CallbackContext) -> None:
    """/summary [ORGANISATION]: before/after figures (protected except for the hub)."""
    access = await _authorised(update, context, "summary")
    if access is not None:
        organisation = " ".join(context.args or []) or None
        text = await summary(services_of(context).store, access, organisation)
        await _send_long(context, update.effective_chat.id, text)


async def on_cancel(update: Update, context: CallbackContext) -> None:
    """/cancel: stop a staff exchange; nothing more is recorded."""
    store = services_of(context).store
    exchange = await staff_exchange.load(store, update.effective_user.id)
    if exchange is not None and await staff_exchange.finish(store, exchange):
        await context.bot.send_message(update.effective_chat.id, staff_text("exchange.cancelled"))
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
        await _refused(update, context, refused, exchange.kind)
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
        await _refused(update, context, refused, exchange.kind if exchange else "newcase")
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
