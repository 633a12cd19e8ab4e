"""When Telegram does not answer (a timeout, a network failure) as staff send a check-in or
the end-of-case questions: staff are told to try again, and nothing is recorded as if the
person could not be contacted (a timeout at /close used to close the case with "no
contact" as the reason for not asking the end questions)."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    PERSON,
    PRACTITIONER,
    case_with_person,
    say,
    svc,
    tap_label,
    texts_to,
)
from tests.telegram.test_staff_close_checkin import NUDGES


async def test_a_checkin_telegram_did_not_take_says_to_try_again(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/checkin times out: staff are asked to send it again in a few minutes (not told the
    person may have blocked the chat); nothing is audited as sent; the next try works."""
    case = await case_with_person(app)
    fake_bot_api.fail("sendMessage", "timeout")
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    assert (
        staff_text("checkin.try_again", ref=case.local_ref)
        == texts_to(fake_bot_api, PRACTITIONER)[-1]
    )
    assert [] == await svc(app).store.audit.entries(case.id, "invite_sent")
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    assert NUDGES.checkin_invite.standard == texts_to(fake_bot_api, PERSON)[-1]


async def test_a_timeout_at_close_keeps_the_case_open_and_asks_again(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/close, Send the end-of-case questions, and Telegram times out: the case stays open,
    no reason is recorded, and the last question is asked again; tapping Send again
    delivers the end invite and closes the case with the fields given."""
    case = await case_with_person(app)
    await say(app, PRACTITIONER, f"/close {case.local_ref}")
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.risk_removed"))
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.capacity_no"))
    fake_bot_api.fail("sendMessage", "timeout")
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.send_end_invite"))
    still = await svc(app).store.cases.by_id(case.id)
    assert ("open", None) == (still.state, still.no_end_survey_reason)
    assert staff_text("close.try_again") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.send_end_invite"))
    closed = await svc(app).store.cases.by_id(case.id)
    fields = (closed.state, closed.sg2e_risk_outcome, closed.sg3a_capacity)
    assert (("closed", "removed", "no"), None) == (fields, closed.no_end_survey_reason)
    assert NUDGES.end_invite.standard == texts_to(fake_bot_api, PERSON)[-1]
