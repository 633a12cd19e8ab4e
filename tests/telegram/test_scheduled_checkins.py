"""Scheduled check-ins (``survey.checkin_every_days``): an open case where nothing has been
asked, answered or sent for that many days since the start questions were finished gets a
check-in, as /checkin sends one (same neutral words, a Start button, audited, here by
"schedule"); then not again until another period has passed. Never when switched off (the
default), in the quiet hours, to a closed case, to a survey left part-way (reminders do
that), or when contact is flagged unsafe; a chat that refuses it is not tried again every
hour, and the hub is told."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.commands.run import make_bot
from bot.scheduled_checkins import send_due_checkins
from bot.staff_words import staff_text
from dialogs.types import ContactUnsafe
from storage import generate_key
from storage.models import Case
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    HUB_CHAT,
    PERSON,
    case_with_person,
    record,
    settings_for,
    svc,
    texts_to,
)
from tests.telegram.test_reminders import Clock, clocked_app
from tests.telegram.test_staff_close_checkin import NUDGES

MONDAY_NOON = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)  # 12:00 in London
CHECKIN = NUDGES.checkin_invite.standard


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_NOON)


@pytest.fixture
async def app(tmp_path: Path, clock: Clock, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    settings = settings_for(tmp_path, generate_key())
    settings.survey.checkin_every_days = 28
    async for application in clocked_app(settings, clock, fake_bot_api):
        yield application


async def finished_start(app: Application) -> Case:
    """A case whose person joined and finished the start questions, at the clock's time."""
    case = await case_with_person(app)
    store = svc(app).store
    person = await store.participant_for_chat(PERSON)
    assert person is not None
    state = await store.load_session(person.id, "start")
    assert state is not None
    await store.save_turn(person.id, "start", [], dataclasses.replace(state, status="completed"),
                          channel="telegram", source_message_id="done")  # fmt: skip
    return case


async def run_at(app: Application, clock: Clock, moment: datetime) -> dict[str, int]:
    clock.now = moment
    return dict(await send_due_checkins(app, moment))


def checkins_sent(fake: FakeBotApi) -> int:
    return texts_to(fake, PERSON).count(CHECKIN)


async def test_a_quiet_case_gets_one_checkin_per_period(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """Nothing at 27 days; at 28 days and an hour the check-in goes with its Start button
    and is audited as sent by the schedule; the hourly check after it sends nothing; 28
    days after that, unanswered, the next one goes."""
    case = await finished_start(app)
    assert {} == await run_at(app, clock, MONDAY_NOON + timedelta(days=27))
    assert {"sent": 1} == await run_at(app, clock, MONDAY_NOON + timedelta(days=28, hours=1))
    [sent] = [m for m in fake_bot_api.sent if m.get("text") == CHECKIN]
    assert "start=" in sent["reply_markup"]["inline_keyboard"][0][0]["url"]
    audit = await svc(app).store.audit.entries(case.id, "invite_sent")
    assert [("schedule", "checkin")] == [(e.actor, e.detail["timepoint"]) for e in audit]
    assert {} == await run_at(app, clock, MONDAY_NOON + timedelta(days=28, hours=2))
    assert {"sent": 1} == await run_at(app, clock, MONDAY_NOON + timedelta(days=56, hours=2))
    assert 2 == checkins_sent(fake_bot_api)


async def test_a_staff_checkin_restarts_the_period(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """A /checkin sent by staff on day 20 counts as contact: nothing is due on day 29."""
    case = await finished_start(app)
    clock.now = MONDAY_NOON + timedelta(days=20)
    await svc(app).store.record_audit("staff:1", "invite_sent", case.id, timepoint="checkin")
    assert {} == await run_at(app, clock, MONDAY_NOON + timedelta(days=29))
    assert {"sent": 1} == await run_at(app, clock, MONDAY_NOON + timedelta(days=48, hours=1))


@pytest.mark.parametrize("why", ["quiet hours", "closed", "unfinished", "unsafe"])
async def test_no_checkin_when_it_should_not_go(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi, why: str
) -> None:
    """Past the period, nothing goes at 23:30 London time, to a closed case, to a person
    who left the start questions part-way, or when contact is flagged unsafe."""
    moment = MONDAY_NOON + timedelta(days=40)
    if why == "unfinished":
        await case_with_person(app)
    else:
        case = await finished_start(app)
    if why == "quiet hours":
        moment = moment.replace(hour=23, minute=30)
    elif why == "closed":
        await svc(app).store.cases.close(case.local_ref, organisation="Police",
                                         no_end_survey_reason="declined")  # fmt: skip
    elif why == "unsafe":
        await record(app, PERSON, ContactUnsafe("start"))
    tally = await run_at(app, clock, moment)
    assert 0 == checkins_sent(fake_bot_api)
    assert ({"unsafe": 1} if why == "unsafe" else {}) == tally


async def test_a_refusing_chat_is_not_tried_every_hour_and_the_hub_is_told(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """The person blocked the bot (403): the hub alert chat gets a note naming only the
    case; the next hourly check does not try again."""
    await finished_start(app)
    fake_bot_api.fail("sendMessage", "403", description="Forbidden: bot was blocked by the user")
    assert {"refused": 1} == await run_at(app, clock, MONDAY_NOON + timedelta(days=29))
    note = staff_text("schedule.undelivered", ref="REF-1", organisation="Police", kind="person")
    assert [note] == texts_to(fake_bot_api, HUB_CHAT)
    assert {} == await run_at(app, clock, MONDAY_NOON + timedelta(days=29, hours=1))


async def test_off_by_default_and_then_no_hourly_job(tmp_path: Path) -> None:
    """With the default settings nothing is scheduled; with a period the bot checks every
    hour."""
    settings = settings_for(tmp_path, generate_key())
    assert 0 == settings.survey.checkin_every_days
    quiet = make_bot(settings, request=FakeBotApi())
    assert [] == [j for j in quiet.job_queue.jobs() if j.name == "scheduled check-ins"]
    settings.survey.checkin_every_days = 28
    on = make_bot(settings, request=FakeBotApi())
    [job] = [j for j in on.job_queue.jobs() if j.name == "scheduled check-ins"]
    assert timedelta(hours=1) == job.job.trigger.interval
