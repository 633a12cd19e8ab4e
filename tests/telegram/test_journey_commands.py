"""The person's commands through Telegram updates: /help, /repeat, /back, /skip and
/language, on a bot that has both shipped languages; what is stored afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.profile import person_commands
from bot.transport_words import load_words
from dialogs.content import CONTENT_ROOT, load_language
from storage import generate_key
from storage.store import Store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person, collect_errors, option_label
from tests.telegram.staff_setup import settings_for, started, stopped, svc

CHAT = 64600001
POLISH = load_language(CONTENT_ROOT / "pl")
MESSAGES, QUESTIONS = CONTENT.messages, CONTENT.questions


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    """The person's, staff and alert handlers with English and Polish content."""
    catalogue = {"en": CONTENT, "pl": POLISH}
    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api,
                                catalogue=catalogue)  # fmt: skip
    errors = collect_errors(application)
    yield application
    await stopped(application)
    assert [] == errors  # no handler raised


@pytest.fixture
async def person(app: Application, fake_bot_api: FakeBotApi) -> Person:
    """Someone who has joined and is at the safety question (standard wording)."""
    store: Store = svc(app).store
    new = await store.create_case("Police", "North", "REF-C1")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(new.person_token)
    return person


def sent_since(person: Person, count: int) -> list[str]:
    return person.texts()[count:]


async def stored(app: Application) -> list[tuple[str, str, str]]:
    rows = [row async for row in svc(app).store.export_answers()]
    return [(r.measure, r.value, r.language) for r in rows if r.measure != "outcomes"]


async def test_help_and_repeat_show_the_question_again_and_store_nothing(
    app: Application, person: Person
) -> None:
    """/help lists the commands, then asks the same question; /repeat asks it again with
    fresh buttons (the old ones are then refused as stale); nothing is stored."""
    before = len(person.texts())
    old_keyboard = person.keyboard()
    await person.type("/help")
    await person.type("/repeat")
    safety = QUESTIONS["safety"].text.standard
    assert [MESSAGES.help.standard, safety, safety] == sent_since(person, before)
    await person.tap_text(option_label(QUESTIONS["safety"], "4").standard, old_keyboard)
    assert load_words("en").stale_button.standard == person.texts()[-2]
    assert [] == await stored(app)


async def test_back_lets_the_person_change_an_answer(app: Application, person: Person) -> None:
    """/back from the outcomes question returns to safety; the new answer is the one kept
    as the latest."""
    await person.choose("safety", "3")
    await person.type("/back")
    assert QUESTIONS["safety"].text.standard == person.keyboard()["text"]
    await person.choose("safety", "2")
    assert ("safety", "2", "en") == (await stored(app))[-1]
    assert QUESTIONS["outcomes"].text.standard == person.keyboard()["text"]


async def test_skip_moves_on_and_stores_no_answer(app: Application, person: Person) -> None:
    """/skip at the safety question: told it was skipped, asked the next question; no
    safety answer is stored."""
    before = len(person.texts())
    await person.type("/skip")
    expected = [MESSAGES.skipped.standard, QUESTIONS["outcomes"].text.standard]
    assert expected == sent_since(person, before)
    assert [] == [row for row in await stored(app) if row[0] == "safety"]


def chat_menus(fake_bot_api: FakeBotApi) -> list[tuple[int, list[dict]]]:
    """(chat id, commands) of every command menu set for one chat."""
    return [
        (r.params["scope"]["chat_id"], r.params["commands"])
        for r in fake_bot_api.requests
        if r.method == "setMyCommands" and "scope" in r.params
    ]


async def test_language_changes_the_questions_and_the_stored_language(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """/language pl: confirmed and asked in Polish, and the chat's own command menu turns
    Polish; the answer is stored as given in Polish. An unknown language is not understood
    and nothing changes."""
    await person.type("/language xx")
    assert MESSAGES.reask.standard == person.texts()[-2]
    assert [] == chat_menus(fake_bot_api)
    before = len(person.texts())
    await person.type("/language pl")
    assert [POLISH.messages.language_changed.standard,
            POLISH.questions["safety"].text.standard] == sent_since(person, before)  # fmt: skip
    polish_menu = [command.to_dict() for command in person_commands("pl")]
    assert [(CHAT, polish_menu)] == chat_menus(fake_bot_api)
    label = next(o.label.standard for o in POLISH.questions["safety"].options if o.value == "4")
    await person.tap_text(label)
    assert [("safety", "4", "pl")] == await stored(app)
