"""``/close`` as a team uses it: two staff closing the same case at once (the first wins,
the second is told plainly and the person gets one end invite), closing twice, and staff-side
fields that cannot contradict each other."""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import Application

from bot.reminders import sweep
from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    HUB_USER,
    PERSON,
    PRACTITIONER,
    case_with_person,
    last_with_buttons,
    say,
    svc,
    tap_label,
    texts_to,
)
from tests.telegram.test_journey import tap
from tests.telegram.test_staff_close_checkin import NUDGES, invite_sent_to, token_of

SEND = "Send the end-of-case questions"


async def up_to_the_last_step(app: Application, fake: FakeBotApi, who: int, ref: str) -> None:
    await say(app, who, f"/close {ref}")
    await tap_label(app, fake, who, staff_text("buttons.risk_reduced"))
    await tap_label(app, fake, who, staff_text("buttons.capacity_not_known"))


async def test_two_staff_closing_at_once_send_one_end_invite(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub and practitioner both reach the last step of /close for the same case; the hub
    taps Send first: the case closes with the hub's answers and the person gets one end
    invite. The practitioner's tap then records nothing, sends nothing, and tells them
    why their button no longer works, including that a colleague may have closed it."""
    case = await case_with_person(app)
    for who in (HUB_USER, PRACTITIONER):
        await up_to_the_last_step(app, fake_bot_api, who, case.local_ref)
    await tap_label(app, fake_bot_api, HUB_USER, SEND)
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.reason_declined"))
    closed = await svc(app).store.cases.by_id(case.id)
    assert ("closed", None) == (closed.state, closed.no_end_survey_reason)
    assert 1 == texts_to(fake_bot_api, PERSON).count(NUDGES.end_invite.standard)
    assert staff_text("exchange.expired") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert "closed meanwhile" in staff_text("exchange.expired")
    closings = await svc(app).store.audit.entries(case.id, "case_closed")
    assert 1 == len(closings)


async def test_closing_a_closed_case_says_what_to_do(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/close on a closed case changes nothing and points to /case for what was recorded."""
    case = await case_with_person(app)
    await up_to_the_last_step(app, fake_bot_api, HUB_USER, case.local_ref)
    await tap_label(app, fake_bot_api, HUB_USER, staff_text("buttons.reason_declined"))
    await say(app, HUB_USER, f"/close {case.local_ref}")
    reply = texts_to(fake_bot_api, HUB_USER)[-1]
    assert staff_text("close.not_open", ref=case.local_ref, state="closed") == reply
    assert f"/case {case.local_ref}" in reply
    assert 1 == len(await svc(app).store.audit.entries(case.id, "case_closed"))


async def test_lacks_capacity_is_not_offered_after_saying_capacity_was_not_lacking(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """SG3a answered "No" (did not lack capacity): the reasons for not asking the end
    questions leave out "lacks capacity", so the two fields cannot contradict; after "Yes"
    or "Not known" it is offered."""
    case = await case_with_person(app)
    offered = {}
    for capacity in ("capacity_no", "capacity_yes", "capacity_not_known"):
        await say(app, HUB_USER, f"/close {case.local_ref}")
        await tap_label(app, fake_bot_api, HUB_USER, staff_text("buttons.risk_removed"))
        await tap_label(app, fake_bot_api, HUB_USER, staff_text(f"buttons.{capacity}"))
        rows = last_with_buttons(fake_bot_api, HUB_USER)["reply_markup"]["inline_keyboard"]
        offered[capacity] = staff_text("buttons.reason_lacks_capacity") in [
            r[0]["text"] for r in rows
        ]
        await say(app, HUB_USER, "/cancel")
    assert {"capacity_no": False, "capacity_yes": True, "capacity_not_known": True} == offered


async def test_closing_mid_start_survey_moves_the_person_to_the_end_questions(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The person left the start questions half done; /close sends the end invite: tapping
    its Start opens the end-of-case questions (not the rest of the start), and a day later
    only those are reminded, never the unfinished start questions of the closed case."""
    case = await case_with_person(app)
    await tap(app, fake_bot_api, "yes", PERSON)  # safe to talk: then left
    await up_to_the_last_step(app, fake_bot_api, HUB_USER, case.local_ref)
    await tap_label(app, fake_bot_api, HUB_USER, SEND)
    await say(app, PERSON, f"/start {token_of(invite_sent_to(fake_bot_api, PERSON))}")
    participant = await svc(app).store.participant_for_chat(PERSON)
    assert participant is not None and "end" == participant.current_timepoint
    assert None is not await svc(app).store.load_session(participant.id, "end")
    later = svc(app).clock() + timedelta(hours=25)
    await sweep(app, later)
    pending = await svc(app).store.reminders.due(later + timedelta(days=30))
    assert ["end"] == [reminder.timepoint for reminder in pending]
