"""What the chat gets once a survey has ended, through Telegram updates on a real store.
After "not a good time to talk" the bot stays silent (someone else may be holding the
phone); after the last answer it says the questions are done. Neither is preceded by
"here is the question we are on now" or "please answer": there is no question."""

from __future__ import annotations

import time
from typing import Any

import pytest
from telegram.ext import Application

from tests.telegram.fake_bot_api import FakeBotApi, chat
from tests.telegram.journey_driver import CONTENT, Person, buttons_of
from tests.telegram.journey_script import start_survey
from tests.telegram.staff_setup import svc
from tests.telegram.updates import button, feed

CHAT = 64750001
FINISHED = CONTENT.messages.finished_already.standard
STICKER = {"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 9,
           "height": 9, "is_animated": False, "is_video": False}  # fmt: skip


@pytest.fixture
def app(person_app: Application) -> Application:
    return person_app


async def joined(app: Application, fake: FakeBotApi) -> tuple[Person, str]:
    new = await svc(app).store.create_case("Police", "North", "REF-E1")
    return Person(app, fake, CHAT), new.person_token


def from_person(message_id: int, **body: Any) -> dict[str, Any]:
    return {"message_id": message_id, "date": int(time.time()), "chat": chat(CHAT),
            "from": {"id": CHAT, "is_bot": False, "first_name": "Person"}, **body}  # fmt: skip


async def odd_things(app: Application, earlier: dict[str, Any]) -> None:
    """A tap on an earlier question's answer button, a sticker, and an edited message."""
    await feed(app, button(CHAT, buttons_of(earlier)[0]["callback_data"], earlier))
    await feed(app, {"update_id": 810001, "message": from_person(61001, sticker=STICKER)})
    edited = from_person(61002, text="changed", edit_date=int(time.time()))
    await feed(app, {"update_id": 810002, "edited_message": edited})


async def test_after_not_a_good_time_nothing_is_sent(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The person said now is not a good time: an old button, a sticker or an edit get no
    message at all (before: "That button was for an earlier question", and the new
    "cannot use that" / "changes not seen" lines, into a chat someone else may be reading);
    the tap is still answered and the sticker is still cleared by hide."""
    person, token = await joined(app, fake_bot_api)
    await person.type(f"/start {token}")
    earlier = person.keyboard()
    await person.choose("safe_to_talk", "no")
    sends = len(fake_bot_api.calls("sendMessage"))
    await odd_things(app, earlier)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert 1 == len(fake_bot_api.calls("answerCallbackQuery")) - len(person.taps)
    await person.type("/hide")
    deleted = {i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]}
    assert 61001 in deleted


async def test_after_the_last_answer_the_chat_is_told_the_questions_are_done(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """After the start survey is finished, an old button or a sticker gets only "you have
    already answered these questions" (before: first "here is the question we are on now"
    or "please answer with a button", with no question after), and an edit gets nothing."""
    person, token = await joined(app, fake_bot_api)
    await start_survey(person, token, "standard", "self")
    safety = CONTENT.questions["safety"].text.standard
    earlier = next(m for m in fake_bot_api.sent if m.get("text") == safety)
    sends = len(fake_bot_api.calls("sendMessage"))
    await odd_things(app, earlier)
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [FINISHED, FINISHED] == new_texts
