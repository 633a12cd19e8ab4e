"""Gentle reminders for surveys left paused or unfinished: at most two, never in quiet hours,
never when contact is flagged unsafe.

The store is the record: a reminder row per survey round (``storage.reminders``). A sweep
(every few minutes, and once at start-up) adds a row for each survey idle for
``reminders.first_after_hours``; each row gets a JobQueue job at its due time, and all jobs
are rebuilt from the store when the bot starts, so a restart loses none. When a job runs it
checks again: still unfinished, still safe to contact, idle long enough, outside quiet hours
(else it is moved, not dropped), and still asked: a closed case's start or check-in survey
is never reminded, only its end-of-case questions. The second reminder comes
``second_after_hours`` after the survey went idle; after it the row is finished. The text
is neutral content (``nudges``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Literal

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackContext

from bot.hub_notes import tell_hub
from bot.nudges import nudge
from bot.reminder_times import due_after_idle as due_after_idle  # re-exported, as before
from bot.reminder_times import in_quiet_hours as in_quiet_hours
from bot.reminder_times import outside_quiet_hours as outside_quiet_hours
from bot.services import SERVICES_KEY, BotServices, services_of
from storage.models import Participant, Reminder
from storage.staff_queries import UNFINISHED, idle_surveys, postpone_reminder, survey_activity
from storage.store import Store

MAX_REMINDERS = 2
SWEEP_MINUTES = 10
RETRY_AFTER = timedelta(minutes=15)  # after a network failure or timeout
SendOutcome = Literal["sent", "gone", "retry"]
_FAR_FUTURE = timedelta(days=3650)
_LOGGER = logging.getLogger(__name__)


async def pending_reminders(svc: BotServices) -> list[Reminder]:
    """Every reminder not finished or cancelled, of participants not flagged unsafe."""
    return await svc.store.reminders.due(svc.clock() + _FAR_FUTURE)


def _schedule_job(application: Application, reminder_id: int, due_at: datetime) -> None:
    queue = application.job_queue
    if queue is None:
        _LOGGER.error("Reminders need python-telegram-bot's job-queue extra")
        return
    name = f"reminder:{reminder_id}"
    for job in queue.get_jobs_by_name(name):
        job.schedule_removal()
    queue.run_once(run_reminder_job, when=due_at, data=reminder_id, name=name)


async def sweep(application: Application, now: datetime) -> list[int]:
    """Add a reminder for each survey idle long enough; returns the new reminder ids."""
    svc: BotServices = application.bot_data[SERVICES_KEY]
    settings = svc.settings.reminders
    idle_before = now - timedelta(hours=settings.first_after_hours)
    added = []
    for survey in await idle_surveys(svc.store, idle_before):
        if not await case_still_asks(svc.store, survey.participant_id, survey.timepoint):
            await svc.store.reminders.schedule(survey.participant_id, survey.timepoint, now)
            await svc.store.reminders.cancel(survey.participant_id, survey.timepoint)
            continue
        due = due_after_idle(survey.updated_at, 0, settings)
        reminder_id = await svc.store.reminders.schedule(
            survey.participant_id, survey.timepoint, due
        )
        _schedule_job(application, reminder_id, due)
        added.append(reminder_id)
    return added


async def rebuild(application: Application) -> int:
    """Give every pending reminder in the store its job (at start-up); returns how many."""
    svc: BotServices = application.bot_data[SERVICES_KEY]
    reminders = await pending_reminders(svc)
    for reminder in reminders:
        _schedule_job(application, reminder.id, max(reminder.due_at, svc.clock()))
    await sweep(application, svc.clock())
    return len(reminders)


async def remind(application: Application, reminder_id: int, now: datetime) -> bool:
    """Send one reminder if it is still wanted now; otherwise move or finish it.

    Returns True when a reminder was sent.
    """
    svc: BotServices = application.bot_data[SERVICES_KEY]
    store, settings = svc.store, svc.settings.reminders
    reminder = next((r for r in await pending_reminders(svc) if r.id == reminder_id), None)
    if reminder is None:
        return False  # finished, cancelled (survey done, contact unsafe) or erased
    survey = await survey_activity(store, reminder.participant_id, reminder.timepoint)
    if (
        survey is None
        or survey.status not in UNFINISHED
        or survey.contact_unsafe
        or not survey.current
        or not await case_still_asks(store, reminder.participant_id, reminder.timepoint)
    ):
        await store.reminders.cancel(reminder.participant_id, reminder.timepoint)
        return False
    if reminder.sent_count >= MAX_REMINDERS:
        await store.reminders.mark_sent(reminder.id, None)  # never a third
        return False
    due = due_after_idle(survey.updated_at, reminder.sent_count, settings)
    if due > now or in_quiet_hours(now, settings):
        later = max(due, outside_quiet_hours(now, settings))
        await postpone_reminder(store, reminder.id, later)
        _schedule_job(application, reminder.id, later)
        return False
    outcome = await _send(svc, application.bot, reminder)
    if outcome == "retry":  # Telegram unreachable for now: again later, not counted as sent
        later = outside_quiet_hours(now + RETRY_AFTER, settings)
        await postpone_reminder(store, reminder.id, later)
        _schedule_job(application, reminder.id, later)
    if outcome != "sent":
        return False
    sent = reminder.sent_count + 1
    next_due = due_after_idle(survey.updated_at, sent, settings) if sent < MAX_REMINDERS else None
    if next_due is not None:
        next_due = max(next_due, outside_quiet_hours(now + timedelta(hours=1), settings))
    await store.reminders.mark_sent(reminder.id, next_due)
    if next_due is not None:
        _schedule_job(application, reminder.id, next_due)
    return True


async def case_still_asks(store: Store, participant_id: int, timepoint: str) -> bool:
    """Whether the participant's case still wants this survey answered: every survey of an
    open case, only the end-of-case questions of a closed one."""
    participant = await store.participants.get(participant_id)
    state = (await store.cases.by_id(participant.case_id)).state
    return state == "open" or (state == "closed" and timepoint == "end")


async def _send(svc: BotServices, bot: Bot, reminder: Reminder) -> SendOutcome:
    """Send the reminder. A chat that refuses it (blocked, deleted: 403/400) finishes it, and
    the hub is told of a blocked one; a network failure or timeout asks for a retry (one
    used to finish it too, so a moment's outage lost the person's reminder for good)."""
    participant = await svc.store.participants.get(reminder.participant_id)
    if participant.chat_id is None or participant.contact_unsafe:
        return "gone"
    try:
        message = await bot.send_message(participant.chat_id, nudge("reminder", participant))
    except (Forbidden, BadRequest) as exc:
        _LOGGER.warning("A reminder could not be delivered (%s)", type(exc).__name__)
        await svc.store.reminders.mark_sent(reminder.id, None)  # do not keep knocking
        if isinstance(exc, Forbidden):
            await _tell_hub_unreachable(svc, bot, participant)
        return "gone"
    except TelegramError as exc:
        _LOGGER.warning("A reminder will be tried again (%s)", type(exc).__name__)
        return "retry"
    await svc.store.messages.remember(participant.chat_id, message.message_id)
    return "sent"


async def _tell_hub_unreachable(svc: BotServices, bot: Bot, participant: Participant) -> None:
    """The person blocked the bot (or deleted the chat): tell the hub alert chat which case,
    never who, and audit it, so staff can reach them another way."""
    case = await svc.store.cases.by_id(participant.case_id)
    await svc.store.record_audit("system", "person_unreachable", case.id, via="reminder",
                                 kind=participant.kind)  # fmt: skip
    await tell_hub(svc, bot, "reminder.unreachable", case, kind=participant.kind)


async def run_reminder_job(context: CallbackContext) -> None:
    """JobQueue callback for one reminder."""
    await remind(context.application, int(context.job.data), services_of(context).clock())


async def run_sweep_job(context: CallbackContext) -> None:
    """JobQueue callback: find newly idle surveys."""
    await sweep(context.application, services_of(context).clock())


def schedule_reminders(application: Application) -> None:
    """Rebuild reminder jobs from the store when the bot starts, and sweep every few minutes."""
    previous = application.post_init

    async def start_reminders(app: Application) -> None:
        if previous is not None:
            await previous(app)
        await rebuild(app)

    application.post_init = start_reminders  # type: ignore[assignment]
    if application.job_queue is not None:
        interval = SWEEP_MINUTES * 60
        application.job_queue.run_repeating(run_sweep_job, interval=interval, first=interval)
