"""Scheduled check-ins: every ``survey.checkin_every_days`` days (0, the default, is off) a
case still open is sent a check-in, as ``/checkin`` sends one, when nothing has happened in
it for that long (design, journey 4: check-ins are hub-triggered or scheduled).

Due cases come from the store (``storage.checkin_due``: the last survey was finished, and
nothing was asked, answered or sent since). Who gets it is ``/checkin``'s choice
(``staff_contact.contact_for``): never someone who withdrew or whose contact is flagged
unsafe. Nothing is sent in the quiet hours: the check runs every hour, so the next one by
day sends it. A chat that refuses it (blocked, deleted) is not tried again for another
period, and the hub alert chat is told, as for an undeliverable reminder; a network failure
is tried again at the next hourly check. Each invite sent is audited (actor "schedule").
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from telegram.ext import Application, CallbackContext

from bot.config import Settings
from bot.hub_notes import tell_hub
from bot.reminder_times import in_quiet_hours
from bot.services import SERVICES_KEY, BotServices, services_of
from bot.staff_contact import contact_for, send_invite

CHECK_MINUTES = 60
ACTOR = "schedule"
_LOGGER = logging.getLogger(__name__)


async def send_due_checkins(application: Application, now: datetime) -> Counter[str]:
    """Send every check-in due at ``now``; how many were sent, refused, failed, or could
    not go (unsafe, withdrawn). Nothing when switched off or in the quiet hours."""
    svc: BotServices = application.bot_data[SERVICES_KEY]
    days = svc.settings.survey.checkin_every_days
    tally: Counter[str] = Counter()
    if days <= 0 or in_quiet_hours(now, svc.settings.reminders):
        return tally
    for case in await svc.store.due_for_checkin(now - timedelta(days=days)):
        target, unreachable = await contact_for(svc.store, case)
        if target is None:
            tally[str(unreachable)] += 1
            continue
        delivery = await send_invite(svc.store, application.bot, case, target, "checkin", ACTOR)
        tally[delivery] += 1
        if delivery == "refused":
            await svc.store.record_audit(ACTOR, "checkin_undelivered", case.id, kind=target.kind)
            await tell_hub(svc, application.bot, "schedule.undelivered", case, kind=target.kind)
    if tally["sent"] or tally["refused"] or tally["failed"]:
        _LOGGER.info("Scheduled check-ins: %s", ", ".join(f"{n} {k}" for k, n in tally.items()))
    return tally


async def run_checkin_job(context: CallbackContext) -> None:
    """JobQueue callback: the hourly check."""
    await send_due_checkins(context.application, services_of(context).clock())


def schedule_checkins(application: Application, settings: Settings) -> None:
    """Check every hour (the first five minutes after start), when switched on."""
    if application.job_queue is not None and settings.survey.checkin_every_days > 0:
        application.job_queue.run_repeating(
            run_checkin_job, interval=CHECK_MINUTES * 60, first=300, name="scheduled check-ins"
        )
