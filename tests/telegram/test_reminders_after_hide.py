"""Reminders after "hide this chat": someone who hid the chat may have a dangerous person
nearby, so hiding cancels their pending reminders and no new one is made while they stay
away; reminders resume only after they come back to the survey and leave it again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.reminders import remind
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import PERSON, case_with_person, say
from tests.telegram.test_reminders import (
    NOON,
    Clock,
    at,
    clocked_app,
    reminders_sent,
    settings_for,
)


@pytest.fixture
async def app(tmp_path: Path, clock: Clock, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    settings = settings_for(tmp_path, generate_key())
    async for application in clocked_app(settings, clock, fake_bot_api):
        yield application


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


async def test_hiding_cancels_a_pending_reminder(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """A reminder already scheduled is not sent after /hide, and no new one is made later."""
    await case_with_person(app)
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    await say(app, PERSON, "/hide")
    for hours in (26, 60, 200):
        assert [] == await at(app, clock, NOON + timedelta(hours=hours))
        assert False is await remind(app, reminder_id, clock.now)
    assert 0 == reminders_sent(fake_bot_api)


async def test_no_reminder_is_made_after_hiding(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """Hidden before any reminder was due: the idle survey gets no reminder at all."""
    await case_with_person(app)
    clock.now = NOON + timedelta(hours=1)
    await say(app, PERSON, "/hide")
    for hours in (30, 100, 400):
        assert [] == await at(app, clock, NOON + timedelta(hours=hours))
    assert 0 == reminders_sent(fake_bot_api)


async def test_reminders_resume_when_the_person_comes_back_and_leaves_again(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """After hiding, the person comes back (/start) and leaves again: once that survey is
    idle long enough, a reminder is made and sent as usual."""
    await case_with_person(app)
    clock.now = NOON + timedelta(hours=1)
    await say(app, PERSON, "/hide")
    clock.now = NOON + timedelta(hours=2)
    await say(app, PERSON, "/start")
    assert [] == await at(app, clock, NOON + timedelta(hours=20))
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=27))
    assert True is await remind(app, reminder_id, clock.now)
    assert 1 == reminders_sent(fake_bot_api)
