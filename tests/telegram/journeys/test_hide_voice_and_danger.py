"""Hiding the chat (with a clock, so the 48-hour limit is real), voice notes that cannot be
saved, typed numbers for screen readers, and danger words: through Telegram updates on a
real SQLite file, with buttons tapped by label on the keyboards the fake Bot API recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.ext import Application

from dialogs.lint_text import alarm_words, first_line
from storage import IntegrityProblem
from storage.store import Store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person
from tests.telegram.journeys.helpers import (
    CHAT,
    LABELS,
    MESSAGES,
    SAFETY,
    WORDS,
    Clock,
    answers,
    invite,
    texts_to,
    up_to_safety,
)
from tests.telegram.staff_setup import HUB_CHAT
from tests.telegram.updates import feed, message


async def test_typed_number_is_confirmed_for_screen_readers(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """In the screen reader variant a typed "2" answers and is read back like a tap."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store))
    await person.type("/howtoask screen_reader")
    await person.type("2")
    assert [("safety", "3")] == await answers(store)
    expected = WORDS.you_chose.screen_reader.replace("{label}", SAFETY[3])
    assert expected in texts_to(fake_bot_api)


@pytest.mark.parametrize("how", ["command", "button"])
async def test_hide_deletes_only_messages_under_48_hours_in_batches(
    app: Application, store: Store, clock: Clock, fake_bot_api: FakeBotApi, how: str
) -> None:
    """Messages logged over 48 hours ago are left alone; the rest (the bot's and the
    person's, here over 100) go in deleteMessages calls of at most 100; nothing is sent
    after; the saved answer stays saved."""
    person = Person(app, fake_bot_api, CHAT)
    start = message(CHAT, f"/start {await invite(store)}")
    await feed(app, start)
    old = {m["message_id"] for m in fake_bot_api.sent} | {start["message"]["message_id"]}
    clock.now += timedelta(hours=49)
    await person.type("/start")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    await person.choose("consent", "yes")
    await person.choose("how_to_ask", "standard")
    await person.choose("who_answering", "self")
    await person.choose("safety", "2")
    recent_person_ids = list(range(70000, 70130))  # the person's own earlier messages
    for message_id in recent_person_ids:
        await store.messages.remember(CHAT, message_id)
    sends = len(fake_bot_api.calls("sendMessage"))
    hide = message(CHAT, "/hide")
    if how == "command":
        await feed(app, hide)
        recent_person_ids.append(hide["message"]["message_id"])
    else:
        await person.tap(LABELS.hide)
    calls = fake_bot_api.calls("deleteMessages")
    deleted = [i for c in calls for i in c["message_ids"]]
    recent_bot_ids = {m["message_id"] for m in fake_bot_api.sent} - old
    assert all(len(c["message_ids"]) <= 100 for c in calls) and len(calls) >= 2
    assert set() == old & set(deleted)
    assert recent_bot_ids | set(recent_person_ids) <= set(deleted)
    assert len(deleted) == len(set(deleted))
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert [("safety", "2")] == await answers(store)


async def test_hide_before_any_question_sends_nothing(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """Someone joined but never shown a question (the first one failed to save, say) who
    sends /hide: their message is deleted and no question is sent after it."""
    await store.redeem_invite(await invite(store), CHAT)
    hide = message(CHAT, "/hide")
    await feed(app, hide)
    assert [] == texts_to(fake_bot_api)
    deleted = [i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]]
    assert [hide["message"]["message_id"]] == deleted


@pytest.mark.parametrize("failing", ["getFile", "store"])
async def test_voice_note_that_cannot_be_saved_is_told_plainly(
    app: Application, store: Store, fake_bot_api: FakeBotApi,
    monkeypatch: pytest.MonkeyPatch, failing: str,
) -> None:  # fmt: skip
    """If Telegram will not give the file, or the store cannot keep it, the person is told
    it did not save; nothing is recorded and the question stays the same."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store))
    await person.choose("safety", "3")
    await person.tap(LABELS.not_sure_yet)
    question = texts_to(fake_bot_api)[-1]
    if failing == "getFile":
        fake_bot_api.fail("getFile", "400")
    else:

        async def full_disk(*args: object) -> str:
            raise IntegrityProblem("disk full")

        monkeypatch.setattr(store.voice, "put", full_disk)
    await person.send_voice("CANARY-voice-4820")
    assert [question, WORDS.not_saved.standard] == texts_to(fake_bot_api)[-2:]
    assert [("safety", "3")] == [a for a in await answers(store) if a[0] != "outcomes"]


async def test_danger_words_alert_the_hub_without_the_persons_words(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """Typed words that mean danger: the hub alert chat gets the case reference and
    organisation and an Acknowledge button, never the words; the person is shown how to get
    help now; the answer itself is saved; every first line stays calm."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store, "REF-D1"))
    await person.choose("safety", "3")
    await person.tap(LABELS.not_sure_yet)
    words = "CANARY he said he will kill me 4830"
    await person.type(words)
    to_hub = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == HUB_CHAT]
    assert 1 == len(to_hub)
    assert "REF-D1" in to_hub[0]["text"] and "Police" in to_hub[0]["text"]
    assert "CANARY" not in to_hub[0]["text"] and "kill" not in to_hub[0]["text"]
    assert "Acknowledge" == to_hub[0]["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert MESSAGES.signposting.standard in texts_to(fake_bot_api)
    [answer] = [a for a in await store.answers.for_case(1) if a.measure == "how_will_we_know"]
    assert words == answer.text
    lines = [first_line(text) for text in texts_to(fake_bot_api)]
    assert [] == [line for line in lines if alarm_words(line)]
