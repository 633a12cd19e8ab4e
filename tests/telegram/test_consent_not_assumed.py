"""Consent is never assumed at a check-in or the end. Someone who said no to taking part is
not sent a check-in or the end questions (staff are told why; closing records 'declined');
someone who was never asked (they stopped before the question) is asked it when they open a
check-in; someone who said yes is not asked again. Before, every check-in and end survey
began as if consent had been given, and answers were stored without it."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from dialogs.content import CONTENT_ROOT, load_language
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
from tests.telegram.test_staff_close_checkin import close_with, invite_sent_to, token_of

CONTENT = load_language(CONTENT_ROOT / "en")
CONSENT = CONTENT.questions["consent"]


def option(question_id: str, value: str) -> str:
    question = CONTENT.questions[question_id]
    return next(o.label.standard for o in question.options if o.value == value)


async def answer_consent(app: Application, fake: FakeBotApi, value: str) -> None:
    """From the first question to the consent question's answer, in the person's chat."""
    await tap_label(app, fake, PERSON, option("safe_to_talk", "yes"))
    await tap_label(app, fake, PERSON, CONTENT.labels.next.standard)
    await tap_label(app, fake, PERSON, option("consent", value))


def asked_consent(fake: FakeBotApi, since: int) -> bool:
    consent_label = option("consent", "yes")
    return any(
        b["text"] == consent_label
        for m in fake.sent[since:] if m["chat"]["id"] == PERSON and "reply_markup" in m
        for row in m["reply_markup"]["inline_keyboard"] for b in row
    )  # fmt: skip


async def test_no_checkin_or_end_questions_after_saying_no(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """After 'No, I do not agree', /checkin sends nothing and says why; /close asking for
    the end questions sends nothing and records 'declined'."""
    case = await case_with_person(app)
    await answer_consent(app, fake_bot_api, "no")
    person = await svc(app).store.participant_for_chat(PERSON)
    assert False is await svc(app).store.latest_consent(person.id)
    before = len(texts_to(fake_bot_api, PERSON))
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    said = staff_text("checkin.declined", ref=case.local_ref)
    assert said == texts_to(fake_bot_api, PRACTITIONER)[-1]
    await close_with(app, fake_bot_api, case.local_ref, staff_text("buttons.send_end_invite"))
    assert before == len(texts_to(fake_bot_api, PERSON))
    closed = await svc(app).store.cases.get(case.local_ref)
    assert ("closed", "declined") == (closed.state, closed.no_end_survey_reason)


async def test_never_asked_is_asked_at_the_checkin(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The person joined but stopped at the first question: the check-in they open asks
    the consent question before any check-in question is answered."""
    case = await case_with_person(app)
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    since = len(fake_bot_api.sent)
    await say(app, PERSON, f"/start {token_of(invite_sent_to(fake_bot_api, PERSON))}")
    await tap_label(app, fake_bot_api, PERSON, option("safe_to_talk", "yes"))
    await tap_label(app, fake_bot_api, PERSON, CONTENT.labels.next.standard)
    assert True is asked_consent(fake_bot_api, since)


async def test_yes_at_the_start_is_not_asked_again(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """After 'Yes, I agree' at the start, the check-in does not ask consent again."""
    case = await case_with_person(app)
    await answer_consent(app, fake_bot_api, "yes")
    await say(app, PRACTITIONER, f"/checkin {case.local_ref}")
    since = len(fake_bot_api.sent)
    await say(app, PERSON, f"/start {token_of(invite_sent_to(fake_bot_api, PERSON))}")
    await tap_label(app, fake_bot_api, PERSON, option("safe_to_talk", "yes"))
    assert False is asked_consent(fake_bot_api, since)
    assert True is await svc(app).store.latest_consent(
        (await svc(app).store.participant_for_chat(PERSON)).id
    )
