"""Odd but real things a person sends instead of an answer, through Telegram updates on a
real store: a sticker, photo, file or location, and an edited message. None is met with
silence or taken as an answer (words written under a photo are read as typed words), and
each is cleared by "hide this chat"."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from telegram.ext import Application

from bot.transport_words import load_words
from tests.telegram.fake_bot_api import FakeBotApi, chat
from tests.telegram.journey_driver import CONTENT, Person
from tests.telegram.staff_setup import svc
from tests.telegram.updates import feed

CHAT = 64720001
WORDS = load_words("en")
SAFETY = CONTENT.questions["safety"].text.standard
_ids = itertools.count(1)
NOT_ANSWERS = {
    "sticker": {"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 9,
                "height": 9, "is_animated": False, "is_video": False},
    "photo": [{"file_id": "p1", "file_unique_id": "up1", "width": 9, "height": 9}],
    "location": {"latitude": 53.52, "longitude": -1.13},
    "document": {"file_id": "d1", "file_unique_id": "ud1", "file_name": "letter.pdf"},
}  # fmt: skip


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


@pytest.fixture
async def person(app: Application, fake_bot_api: FakeBotApi) -> Person:
    """Someone who has joined and is at the safety question (standard wording)."""
    new = await svc(app).store.create_case("Police", "North", "REF-O1")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(new.person_token)
    return person


def update_with(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """An update of ``kind`` ("message" or "edited_message") from the person's chat."""
    number = next(_ids)
    content = {"message_id": 60000 + number, "date": int(time.time()), "chat": chat(CHAT),
               "from": {"id": CHAT, "is_bot": False, "first_name": "Person"}, **body}  # fmt: skip
    return {"update_id": 700000 + number, kind: content}


async def stored(app: Application) -> list[tuple[str, str]]:
    return [(r.measure, r.value) async for r in svc(app).store.export_answers()]


@pytest.mark.parametrize("kind", sorted(NOT_ANSWERS))
async def test_a_sticker_photo_file_or_location_is_answered_and_hidden_later(
    app: Application, person: Person, fake_bot_api: FakeBotApi, kind: str
) -> None:
    """Instead of silence (before: no reply at all), the person is told it cannot be used
    and shown the question again; nothing is recorded; and "hide this chat" deletes it
    with the rest (before: it was never remembered, so a photo stayed in a hidden chat)."""
    sends = len(fake_bot_api.calls("sendMessage"))
    sent = update_with("message", {kind: NOT_ANSWERS[kind]})
    await feed(app, sent)
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [WORDS.cannot_use_that.standard, SAFETY] == new_texts
    assert [] == await stored(app)
    await person.type("/hide")
    deleted = {i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]}
    assert sent["message"]["message_id"] in deleted


async def test_an_edited_answer_is_not_taken_and_the_person_is_told(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """The person types "3", then edits it to "1": the first answer stays (an edit is never
    silently taken or silently dropped) and they are told to send a new message instead."""
    typed = update_with("message", {"text": "3"})
    await feed(app, typed)
    sends = len(fake_bot_api.calls("sendMessage"))
    edit = {**typed["message"], "text": "1", "edit_date": int(time.time())}
    await feed(app, {"update_id": typed["update_id"] + 50000, "edited_message": edit})
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [WORDS.edit_not_seen.standard] == new_texts
    assert [("safety", "2")] == await stored(app)  # the third option, as first typed


async def test_words_under_a_photo_are_read_like_typed_words(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """A photo captioned "he hit me again": the words are checked like typed ones, so the
    person gets the emergency signposting and the hub an alert (before: silence, and no
    alert); the photo is still cleared by "hide this chat"."""
    photo = update_with("message", {"photo": NOT_ANSWERS["photo"], "caption": "he hit me again"})
    await feed(app, photo)
    signposting = CONTENT.messages.signposting.standard
    assert signposting in [c["text"] for c in fake_bot_api.calls("sendMessage")]
    assert 1 == len(await svc(app).store.alerts.unacknowledged())
    await person.type("/hide")
    deleted = {i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]}
    assert photo["message"]["message_id"] in deleted


async def test_a_number_typed_in_reply_to_an_earlier_question_is_not_taken(
    app: Application, person: Person, fake_bot_api: FakeBotApi
) -> None:
    """The person answered the safety question by typing (its buttons stay), then uses
    Telegram's reply on it to type "2" while the outcomes question is asked: the "2" is not
    recorded as the outcomes question's second option (before: "stop someone hurting me"
    was chosen for them); they are told and shown the current question."""
    safety = person.keyboard()
    await person.type("3")
    sends = len(fake_bot_api.calls("sendMessage"))
    await feed(app, update_with("message", {"text": "2", "reply_to_message": safety}))
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert WORDS.reply_to_earlier.standard == new_texts[0]
    assert [("safety", "2")] == await stored(app)
    await feed(app, update_with("message", {"text": "2", "reply_to_message": person.keyboard()}))
    told = [c for c in fake_bot_api.calls("sendMessage") if c["text"] == new_texts[0]]
    assert 1 == len(told)  # a reply to the current question is taken as typed
