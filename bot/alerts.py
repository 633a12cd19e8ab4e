"""Hub alerts: sent at once to the hub alert chat, repeated until a hub member acknowledges.

An alert the hub chat could not take (the bot removed from the group, a wrong or moved chat
id, Telegram down) is logged as an error by type only and tried again at every run of the
repeat job until it gets through; it never stops the person being answered (their emergency
signposting is sent after the alert) nor holds them up more than ``PERSON_TURN_WAIT``
seconds, nor stops the other alerts being repeated.

An alert names the case reference and organisation and why it was raised, never the
person's words; its wording is staff words (``[alert]`` in ``bot/staff_words.toml``). Its
Acknowledge button carries a signed payload bound to the alert chat; only active hub staff
can acknowledge, and who and when is recorded by the store.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import get_args, get_type_hints
from zoneinfo import ZoneInfo

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import Application, CallbackContext, CallbackQueryHandler

from bot.payloads import PayloadError
from bot.services import BotServices, services_of
from bot.staff_words import staff_text
from dialogs.types import DangerAlert
from storage.errors import Conflict, NotFound, StorageError
from storage.models import Alert, Participant

ALERT_QUESTION = "alert"
ACK_KEY_PREFIX = "ack:"
# each has its words, alert.reason_<reason>; anything else reads as alert.reason_other
ALERT_REASONS: tuple[str, ...] = get_args(get_type_hints(DangerAlert)["reason"])
_RETRY_UNDELIVERED = timedelta(minutes=1)
# How long a person's turn waits for its alert to reach the hub chat before their own
# replies (the emergency signposting among them) go: the group's rate limit can hold an
# alert behind others for a minute or more; the repeat job sends one given up on here.
PERSON_TURN_WAIT = 5.0
_LOGGER = logging.getLogger(__name__)


def _heading(alert: Alert) -> str:
    return staff_text("alert.heading", ref=alert.local_ref, organisation=alert.organisation)


def alert_text(alert: Alert) -> str:
    """The alert message (staff words, ``[alert]``): case reference, organisation and
    reason only; the templates are given nothing else to show."""
    reason_key = alert.reason if alert.reason in ALERT_REASONS else "other"
    reason = staff_text(f"alert.reason_{reason_key}")
    why = staff_text("alert.why", reason=reason, button=staff_text("alert.acknowledge"))
    see = staff_text("alert.see_case", ref=alert.local_ref, organisation=alert.organisation)
    return f"{_heading(alert)}\n{why}\n{see}"


async def send_alert(svc: BotServices, bot: Bot, alert: Alert, wait: float | None = None) -> bool:
    """Post one alert to the hub alert chat and note that it was sent; False if it could not
    be (logged; never raised, so the caller carries on). ``wait``: give up after so many
    seconds (the repeat job sends it a minute after it was raised)."""
    chat_id = svc.settings.telegram.hub_alert_chat_id
    if not chat_id:
        _LOGGER.error("A hub alert could not be sent: telegram.hub_alert_chat_id is not set")
        return False
    data = svc.signer.encode(chat_id, 0, ALERT_QUESTION, f"{ACK_KEY_PREFIX}{alert.id}")
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(staff_text("alert.acknowledge"), callback_data=data)]]
    )
    text = alert_text(alert)
    if alert.notify_count:  # a repeat: not a new alert, this one still waits for someone
        text += "\n" + staff_text("alert.repeat", time=_local(svc, alert.raised_at))
    try:
        await asyncio.wait_for(bot.send_message(chat_id, text, reply_markup=keyboard), wait)
    except TimeoutError:  # held up behind other hub messages (20 a minute to a group)
        _LOGGER.warning("A hub alert is queued behind others; the repeat job will send it")
        return False
    except TelegramError as exc:
        _LOGGER.error("A hub alert could not be delivered (%s): %s; it will be tried again "
                      "every minute", type(exc).__name__, _what_to_check(exc))  # fmt: skip
        return False
    try:
        await svc.store.alerts.mark_notified(alert.id)
    except StorageError as exc:  # sent all the same; the repeat job will send it once more
        _LOGGER.error("A sent hub alert could not be noted as sent (%s)", type(exc).__name__)
    return True


def _what_to_check(exc: TelegramError) -> str:
    """What the operator should look at, without the chat id or Telegram's own words."""
    if isinstance(exc, ChatMigrated):
        return (
            "the hub alert group became a supergroup: set telegram.hub_alert_chat_id to its new id"
        )
    if isinstance(exc, Forbidden):
        return "the bot is not a member of the hub alert chat: add it back"
    if isinstance(exc, BadRequest):
        return "check telegram.hub_alert_chat_id and that the bot is in that chat"
    return "Telegram could not be reached"


async def send_alerts(
    svc: BotServices, bot: Bot, participant: Participant, alert_ids: Iterable[int]
) -> None:
    """Send the alerts a saved turn raised. Nothing here raises: the person's emergency
    signposting is sent after this, whatever happens to the alert (it is in the store,
    so the repeat job sends one that could not be read now)."""
    for alert_id in alert_ids:
        try:
            alert = await svc.store.alerts.get(alert_id)
        except StorageError as exc:
            _LOGGER.error("A hub alert could not be read to send (%s)", type(exc).__name__)
            continue
        await send_alert(svc, bot, alert, wait=PERSON_TURN_WAIT)


async def repeat_unacknowledged(context: CallbackContext) -> None:
    """Job: re-send alerts nobody has acknowledged within ``alert_repeat_minutes``, and try
    again a minute after it was raised any alert the hub chat has not yet received."""
    svc = services_of(context)
    wait = timedelta(minutes=svc.settings.telegram.alert_repeat_minutes)
    now = svc.clock()
    for alert in await svc.store.alerts.unacknowledged():
        # one never delivered is due a minute after it was raised (not at once: its first
        # sending may be under way in the person's turn)
        last = alert.last_notified_at or alert.raised_at
        due = _RETRY_UNDELIVERED if alert.last_notified_at is None else wait
        if now - last >= due:
            await send_alert(svc, context.bot, alert)


async def on_acknowledge(update: Update, context: CallbackContext) -> None:
    """A hub member pressed Acknowledge: record who and when, and say so in the chat."""
    query = update.callback_query
    svc = services_of(context)
    chat = update.effective_chat
    if query is None:
        return
    if chat is None:  # a button on an inline message: this bot makes none, nobody else answers
        await query.answer()
        return
    if chat.id != svc.settings.telegram.hub_alert_chat_id:
        if chat.type != "private":  # e.g. an old alert chat after a config change
            await query.answer()  # nobody else handles group buttons: stop the spinner
        return  # a person's or staff button: their handlers answer it
    try:
        payload = svc.signer.decode(query.data or "", update.effective_chat.id)
        alert_id = int(payload.key.removeprefix(ACK_KEY_PREFIX))
    except (PayloadError, ValueError):
        await query.answer()
        return
    staff = await svc.store.staff.by_telegram_id(update.effective_user.id)
    if staff is None or not staff.active or staff.role != "hub":
        await svc.store.record_audit("telegram", "alert_ack_refused", None, alert_id=alert_id)
        # a pop-up for the one who pressed, not a line in the hub's group for everyone
        await query.answer(staff_text("alert.only_hub"), show_alert=True)
        return
    await query.answer()
    await _settle(svc, query, alert_id, staff.id, update.effective_user.full_name)


async def _settle(
    svc: BotServices, query: CallbackQuery, alert_id: int, staff_id: int, name: str
) -> None:
    """Acknowledge the alert and show who and when on the pressed message (its button goes).
    One already acknowledged (two pressed at once, or an earlier copy of a repeated alert)
    shows when instead of a second message in the chat; one whose case was erased, that."""
    try:
        alert = await svc.store.alerts.acknowledge(alert_id, staff_id)
        done = staff_text("alert.acknowledged", name=name, time=_local(svc, alert.acknowledged_at))
    except Conflict:
        alert = await svc.store.alerts.get(alert_id)
        done = staff_text("alert.already", time=_local(svc, alert.acknowledged_at))
    except NotFound:
        await _edit(query, staff_text("alert.gone"))
        return
    await _edit(query, f"{_heading(alert)}\n{done}")


async def _edit(query: CallbackQuery, text: str) -> None:
    try:
        await query.edit_message_text(text)
    except TelegramError as exc:  # the acknowledgement is recorded either way
        _LOGGER.warning("An alert message could not be updated (%s)", type(exc).__name__)


def _local(svc: BotServices, moment: datetime | None) -> str:
    """A time as hub staff read it: their wall clock (the reminders' time zone)."""
    if moment is None:
        return "?"
    local = moment.astimezone(ZoneInfo(svc.settings.reminders.timezone))
    return f"{local:%H:%M} on {local.day} {local:%b}"


def register(application: Application) -> None:
    """Handle Acknowledge buttons and repeat unacknowledged alerts every minute."""
    # its own group, so the person's button handler (group 0) still sees other chats' taps
    application.add_handler(CallbackQueryHandler(on_acknowledge), group=-1)
    if application.job_queue is not None:
        application.job_queue.run_repeating(repeat_unacknowledged, interval=60, first=60)
