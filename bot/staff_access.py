"""Who may run a staff command: the role and case check every staff command makes first
(``bot.roles.authorise``: deny by default, refusals and case reads audited), and the plain
refusal or usage line the staff member gets instead."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackContext

from bot.render import split_text
from bot.roles import AccessRefused, Action, StaffAccess, authorise
from bot.services import services_of
from bot.staff_words import staff_text

NEEDS_CASE = ("case", "checkin", "close")
ECHO_LIMIT = 60  # characters of a typed reference repeated back in a refusal


async def authorised(
    update: Update, context: CallbackContext, action: Action
) -> StaffAccess | None:
    """The staff member's access for this command, or None after a clear refusal (or, when
    the case is missing, after saying how to name it: the role is checked first)."""
    svc, chat_id = services_of(context), update.effective_chat.id
    args = list(context.args or [])
    ref = args[0] if action in NEEDS_CASE and args else None
    organisation = (" ".join(args[1:]) or None) if ref else None
    try:
        access = await authorise(svc.store, update.effective_user.id, action, ref, organisation)
    except AccessRefused as refused:
        await say_refused(update, context, refused, action)
        return None
    if action in NEEDS_CASE and ref is None:
        await context.bot.send_message(chat_id, staff_text(f"usage.{action}"))
        return None
    return access


async def say_refused(
    update: Update, context: CallbackContext, refused: AccessRefused, action: str
) -> None:
    ref = (context.args or ["?"])[0] if context.args is not None else "?"
    if len(ref) > ECHO_LIMIT:  # a reply over 4096 characters would be refused by Telegram
        ref = ref[:ECHO_LIMIT] + "…"
    text = staff_text(f"refused.{refused.reason}", ref=ref, command=action)
    await context.bot.send_message(update.effective_chat.id, text)


async def send_long(context: CallbackContext, chat_id: int, text: str) -> None:
    """Send text that may be longer than one Telegram message, in order (split at paragraph,
    line or word breaks)."""
    for chunk in split_text(text):
        await context.bot.send_message(chat_id, chunk)
