"""One chat in two cases (an advocate helping two people, say), through Telegram updates on
a real store: the first case's questions stay in the chat above the second's, and their
buttons must never answer the second case's questions, even where the step numbers match;
and a plain /start (as a reminder asks) reaches whichever case still has questions open.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from telegram.ext import Application

from bot.transport_words import load_words
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person, buttons_of
from tests.telegram.journey_script import start_survey
from tests.telegram.staff_setup import svc
from tests.telegram.updates import button, feed

CHAT = 64730001
WORDS = load_words("en")
TWO_HOURS = 2 * 60 * 60


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


async def in_two_cases(app: Application, fake: FakeBotApi) -> tuple[Person, dict[str, Any]]:
    """The chat reaches case A's safety question, then joins case B (two hours later, as
    the message dates show) and reaches B's safety question, at the same step number.
    Returns the person and A's safety question as the chat still shows it."""
    store = svc(app).store
    first = await store.create_case("Police", "North", "REF-A")
    second = await store.create_case("Police", "North", "REF-B")
    person = Person(app, fake, CHAT)
    await person.up_to_safety(first.person_token)
    earlier = {**person.keyboard()}
    earlier["date"] -= TWO_HOURS  # sent before the chat joined case B
    await person.up_to_safety(second.person_token)
    return person, earlier


def data_for(sent: dict[str, Any], label: str) -> str:
    return next(b["callback_data"] for b in buttons_of(sent) if b["text"] == label)


async def answers_by_case(app: Application) -> list[tuple[str, str, str]]:
    rows = svc(app).store.export_answers()
    return [(r.case_ref, r.measure, r.value) async for r in rows]


async def test_the_first_cases_button_does_not_answer_the_second_case(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Tapping "As safe as I want" under case A's question records nothing (before: it was
    saved as case B's safety answer, because both questions had the same step number); the
    chat gets the plain stale-button reply and B's current question."""
    person, earlier = await in_two_cases(app, fake_bot_api)
    sends = len(fake_bot_api.calls("sendMessage"))
    safest = CONTENT.questions["safety"].options[0].label.standard
    await feed(app, button(CHAT, data_for(earlier, safest), earlier))
    assert [] == await answers_by_case(app)
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [WORDS.stale_button.standard, CONTENT.questions["safety"].text.standard] == new_texts
    await person.tap_text(safest)  # B's own question still answers B
    assert [("REF-B", "safety", "4")] == await answers_by_case(app)


async def test_hide_under_the_first_cases_question_still_clears_the_chat(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """ "Hide this chat" is honoured from any message's buttons, the other case's too."""
    _, earlier = await in_two_cases(app, fake_bot_api)
    sends = len(fake_bot_api.calls("sendMessage"))
    await feed(app, button(CHAT, data_for(earlier, CONTENT.labels.hide.standard), earlier))
    assert sends == len(fake_bot_api.calls("sendMessage"))
    deleted = {i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]}
    assert {m["message_id"] for m in fake_bot_api.sent} <= deleted


async def test_a_message_sent_within_a_minute_of_joining_is_not_refused(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Telegram's clock may run a little behind ours: B's own question, dated up to a
    minute before B's joining time, still takes its answer."""
    person, _ = await in_two_cases(app, fake_bot_api)
    current = {**person.keyboard()}
    current["date"] = int(time.time()) - 50
    safest = CONTENT.questions["safety"].options[0].label.standard
    await feed(app, button(CHAT, data_for(current, safest), current))
    assert [("REF-B", "safety", "4")] == await answers_by_case(app)


async def test_start_carries_on_with_the_case_whose_questions_are_still_open(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The advocate paused case B, then joined case A and finished it. A reminder for B says
    "send /start": /start now carries on with B (welcome back, then B's question; before:
    only "you have already answered these questions", so B could not be finished), and the
    next answer is saved to B."""
    store = svc(app).store
    second = await store.create_case("Police", "North", "REF-B")
    first = await store.create_case("Police", "North", "REF-A")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(second.person_token)
    await person.type("/pause")
    await start_survey(person, first.person_token, "standard", "self")
    sends = len(fake_bot_api.calls("sendMessage"))
    await person.type("/start")
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    safety = CONTENT.questions["safety"].text.standard
    assert [CONTENT.messages.resumed.standard, safety] == new_texts
    await person.choose("safety", "2")
    assert ("REF-B", "safety", "2") in await answers_by_case(app)


async def test_start_stays_with_a_finished_case_when_nothing_else_is_open(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """With every case's questions answered, /start says they are answered, as before."""
    first = await svc(app).store.create_case("Police", "North", "REF-A")
    person = Person(app, fake_bot_api, CHAT)
    await start_survey(person, first.person_token, "standard", "self")
    await person.type("/start")
    assert CONTENT.messages.finished_already.standard == person.texts()[-1]
