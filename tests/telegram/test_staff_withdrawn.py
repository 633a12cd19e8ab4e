"""Staff commands after the person withdrew (stopped and had their answers erased): staff
are told they withdrew, not that no one ever joined; closing records "declined", not "no
contact"; a new link for them comes with a word to hand it over only if they asked."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from dialogs.types import WithdrawConfirmed
from storage.models import Case
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    PERSON,
    PRACTITIONER,
    case_with_person,
    record,
    say,
    svc,
    tap_label,
    texts_to,
)


async def withdrawn_case(app: Application) -> Case:
    case = await case_with_person(app)
    await record(app, PERSON, WithdrawConfirmed())
    return case


async def test_case_says_the_person_withdrew(app: Application, fake_bot_api: FakeBotApi) -> None:
    """/case lists the withdrawal with its day instead of "no one has used a link"."""
    case = await withdrawn_case(app)
    await say(app, PRACTITIONER, f"/case {case.local_ref}")
    shown = texts_to(fake_bot_api, PRACTITIONER)[-1].split("\n")
    day = case.opened_at.strftime("%d %b %Y")
    assert staff_text("case.withdrawn", kind="Person", day=day) in shown
    assert staff_text("case.no_one_joined") not in shown


async def test_checkin_says_the_person_withdrew(app: Application, fake_bot_api: FakeBotApi) -> None:
    """/checkin sends nothing and says everyone who joined withdrew, and how to make a new
    link if they ask to take part again (it said no one had used the link)."""
    case = await withdrawn_case(app)
    before = len(texts_to(fake_bot_api, PERSON))
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    expected = staff_text("checkin.withdrawn", ref=case.local_ref)
    assert expected == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert before == len(texts_to(fake_bot_api, PERSON))


async def test_closing_after_withdrawal_records_declined(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Asked to send the end questions, /close records "declined" (the person chose to
    stop), not "no contact", and says why."""
    case = await withdrawn_case(app)
    await say(app, PRACTITIONER, f"/close {case.local_ref}")
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.risk_reduced"))
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.capacity_no"))
    await tap_label(app, fake_bot_api, PRACTITIONER, staff_text("buttons.send_end_invite"))
    closed = await svc(app).store.cases.by_id(case.id)
    assert ("closed", "declined") == (closed.state, closed.no_end_survey_reason)
    assert texts_to(fake_bot_api, PRACTITIONER)[-1].endswith(staff_text("close.withdrawn"))


async def test_a_new_link_after_withdrawal_comes_with_a_caution(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/newlink for the person who withdrew still makes the link (they may ask to take part
    again) and says to hand it over only if they asked; a never-joined case has no such word."""
    case = await withdrawn_case(app)
    await say(app, PRACTITIONER, f"/newlink {case.local_ref}")
    caution = staff_text("newlink.withdrawn", kind="person", ref=case.local_ref)
    made = [t for t in texts_to(fake_bot_api, PRACTITIONER) if t.startswith("A new link")]
    assert caution == made[-1].split("\n")[-1]
    await svc(app).store.create_case("Police", "North", "NEVER-1")
    await say(app, PRACTITIONER, "/newlink NEVER-1")
    made = [t for t in texts_to(fake_bot_api, PRACTITIONER) if t.startswith("A new link")]
    assert "withdrew" not in made[-1]
