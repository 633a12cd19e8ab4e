"""A reminder Telegram could not take: a timeout or network failure is tried again 15
minutes later and is not counted (a moment's outage used to lose the reminder for good);
a chat that refuses it (400, e.g. deleted) finishes it without telling the hub. The store
runs on a test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.reminders import RETRY_AFTER, remind
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import HUB_CHAT, case_with_person, svc
from tests.telegram.test_reminders import (
    NOON,
    Clock,
    at,
    clocked_app,
    reminders_sent,
    settings_for,
)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


@pytest.fixture
async def app(tmp_path: Path, clock: Clock, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    settings = settings_for(tmp_path, generate_key())
    async for application in clocked_app(settings, clock, fake_bot_api):
        yield application


async def test_a_timed_out_reminder_is_tried_again_and_still_counts_two(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """The first reminder times out: it stays pending, due 15 minutes later, not counted;
    then it is sent, and the second still follows: two in all."""
    await case_with_person(app)
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    fake_bot_api.fail("sendMessage", "timeout")
    assert False is await remind(app, reminder_id, clock.now)
    [pending] = await svc(app).store.reminders.due(NOON + timedelta(days=30))
    assert (0, clock.now + RETRY_AFTER) == (pending.sent_count, pending.due_at)
    clock.now += RETRY_AFTER
    assert True is await remind(app, reminder_id, clock.now)
    clock.now = NOON + timedelta(hours=73)
    assert True is await remind(app, reminder_id, clock.now)
    assert 2 == reminders_sent(fake_bot_api)


async def test_a_chat_that_refuses_the_reminder_finishes_it_quietly(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """400 (say the chat is gone): no retry, no second reminder, nothing to the hub (only a
    block, 403, tells the hub)."""
    await case_with_person(app)
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    fake_bot_api.fail("sendMessage", "400", description="Bad Request: chat not found")
    assert False is await remind(app, reminder_id, clock.now)
    assert [] == await svc(app).store.reminders.due(NOON + timedelta(days=30))
    assert [] == [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == HUB_CHAT]
