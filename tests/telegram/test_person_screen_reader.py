"""The screen-reader way of asking through Telegram updates: every choice is read back in
a normal message (screen readers do not announce a button's pop-up), also when the answer
is dictated as a number in words, as dictation often writes it."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.transport_words import load_words
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person
from tests.telegram.staff_setup import svc

CHAT = 64780001
YOU_CHOSE = load_words("en").you_chose.screen_reader
SAFETY = [option.label.screen_reader for option in CONTENT.questions["safety"].options]


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


@pytest.mark.parametrize(("said", "place"), [("2", 2), ("two", 2), ("Second.", 2), ("four", 4)])
async def test_a_choice_said_as_a_number_is_read_back(
    app: Application, fake_bot_api: FakeBotApi, said: str, place: int
) -> None:
    """At the safety question, "two" (or "2", "Second.") is read back as "You chose: ..."
    for the second option, before the next question (before: a number in words was
    recorded but never read back, so the person could not hear what was chosen)."""
    new = await svc(app).store.create_case("Police", "North", "REF-SR1")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(new.person_token, "screen_reader")
    sends = len(fake_bot_api.calls("sendMessage"))
    await person.type(said)
    first_reply = fake_bot_api.calls("sendMessage")[sends]["text"]
    assert YOU_CHOSE.replace("{label}", SAFETY[place - 1]) == first_reply.splitlines()[-1]
