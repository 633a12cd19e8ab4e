"""Controls typed instead of tapped, through Telegram updates on a real store: at a question
that takes the person's own words, "pause", "skip" or "back" (or the buttons' words) do
that, rather than being saved as the answer; words that only contain them are answers."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person
from tests.telegram.staff_setup import svc

CHAT = 64790001
MESSAGES, QUESTIONS = CONTENT.messages, CONTENT.questions


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


@pytest.fixture
async def person(app: Application, fake_bot_api: FakeBotApi) -> Person:
    """Someone at "how will you know things are better?", a question for their own words."""
    new = await svc(app).store.create_case("Police", "North", "REF-T1")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(new.person_token)
    await person.type("3")
    await person.tap_text("Feel safe at home")
    await person.tap_text(CONTENT.labels.done.standard)
    return person


async def stored(app: Application) -> list[tuple[str, str]]:
    rows = svc(app).store.export_answers()
    return [(r.measure, r.value) async for r in rows if r.measure != "outcomes"]


@pytest.mark.parametrize("typed", ["pause", "Pause.", "PAUSE"])
async def test_pause_typed_pauses(app: Application, person: Person, typed: str) -> None:
    """Typed "pause" pauses (before: saved as how they will know, and the survey ended)."""
    sends = len(person.texts())
    await person.type(typed)
    assert [MESSAGES.paused.standard] == person.texts()[sends:]
    assert [("safety", "2")] == await stored(app)


@pytest.mark.parametrize("typed", ["skip", "Skip this question"])
async def test_skip_typed_skips(app: Application, person: Person, typed: str) -> None:
    """Typed "skip" (or the screen-reader button's words) skips the question: nothing is
    saved for it (before: the word itself was saved as the answer)."""
    await person.type(typed)
    assert [("safety", "2")] == await stored(app)
    assert "how_will_we_know" not in {measure for measure, _ in await stored(app)}


async def test_back_typed_goes_back(app: Application, person: Person) -> None:
    """Typed "back" goes back to the outcomes question."""
    await person.type("back")
    assert person.texts()[-1].startswith(QUESTIONS["outcomes"].text.standard.splitlines()[0])
    assert [("safety", "2")] == await stored(app)


async def test_words_that_contain_a_control_are_an_answer(app: Application, person: Person) -> None:
    """ "CANARY when I can go back home 5514" is their answer, saved as such."""
    await person.type("CANARY when I can go back home 5514")
    assert ("how_will_we_know", "text") in await stored(app)
