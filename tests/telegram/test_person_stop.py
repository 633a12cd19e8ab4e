"""Stopping taking part, through Telegram updates on a real store: the answers are erased
and, with them, the log of the chat's messages that "hide this chat" works from. So the
chat is cleared as the person stops, before the goodbye."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.ext import Application

from bot.transport_words import load_words
from storage.errors import IntegrityProblem
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person
from tests.telegram.staff_setup import svc
from tests.telegram.updates import feed, message

CHAT = 64760001
STOPPED = CONTENT.messages.stopped.standard
WORDS = load_words("en")


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


def deleted(fake: FakeBotApi) -> set[int]:
    return {i for call in fake.calls("deleteMessages") for i in call["message_ids"]}


async def joined(app: Application, fake: FakeBotApi, ref: str) -> tuple[Person, set[int]]:
    """Someone who joined case ``ref`` and typed an answer to the safety question; the ids
    of the messages they sent."""
    new = await svc(app).store.create_case("Police", "North", ref)
    person = Person(app, fake, CHAT)
    first = message(CHAT, f"/start {new.person_token}")
    await feed(app, first)
    await person.choose("safe_to_talk", "yes")
    await person.next()
    await person.choose("consent", "yes")
    await person.choose("how_to_ask", "standard")
    await person.choose("who_answering", "self")
    typed = message(CHAT, "3")
    await feed(app, typed)
    return person, {first["message"]["message_id"], typed["message"]["message_id"]}


async def stop(person: Person) -> dict[str, Any]:
    stop_command = message(CHAT, "/stop")
    await feed(person.app, stop_command)
    await person.tap_text(CONTENT.labels.confirm_stop.standard)
    return stop_command


async def test_stopping_clears_the_chat_then_says_goodbye(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Confirming "stop and delete" deletes every message of the chat, the person's typed
    answer and /stop included (before: all stayed, and a later /hide only got "you need a
    link", the log being erased); then the goodbye is the one message left."""
    person, typed = await joined(app, fake_bot_api, "REF-S1")
    stop_command = await stop(person)
    bot_before_goodbye = {m["message_id"] for m in fake_bot_api.sent[:-1]}
    assert bot_before_goodbye | typed | {stop_command["message"]["message_id"]} <= deleted(
        fake_bot_api
    )
    assert STOPPED == person.texts()[-1]
    assert fake_bot_api.sent[-1]["message_id"] not in deleted(fake_bot_api)
    assert [] == [row async for row in svc(app).store.export_answers()]
    assert "deleteMessages" == [m for m in fake_bot_api.methods() if m != "getMe"][-2]


async def test_an_advocate_stopping_one_case_keeps_the_other_cases_questions(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The chat is also in another case (an advocate's): stopping the most recent one
    leaves the chat as it is, since the other case's questions are still in use."""
    await joined(app, fake_bot_api, "REF-S2")
    person, _ = await joined(app, fake_bot_api, "REF-S3")
    await stop(person)
    assert [] == fake_bot_api.calls("deleteMessages")
    assert STOPPED == person.texts()[-1]


async def test_stopping_while_the_store_is_failing_is_told_it_did_not_save(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message log cannot be read as the person confirms stopping (the store is
    failing): they are told it did not save, as for any answer, and nothing is erased."""
    person, _ = await joined(app, fake_bot_api, "REF-S5")
    store = svc(app).store

    async def unreadable(*args: object, **kwargs: object) -> None:
        raise IntegrityProblem("unreadable")

    await feed(app, message(CHAT, "/stop"))
    monkeypatch.setattr(store.messages, "for_chat_with_times", unreadable)
    monkeypatch.setattr(store, "save_turn", unreadable)
    await person.tap_text(CONTENT.labels.confirm_stop.standard)
    assert WORDS.not_saved.standard == person.texts()[-1]
    assert [] == fake_bot_api.calls("deleteMessages")
