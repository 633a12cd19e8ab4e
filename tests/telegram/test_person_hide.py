"""Hiding the chat as a person in a hurry does it, through Telegram updates on a real store:
from an earlier question's buttons, twice in a row, while the store cannot save, and when
Telegram refuses the deletion. Each time the chat is cleared and nothing new is sent into it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from storage.errors import IntegrityProblem
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person, buttons_of
from tests.telegram.staff_setup import svc
from tests.telegram.updates import button, feed, message

CHAT = 64710001
HIDE = CONTENT.labels.hide.standard


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


@pytest.fixture
async def person(app: Application, fake_bot_api: FakeBotApi) -> Person:
    """Someone who has joined and is at the safety question (standard wording)."""
    new = await svc(app).store.create_case("Police", "North", "REF-H1")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(new.person_token)
    return person


def deleted(fake: FakeBotApi) -> set[int]:
    return {i for call in fake.calls("deleteMessages") for i in call["message_ids"]}


def bot_messages(fake: FakeBotApi) -> set[int]:
    return {m["message_id"] for m in fake.sent if m["chat"]["id"] == CHAT}


async def tap_on(app: Application, sent: dict[str, Any], label: str) -> None:
    data = next(b["callback_data"] for b in buttons_of(sent) if b["text"] == label)
    await feed(app, button(CHAT, data, sent))


async def stored(app: Application) -> list[tuple[str, str]]:
    return [(r.measure, r.value) async for r in svc(app).store.export_answers()]


async def test_hide_on_an_earlier_questions_buttons_clears_the_chat(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """The safety question is answered by typing, so its buttons stay on screen; tapping
    its "Hide this chat" later deletes every message and sends nothing (before: "That
    button was for an earlier question" and the question again, into the chat being hidden).
    The answer stays saved."""
    earlier = person.keyboard()
    await person.type("3")
    sends = len(fake_bot_api.calls("sendMessage"))
    await tap_on(app, earlier, HIDE)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert bot_messages(fake_bot_api) <= deleted(fake_bot_api)
    assert [("safety", "2")] == await stored(app)  # the third option, typed


async def test_pause_on_an_earlier_questions_buttons_pauses(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """ "Pause" tapped under an earlier question pauses the survey (it is not about one
    question), instead of sending the current question again."""
    earlier = person.keyboard()
    await person.type("3")
    sends = len(fake_bot_api.calls("sendMessage"))
    await tap_on(app, earlier, CONTENT.labels.pause.standard)
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [CONTENT.messages.paused.standard] == new_texts


async def test_hide_pressed_twice_deletes_once_and_sends_nothing(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """A double tap on "Hide this chat": the chat is cleared by the first, the second finds
    nothing left to delete, and nothing is sent either time; the tapped message is not
    edited first (its buttons removed) only to be deleted, which held the deletion up by a
    second of the chat's rate limit."""
    question = person.keyboard()
    sends = len(fake_bot_api.calls("sendMessage"))
    await tap_on(app, question, HIDE)
    await tap_on(app, question, HIDE)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert 1 == len(fake_bot_api.calls("deleteMessages"))
    assert bot_messages(fake_bot_api) <= deleted(fake_bot_api)
    hide_edits = [c for c in fake_bot_api.calls("editMessageReplyMarkup")
                  if c["message_id"] == question["message_id"]]  # fmt: skip
    assert [] == hide_edits  # no edit of a message about to go: each waits its turn (1/s)


async def test_hide_clears_the_chat_even_when_the_store_cannot_save(
    app: Application, person: Person, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk is full: the /hide request cannot be saved, nor its message remembered.
    The chat is still cleared, the /hide message too, and no "did not save" is put into it
    (before: only "Sorry, that did not save", and every message stayed)."""

    async def broken(*args: object, **kwargs: object) -> None:
        raise IntegrityProblem("disk full")

    monkeypatch.setattr(svc(app).store, "save_turn", broken)
    monkeypatch.setattr(svc(app).store.messages, "remember", broken)
    monkeypatch.setattr(svc(app).store.messages, "remember_many", broken)
    sends = len(fake_bot_api.calls("sendMessage"))
    hide = message(CHAT, "/hide")
    await feed(app, hide)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert bot_messages(fake_bot_api) | {hide["message"]["message_id"]} <= deleted(fake_bot_api)


async def test_a_refused_deletion_is_tried_again_at_the_next_hide(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """Telegram refuses the deletion (403, then 400 "message can't be deleted"): nothing is
    sent into the chat, and the next hide asks for the same messages again."""
    sends = len(fake_bot_api.calls("sendMessage"))
    fake_bot_api.fail("deleteMessages", "403")
    await person.type("/hide")
    fake_bot_api.fail("deleteMessages", "400", description="Bad Request: message can't be deleted")
    await person.type("/hide")
    await person.type("/hide")
    first, second, third = (set(c["message_ids"]) for c in fake_bot_api.calls("deleteMessages"))
    assert bot_messages(fake_bot_api) <= first <= second <= third
    assert sends == len(fake_bot_api.calls("sendMessage"))
    no_ids: list[int] = []
    assert no_ids == await svc(app).store.messages.for_chat(CHAT)


async def test_a_refused_link_in_a_case_chat_is_hidden_with_the_rest(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """Someone already in a case taps a link that does not work (an old one): the /start
    and the "this link does not work" reply are cleared by "hide this chat" too (before:
    neither was remembered, so both stayed in the hidden chat)."""
    refused = message(CHAT, "/start not-a-real-link")
    await feed(app, refused)
    await person.type("/hide")
    assert bot_messages(fake_bot_api) | {refused["message"]["message_id"]} <= deleted(fake_bot_api)


async def test_hide_sent_while_an_answer_is_being_saved_clears_that_answers_messages(
    app: Application, person: Person, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tap and, a moment later, /hide arrive together and the tap's turn is slow to save:
    updates from one chat are handled in order, so the hide waits for the answer to be
    saved and its next question sent, then deletes that too. Nothing is left in the chat
    and the answer is saved."""
    store = svc(app).store
    save_turn, calls = store.save_turn, []

    async def slow_save(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:  # the tap's turn; the hide's is not held up
            await asyncio.sleep(0.2)
        return await save_turn(*args, **kwargs)

    monkeypatch.setattr(store, "save_turn", slow_save)
    question = person.keyboard()
    tap = Update.de_json(button(CHAT, buttons_of(question)[0]["callback_data"], question), app.bot)
    hide = Update.de_json(message(CHAT, "/hide"), app.bot)
    processor = app.update_processor
    await asyncio.gather(*(processor.process_update(u, app.process_update(u)) for u in (tap, hide)))
    assert bot_messages(fake_bot_api) <= deleted(fake_bot_api)
    assert [("safety", "4")] == await stored(app)


async def answer_up_to_how_will_we_know(person: Person) -> None:
    await person.type("3")
    await person.tap_text("Feel safe at home")
    await person.tap_text(CONTENT.labels.done.standard)


@pytest.mark.parametrize("typed", ["hide", "Hide!", "Hide this chat", "🙈 Hide chat"])
async def test_hide_typed_at_a_free_text_question_hides(
    app: Application, person: Person, fake_bot_api: FakeBotApi, typed: str
) -> None:
    """At "how will you know things are better?" the person types "hide" (or the button's
    words): the chat is cleared and nothing is saved as their answer (before: "hide" was
    saved as the answer, the survey ended, and every message stayed)."""
    await answer_up_to_how_will_we_know(person)
    sends = len(fake_bot_api.calls("sendMessage"))
    await person.type(typed)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert bot_messages(fake_bot_api) <= deleted(fake_bot_api)
    assert [("safety", "2")] == await stored(app)


async def test_hide_typed_after_the_last_question_hides(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """Once the survey is finished, typed "Hide this chat" clears the chat (before: only
    "you have already answered these questions")."""
    await answer_up_to_how_will_we_know(person)
    await person.type("CANARY we will know 5512")
    await person.type("Hide this chat")
    assert bot_messages(fake_bot_api) <= deleted(fake_bot_api)


async def test_an_answer_that_mentions_hiding_is_an_answer(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """Words that only mention hiding are the person's answer, saved as such."""
    await answer_up_to_how_will_we_know(person)
    await person.type("CANARY I will not need to hide 5513")
    assert [] == fake_bot_api.calls("deleteMessages")
    assert ("how_will_we_know", "text") in await stored(app)
