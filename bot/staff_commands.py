"""The staff commands that act at once or start an exchange: ``/newcase``, ``/cases``,
``/case``, ``/checkin``, ``/close`` and ``/summary``. Each is authorised first
(``bot.staff_access``); ``bot.handlers_staff`` registers them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackContext

from bot import staff_close, staff_exchange, staff_newcase
from bot.services import services_of
from bot.staff_access import authorised, send_long
from bot.staff_contact import contact_for, quiet_now, send_invite
from bot.staff_reading import case_details, case_list
from bot.staff_summary import summary
from bot.staff_words import staff_text

_CHECKIN_SAID = {"sent": "checkin.sent", "refused": "checkin.undelivered",
                 "failed": "checkin.try_again"}  # fmt: skip


async def on_newcase(update: Update, context: CallbackContext) -> None:
    """/newcase: start the guided exchange that opens a case."""
    access = await authorised(update, context, "newcase")
    if access is not None:
        await _stop_unfinished(update, context)
        await staff_newcase.start(services_of(context), context.bot, update.effective_chat.id,
                                  access)  # fmt: skip


async def on_cases(update: Update, context: CallbackContext) -> None:
    """/cases: the open cases this staff member can see."""
    access = await authorised(update, context, "cases")
    if access is not None:
        text = await case_list(services_of(context).store, access)
        await send_long(context, update.effective_chat.id, text)


async def on_case(update: Update, context: CallbackContext) -> None:
    """/case REF [ORGANISATION]: one case and its answers (the read is audited)."""
    access = await authorised(update, context, "case")
    if access is not None and access.case is not None:
        text = await case_details(services_of(context).store, access.case)
        await send_long(context, update.effective_chat.id, text)


async def on_checkin(update: Update, context: CallbackContext) -> None:
    """/checkin REF: send the person a check-in, or say why not."""
    access = await authorised(update, context, "checkin")
    if access is None or access.case is None:
        return
    svc, chat_id, case = services_of(context), update.effective_chat.id, access.case
    if case.state != "open":
        text = staff_text("checkin.not_open", ref=case.local_ref, state=case.state)
    else:
        target, unreachable = await contact_for(svc.store, case)
        if target is None:
            text = staff_text(f"checkin.{unreachable}", ref=case.local_ref)
        else:
            delivery = await send_invite(svc.store, context.bot, case, target, "checkin",
                                         access.actor, silent=quiet_now(svc))  # fmt: skip
            text = staff_text(_CHECKIN_SAID[delivery], kind=target.kind, ref=case.local_ref)
    await context.bot.send_message(chat_id, text)


async def on_close(update: Update, context: CallbackContext) -> None:
    """/close REF: ask the staff-side fields, then the end-of-case questions or why not."""
    access = await authorised(update, context, "close")
    if access is not None and access.case is not None:
        if access.case.state == "open":  # a closed case starts nothing, so stops nothing
            await _stop_unfinished(update, context)
        await staff_close.start(services_of(context), context.bot, update.effective_chat.id,
                                access)  # fmt: skip


async def _stop_unfinished(update: Update, context: CallbackContext) -> None:
    """Say so when a new /newcase or /close replaces one left unfinished: its later typed
    answers and buttons would otherwise meet the new one without a word."""
    store = services_of(context).store
    left = await staff_exchange.load(store, update.effective_user.id)
    if left is not None and not left.expired:
        text = staff_text("exchange.replaced", command=left.kind)
        await context.bot.send_message(update.effective_chat.id, text)


async def on_summary(update: Update, context: CallbackContext) -> None:
    """/summary [ORGANISATION]: before/after figures (protected except for the hub)."""
    access = await authorised(update, context, "summary")
    if access is not None:
        organisation = " ".join(context.args or []) or None
        text = await summary(services_of(context).store, access, organisation)
        await send_long(context, update.effective_chat.id, text)
