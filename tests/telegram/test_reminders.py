"""Reminders: at most two per unfinished survey, never in quiet hours (local time, DST
aware), never when contact is flagged unsafe, and rebuilt from the store when a new
Application starts on the same database. The store runs on a test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import ReminderSettings, Settings
from bot.nudges import load_nudges
from bot.reminders import in_quiet_hours, outside_quiet_hours, remind, sweep
from dialogs.types import ContactUnsafe
from storage import generate_key
from storage.store import Store, open_store
from tests.clock import FakeClock as Clock
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    PERSON,
    case_with_person,
    record,
    say,
    settings_for,
    started,
    stopped,
    svc,
    texts_to,
)

REMINDER = load_nudges("en").reminder.standard
LONDON = ReminderSettings()  # 21:00 to 09:00, Europe/London, 24 h then 72 h
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 12:00 in London (GMT)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_for(tmp_path, generate_key())


async def opened(settings: Settings, clock: Clock) -> AsyncIterator[Store]:
    async with open_store(settings.database_path, settings.data_key.get_secret_value(),
                          clock=clock) as store:  # fmt: skip
        yield store


async def clocked_app(
    settings: Settings, clock: Clock, fake: FakeBotApi
) -> AsyncIterator[Application]:
    """The bot, started on a store that runs on ``clock`` (stopped after)."""
    async for store in opened(settings, clock):
        application = await started(settings, fake, store)
        yield application
        await stopped(application)


@pytest.fixture
async def app(
    settings: Settings, clock: Clock, fake_bot_api: FakeBotApi
) -> AsyncIterator[Application]:
    async for application in clocked_app(settings, clock, fake_bot_api):
        yield application


def reminders_sent(fake: FakeBotApi) -> int:
    return texts_to(fake, PERSON).count(REMINDER)


async def at(app: Application, clock: Clock, moment: datetime) -> list[int]:
    """Move the clock and run the sweep, as the repeating job would."""
    clock.now = moment
    return await sweep(app, moment)


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (datetime(2026, 1, 5, 20, 59, tzinfo=UTC), False),
        (datetime(2026, 1, 5, 21, 0, tzinfo=UTC), True),
        (datetime(2026, 1, 6, 8, 59, tzinfo=UTC), True),
        (datetime(2026, 1, 6, 9, 0, tzinfo=UTC), False),
        (datetime(2026, 7, 6, 20, 30, tzinfo=UTC), True),  # 21:30 BST
        (datetime(2026, 7, 6, 8, 30, tzinfo=UTC), False),  # 09:30 BST
    ],
)
def test_quiet_hours_are_local_time(moment: datetime, quiet: bool) -> None:
    """Quiet hours run across midnight and are read in Europe/London time, BST included."""
    assert quiet == in_quiet_hours(moment, LONDON)


def test_a_time_in_quiet_hours_moves_to_their_end() -> None:
    """23:00 moves to 09:00 local the next morning: 09:00 UTC in winter, 08:00 UTC in summer."""
    winter = outside_quiet_hours(datetime(2026, 1, 5, 23, 0, tzinfo=UTC), LONDON)
    summer = outside_quiet_hours(datetime(2026, 7, 5, 23, 0, tzinfo=UTC), LONDON)
    assert datetime(2026, 1, 6, 9, 0, tzinfo=UTC) == winter
    assert datetime(2026, 7, 6, 8, 0, tzinfo=UTC) == summer
    noon = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert noon == outside_quiet_hours(noon, LONDON)


async def test_an_unfinished_survey_gets_two_reminders_and_no_more(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """Idle 24 hours: the first reminder; idle 72 hours: the second; never a third, even
    much later; each is the neutral reminder text."""
    await case_with_person(app)  # started at noon, then left
    assert [] == await at(app, clock, NOON + timedelta(hours=23))
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    assert True is await remind(app, reminder_id, clock.now)
    assert False is await remind(app, reminder_id, NOON + timedelta(hours=26))
    clock.now = NOON + timedelta(hours=73)
    assert True is await remind(app, reminder_id, clock.now)
    for hours in (120, 400):
        assert [] == await at(app, clock, NOON + timedelta(hours=hours))
        assert False is await remind(app, reminder_id, clock.now)
    assert 2 == reminders_sent(fake_bot_api)


async def test_reminders_wait_for_the_end_of_quiet_hours(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """A survey left at 22:00 is due at 22:00 next day, in quiet hours: it waits for 09:00;
    a job that runs at 02:00 sends nothing and moves the reminder to 09:00."""
    clock.now = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)
    await case_with_person(app)
    [reminder_id] = await at(app, clock, datetime(2026, 3, 11, 23, 0, tzinfo=UTC))
    pending = await svc(app).store.reminders.due(datetime(2026, 3, 30, tzinfo=UTC))
    assert [datetime(2026, 3, 12, 9, 0, tzinfo=UTC)] == [r.due_at for r in pending]
    clock.now = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)
    assert False is await remind(app, reminder_id, clock.now)
    clock.now = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    assert True is await remind(app, reminder_id, clock.now)
    assert 1 == reminders_sent(fake_bot_api)


async def test_no_reminder_when_contact_is_flagged_unsafe(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """Contact flagged unsafe: no reminder is created, and one already made is not sent."""
    await case_with_person(app)
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    await record(app, PERSON, ContactUnsafe("start"))
    assert False is await remind(app, reminder_id, clock.now)
    assert [] == await at(app, clock, NOON + timedelta(hours=100))
    assert 0 == reminders_sent(fake_bot_api)


async def test_reminders_are_rebuilt_after_a_restart(
    settings: Settings, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """A reminder made before a restart gets its job again when a new Application starts on
    the same database, and is then sent."""
    async for store in opened(settings, clock):
        first = await started(settings, fake_bot_api, store)
        await case_with_person(first)
        [reminder_id] = await at(first, clock, NOON + timedelta(hours=25))
        await stopped(first)
    async for store in opened(settings, clock):
        second = await started(settings, fake_bot_api, store)
        jobs = second.job_queue.get_jobs_by_name(f"reminder:{reminder_id}")
        assert [reminder_id] == [job.data for job in jobs]
        assert True is await remind(second, reminder_id, clock.now)
        await stopped(second)
    assert 1 == reminders_sent(fake_bot_api)


async def test_a_survey_replaced_by_a_newer_invite_is_not_reminded(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """The start questions were left unfinished, then the person opened a check-in: the old
    reminder is dropped and only the check-in, now idle, is reminded."""
    case = await case_with_person(app)
    [old] = await at(app, clock, NOON + timedelta(hours=25))
    check_in = await svc(app).store.create_invite(case, "person", "checkin")
    await say(app, PERSON, f"/start {check_in.token}")
    assert False is await remind(app, old, clock.now)
    [new] = await at(app, clock, NOON + timedelta(hours=50))
    assert True is await remind(app, new, clock.now)
    pending = await svc(app).store.reminders.due(NOON + timedelta(days=30))
    assert [("checkin", 1)] == [(r.timepoint, r.sent_count) for r in pending]
    assert 1 == reminders_sent(fake_bot_api)
