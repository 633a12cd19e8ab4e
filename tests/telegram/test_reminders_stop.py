"""Reminders stop when the case no longer asks: a start or check-in survey left unfinished
when the case was closed is never reminded (the end-of-case questions still are), and a
person who withdrew gets no reminder. The store runs on a test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.reminders import remind
from dialogs.types import WithdrawConfirmed
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    PERSON,
    case_with_person,
    record,
    say,
    settings_for,
    svc,
)
from tests.telegram.test_reminders import NOON, Clock, at, clocked_app, reminders_sent


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


@pytest.fixture
async def app(tmp_path: Path, clock: Clock, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    settings = settings_for(tmp_path, generate_key())
    async for application in clocked_app(settings, clock, fake_bot_api):
        yield application


async def close_declined(app: Application, ref: str) -> None:
    await svc(app).store.cases.close(ref, organisation="Police", risk_outcome="reduced",
                                     capacity="no", no_end_survey_reason="declined")  # fmt: skip


async def test_a_survey_left_unfinished_when_the_case_closed_is_not_reminded(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """The person started, left the start questions, and the case was closed (declined):
    no reminder is made then or at later sweeps, and none is sent (one used to be sent a
    day later, and a second two days after that)."""
    case = await case_with_person(app)
    await close_declined(app, case.local_ref)
    for hours in (25, 73, 200):
        assert [] == await at(app, clock, NOON + timedelta(hours=hours))
    assert 0 == reminders_sent(fake_bot_api)


async def test_closing_the_case_stops_the_second_reminder(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """One reminder went; the case is then closed: the second is not sent and is finished."""
    case = await case_with_person(app)
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    assert True is await remind(app, reminder_id, clock.now)
    await close_declined(app, case.local_ref)
    clock.now = NOON + timedelta(hours=73)
    assert False is await remind(app, reminder_id, clock.now)
    assert [] == await svc(app).store.reminders.due(NOON + timedelta(days=30))
    assert 1 == reminders_sent(fake_bot_api)


async def test_the_end_of_case_questions_of_a_closed_case_are_still_reminded(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """Closed with the end invite sent: the person opens it and leaves the end questions
    unfinished; a day later they get the reminder."""
    case = await case_with_person(app)
    store = svc(app).store
    participant = await store.participant_for_chat(PERSON)
    assert participant is not None
    end = await store.create_invite(case, "person", "end", for_participant=participant.id)
    await store.cases.close(case.local_ref, organisation="Police", risk_outcome="removed",
                            capacity="no")  # fmt: skip
    await say(app, PERSON, f"/start {end.token}")
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    assert True is await remind(app, reminder_id, clock.now)
    assert 1 == reminders_sent(fake_bot_api)


async def test_a_person_who_withdrew_gets_no_reminder(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """A reminder is pending; the person withdraws (their answers erased): it is not sent."""
    await case_with_person(app)
    [reminder_id] = await at(app, clock, NOON + timedelta(hours=25))
    await record(app, PERSON, WithdrawConfirmed())
    assert False is await remind(app, reminder_id, clock.now)
    assert [] == await at(app, clock, NOON + timedelta(hours=73))
    assert 0 == reminders_sent(fake_bot_api)
