"""Check-ins and end invites staff send in the quiet hours (21:00 to 09:00 London time by
default) arrive silently, without a sound or buzz, so a phone does not wake a house at
night; by day they arrive as usual."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import PERSON, PRACTITIONER, case_with_person, say, svc, tap_label
from tests.telegram.test_staff_close_checkin import NUDGES

NIGHT = datetime(2026, 1, 6, 23, 30, tzinfo=UTC)  # 23:30 in London
DAY = datetime(2026, 1, 6, 14, 0, tzinfo=UTC)


def silent_invite(fake: FakeBotApi, text: str) -> bool:
    """Whether the invite (the last message to the person with ``text``) went silently."""
    [sent] = [c for c in fake.calls("sendMessage") if c["chat_id"] == PERSON and c["text"] == text]
    return bool(sent.get("disable_notification", False))


@pytest.mark.parametrize(("moment", "silent"), [(NIGHT, True), (DAY, False)])
async def test_a_checkin_at_night_arrives_silently(
    app: Application, fake_bot_api: FakeBotApi, moment: datetime, silent: bool
) -> None:
    """/checkin at 23:30 sends the invite with notifications off; at 14:00 with them on."""
    case = await case_with_person(app)
    svc(app).clock = lambda: moment
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    assert silent is silent_invite(fake_bot_api, NUDGES.checkin_invite.standard)


async def test_the_end_invite_at_night_arrives_silently(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/close at 23:30 asking for the end questions: the invite goes, silently."""
    case = await case_with_person(app)
    svc(app).clock = lambda: NIGHT
    await say(app, PRACTITIONER, f"/close {case.local_ref}")
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.risk_reduced"))
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.capacity_no"))
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.send_end_invite"))
    assert True is silent_invite(fake_bot_api, NUDGES.end_invite.standard)
