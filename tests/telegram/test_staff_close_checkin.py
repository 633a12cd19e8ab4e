"""``/checkin`` and ``/close`` through Telegram updates: the invite reaches the person's chat
(and works when tapped) unless no one joined or contact is flagged unsafe; closing records
the SAC fields from buttons, then the end invite or the reason why not."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from telegram.ext import Application

from bot.nudges import load_nudges
from bot.staff_words import staff_text
from bot.transport_words import load_words
from dialogs.types import ContactUnsafe
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    HUB_CHAT,
    HUB_USER,
    OTHER_PRACTITIONER,
    PERSON,
    PRACTITIONER,
    STRANGER,
    case_with_person,
    record,
    say,
    svc,
    tap_label,
    texts_to,
)

NUDGES = load_nudges("en")


def invite_sent_to(fake: FakeBotApi, chat_id: int) -> dict[str, Any]:
    """The last message to the chat that carries a Start link button."""
    return [m for m in fake.sent if m["chat"]["id"] == chat_id and "reply_markup" in m
            and "url" in m["reply_markup"]["inline_keyboard"][0][0]][-1]  # fmt: skip


def token_of(sent: dict[str, Any]) -> str:
    url = sent["reply_markup"]["inline_keyboard"][0][0]["url"]
    return parse_qs(urlparse(url).query)["start"][0]


async def test_checkin_reaches_the_person_and_the_link_starts_the_check_in(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/checkin sends a neutral message with a Start button; tapping it (/start <invite>)
    moves the person to the check-in questions. Staff are told it was sent."""
    case = await case_with_person(app)
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    assert [staff_text("checkin.sent", kind="person", ref=case.local_ref)] == texts_to(
        fake_bot_api, PRACTITIONER
    )
    sent = invite_sent_to(fake_bot_api, PERSON)
    assert NUDGES.checkin_invite.standard == sent["text"]
    await say(app, PERSON, f"/start {token_of(sent)}")
    participant = await svc(app).store.participant_for_chat(PERSON)
    assert "checkin" == participant.current_timepoint
    assert None is not await svc(app).store.load_session(participant.id, "checkin")


async def test_checkin_refused_when_no_one_joined_or_contact_is_unsafe(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """No chat to send to, or contact flagged unsafe: nothing reaches the person and staff
    are told why."""
    await svc(app).store.create_case("Police", "North", "NOT-JOINED-1")
    await say(app, PRACTITIONER, "/checkin NOT-JOINED-1")
    case = await case_with_person(app)
    before = len(texts_to(fake_bot_api, PERSON))
    await record(app, PERSON, ContactUnsafe("start"))
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    assert [
        staff_text("checkin.not_joined", ref="NOT-JOINED-1"),
        staff_text("checkin.unsafe", ref=case.local_ref),
    ] == texts_to(fake_bot_api, PRACTITIONER)
    assert before == len(texts_to(fake_bot_api, PERSON))
    assert [] == await svc(app).store.audit.entries(case.id, "invite_created")


async def test_checkin_for_another_organisations_case_is_refused(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A practitioner cannot send a check-in for another organisation's case."""
    case = await case_with_person(app)
    before = len(texts_to(fake_bot_api, PERSON))
    await say(app, OTHER_PRACTITIONER, f"/checkin {case.local_ref}")
    expected = [staff_text("refused.no_such_case", ref=case.local_ref, command="checkin")]
    assert expected == texts_to(fake_bot_api, OTHER_PRACTITIONER)
    assert before == len(texts_to(fake_bot_api, PERSON))


async def close_with(
    app: Application, fake: FakeBotApi, ref: str, last: str, capacity: str = "No"
) -> None:
    await say(app, HUB_USER, f"/close {ref}")
    await tap_label(app, fake, HUB_USER, "Risk reduced")
    await tap_label(app, fake, HUB_USER, capacity)
    await tap_label(app, fake, HUB_USER, last)


async def test_close_records_fields_then_sends_the_end_invite(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/close: risk and capacity from buttons, then the end invite reaches the person; its
    link opens the end-of-case questions. Every staff button tap was answered."""
    case = await case_with_person(app)
    await close_with(app, fake_bot_api, case.local_ref, "Send the end-of-case questions")
    closed = await svc(app).store.cases.by_id(case.id)
    assert ("closed", "reduced", "no", None) == (
        closed.state, closed.sg2e_risk_outcome, closed.sg3a_capacity, closed.no_end_survey_reason
    )  # fmt: skip
    sent = invite_sent_to(fake_bot_api, PERSON)
    assert NUDGES.end_invite.standard == sent["text"]
    told = staff_text("close.end_sent", kind="person", ref=case.local_ref)
    assert told in texts_to(fake_bot_api, HUB_USER)[-1]
    assert 3 == len(fake_bot_api.calls("answerCallbackQuery"))
    await say(app, PERSON, f"/start {token_of(sent)}")
    participant = await svc(app).store.participant_for_chat(PERSON)
    assert "end" == participant.current_timepoint


@pytest.mark.parametrize(
    ("label", "reason"),
    [("Person declined", "declined"), ("Lacks capacity", "lacks_capacity")],
)
async def test_close_with_a_reason_sends_nothing_to_the_person(
    app: Application, fake_bot_api: FakeBotApi, label: str, reason: str
) -> None:
    """Choosing a reason instead of the end invite records it and contacts no one."""
    case = await case_with_person(app)
    before = len(texts_to(fake_bot_api, PERSON))
    await close_with(app, fake_bot_api, case.local_ref, label, capacity="Yes, lacked capacity")
    assert reason == (await svc(app).store.cases.by_id(case.id)).no_end_survey_reason
    assert before == len(texts_to(fake_bot_api, PERSON))


async def test_close_asking_to_send_when_contact_is_unsafe_records_why_not(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Asked to send the end invite but contact is flagged unsafe: nothing is sent, the case
    is closed with 'unsafe to contact' and staff are told."""
    case = await case_with_person(app)
    await record(app, PERSON, ContactUnsafe("start"))
    before = len(texts_to(fake_bot_api, PERSON))
    await close_with(app, fake_bot_api, case.local_ref, "Send the end-of-case questions")
    closed = await svc(app).store.cases.by_id(case.id)
    assert "unsafe_to_contact" == closed.no_end_survey_reason
    assert before == len(texts_to(fake_bot_api, PERSON))
    assert staff_text("close.unsafe") in texts_to(fake_bot_api, HUB_USER)[-1]


async def test_close_undelivered_end_invite_records_no_contact(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The person blocked the bot: delivery fails, the reason 'no contact' is recorded."""
    case = await case_with_person(app)
    await say(app, HUB_USER, f"/close {case.local_ref}")
    await tap_label(app, fake_bot_api, HUB_USER, "Risk removed")
    await tap_label(app, fake_bot_api, HUB_USER, "Not known")
    fake_bot_api.fail("sendMessage", "403")
    await tap_label(app, fake_bot_api, HUB_USER, "Send the end-of-case questions")
    closed = await svc(app).store.cases.by_id(case.id)
    assert ("removed", "not_known", "no_contact") == (
        closed.sg2e_risk_outcome, closed.sg3a_capacity, closed.no_end_survey_reason
    )  # fmt: skip
    assert staff_text("close.undelivered") in texts_to(fake_bot_api, HUB_USER)[-1]


async def test_closing_a_closed_case_says_so(app: Application, fake_bot_api: FakeBotApi) -> None:
    """/close on a case that is already closed asks nothing and changes nothing."""
    case = await case_with_person(app)
    await svc(app).store.cases.close(case.local_ref, no_end_survey_reason="declined")
    await say(app, HUB_USER, f"/close {case.local_ref}")
    assert [staff_text("close.not_open", ref=case.local_ref, state="closed")] == texts_to(
        fake_bot_api, HUB_USER
    )


async def test_a_forwarded_checkin_link_does_not_work_from_another_chat(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The check-in link sent into the person's chat, opened from another account, gets the
    plain "link not working" reply: nothing joins, no question and none of the person's
    outcomes is shown there, the refusal is audited against the case (no chat id) and the
    hub alert chat is told which case (and how to make a link for a new phone). The
    person's own chat can still use it."""
    case = await case_with_person(app)
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    token = token_of(invite_sent_to(fake_bot_api, PERSON))
    await say(app, STRANGER, f"/start {token}")
    assert [load_words("en").link_not_working.standard] == texts_to(fake_bot_api, STRANGER)
    store = svc(app).store
    assert None is await store.participant_for_chat(STRANGER)
    refusals = await store.audit.entries(action="invite_refused")
    assert [(case.id, {"reason": "another_chat"})] == [(e.case_id, e.detail) for e in refusals]
    note = staff_text("invite.another_chat", ref=case.local_ref, organisation=case.organisation)
    assert [note] == texts_to(fake_bot_api, HUB_CHAT)
    await say(app, PERSON, f"/start {token}")
    assert "checkin" == (await store.participant_for_chat(PERSON)).current_timepoint
