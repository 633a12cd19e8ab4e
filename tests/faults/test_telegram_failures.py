"""Telegram answering 429, 400, 403 or timing out: the bot retries within bounds, tells staff
when a person could not be reached, and loses no answer.

The bot runs with the production rate limiter (``PerChatRateLimiter``, bounded retries;
its per-chat pace is raised so the tests do not wait a second per message). The person
has answered up to the safety question; failures are then set on the next sends.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot import rate_limit
from bot.reminders import remind, sweep
from bot.staff_words import staff_text
from storage import generate_key, open_store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person
from tests.telegram.staff_setup import (
    HUB_CHAT,
    HUB_USER,
    add_staff,
    case_with_person,
    say,
    settings_for,
    started,
    stopped,
)
from tests.telegram.staff_setup import svc as services

PERSON = 64600001
OUTCOMES_QUESTION = CONTENT.questions["outcomes"].text.standard


@pytest.fixture
async def app(
    tmp_path: Path, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Application]:
    monkeypatch.setattr(rate_limit, "PRIVATE_CHAT_PER_SECOND", 1000)
    monkeypatch.setattr(rate_limit, "NETWORK_RETRY_PAUSE", 0.01)
    settings, limiter = settings_for(tmp_path, generate_key()), rate_limit.PerChatRateLimiter()
    application = await started(settings, fake_bot_api, rate_limiter=limiter)
    await add_staff(application)
    yield application
    await stopped(application)


@pytest.fixture
async def person(app: Application, fake_bot_api: FakeBotApi) -> Person:
    """A person who has joined and is being asked how safe they feel."""
    new = await services(app).store.create_case("Police", "North", "TF-1")
    person = Person(app, fake_bot_api, PERSON)
    await person.up_to_safety(new.person_token)
    return person


async def safety_answers(app: Application) -> list[str]:
    case = await services(app).store.cases.get("TF-1")
    stored = await services(app).store.answers.for_case(case.id)
    return [a.value for a in stored if a.measure == "safety"]


def attempts_to_ask_outcomes(fake: FakeBotApi) -> int:
    return sum(OUTCOMES_QUESTION in c.get("text", "") for c in fake.calls("sendMessage"))


@pytest.mark.parametrize("kind", ["429", "timeout"])
async def test_a_failed_send_of_the_next_question_is_retried_and_the_answer_saved_once(
    app: Application, fake_bot_api: FakeBotApi, person: Person, kind: str
) -> None:
    """429 (retry_after 0) or a timeout on the next question, twice: the bot tries a third
    time and the question arrives; the answer is stored once."""
    fake_bot_api.fail("sendMessage", kind, times=2, retry_after=0)
    await person.choose("safety", "3")
    assert ["3"] == await safety_answers(app)
    assert 3 == attempts_to_ask_outcomes(fake_bot_api)
    assert OUTCOMES_QUESTION in fake_bot_api.sent[-1]["text"]


async def test_a_429_waits_the_time_telegram_gives(
    app: Application, fake_bot_api: FakeBotApi, person: Person
) -> None:
    """retry_after 1: the retry comes at least a second later."""
    fake_bot_api.fail("sendMessage", "429", retry_after=1)
    began = time.monotonic()
    await person.choose("safety", "2")
    assert time.monotonic() - began >= 1.0
    assert ["2"] == await safety_answers(app)
    assert 2 == attempts_to_ask_outcomes(fake_bot_api)


@pytest.mark.parametrize("kind", ["429", "timeout", "400"])
async def test_when_sending_gives_up_the_answer_is_kept_and_the_question_comes_back(
    app: Application, fake_bot_api: FakeBotApi, person: Person, kind: str
) -> None:
    """A send that keeps failing (past the retry bound; a 400 at once): no endless retrying,
    the answer stays saved once, and the person's next message brings the question."""
    fails = rate_limit.MAX_RETRIES + 1
    fake_bot_api.fail("sendMessage", kind, times=fails, retry_after=0)
    await person.choose("safety", "4")
    expected_attempts = 1 if kind == "400" else fails
    assert expected_attempts == attempts_to_ask_outcomes(fake_bot_api)
    assert ["4"] == await safety_answers(app)
    fake_bot_api._failures["sendMessage"].clear()  # Telegram works again
    await person.type("/start")
    assert OUTCOMES_QUESTION in fake_bot_api.sent[-1]["text"]
    assert ["4"] == await safety_answers(app)


async def test_a_tap_whose_callback_answer_times_out_once_is_still_recorded(
    app: Application, fake_bot_api: FakeBotApi, person: Person
) -> None:
    """answerCallbackQuery times out once: retried, and the choice is saved."""
    fake_bot_api.fail("answerCallbackQuery", "timeout")
    await person.choose("safety", "1")
    assert ["1"] == await safety_answers(app)
    assert set(person.taps) == {c["callback_query_id"] for c in fake_bot_api.calls(
        "answerCallbackQuery")}  # fmt: skip


async def test_checkin_to_a_person_who_blocked_the_bot_tells_staff(
    app: Application, fake_bot_api: FakeBotApi, person: Person
) -> None:
    """/checkin when Telegram answers 403 (bot blocked by the user): one attempt, and the
    staff member is told the check-in could not be delivered."""
    fake_bot_api.fail("sendMessage", "403")
    await say(app, HUB_USER, "/checkin TF-1")
    to_person = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == PERSON]
    assert 1 == sum("url" in str(c.get("reply_markup", "")) for c in to_person)  # tried once
    told = fake_bot_api.sent[-1]
    assert HUB_USER == told["chat"]["id"]
    assert staff_text("checkin.undelivered", kind="person") == told["text"]


async def test_a_reminder_to_a_person_who_blocked_the_bot_tells_the_hub(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    """A reminder answered 403: no retry, no further reminder, the hub alert chat is told
    the case (reference and organisation, nobody's words or ids) and it is audited."""
    settings = settings_for(tmp_path, generate_key())
    noon = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    clock = {"now": noon}
    async with open_store(settings.database_path, settings.data_key.get_secret_value(),
                          clock=lambda: clock["now"]) as store:  # fmt: skip
        app = await started(settings, fake_bot_api, store)
        case = await case_with_person(app, "TF-R")
        clock["now"] = noon + timedelta(hours=25)
        [reminder_id] = await sweep(app, clock["now"])
        fake_bot_api.fail("sendMessage", "403")
        assert False is await remind(app, reminder_id, clock["now"])
        clock["now"] = noon + timedelta(hours=80)
        assert [] == await sweep(app, clock["now"])
        audit = [e.action for e in await store.audit.entries(case.id)]
        await stopped(app)
    to_hub = [c["text"] for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == HUB_CHAT]
    expected = staff_text("reminder.unreachable", ref="TF-R", organisation="Police",
                          kind="person")  # fmt: skip
    assert [expected] == to_hub
    assert 1 == audit.count("person_unreachable")
