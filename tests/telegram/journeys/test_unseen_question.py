"""A bot that stops between saving an answer and sending the next question: the person never
saw that question, so words they type next (often the same answer again) are not taken as
its answer; the question is shown again instead. A real SQLite file in tmp_path."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from telegram.ext import Application

from bot.config import Settings
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person, collect_errors
from tests.telegram.journeys.helpers import (
    CHAT,
    LABELS,
    QUESTIONS,
    SAFETY,
    Stopped,
    answers,
    invite,
    texts_to,
    up_to_safety,
)
from tests.telegram.staff_setup import started, stopped, svc


async def lose_the_reply(
    person: Person, act: Callable[[], Awaitable[None]], settings: Settings,
    fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch,
) -> tuple[Application, list[str]]:  # fmt: skip
    """``act`` is saved but the bot dies before its reply is sent; the bot is started again
    on the same store and the person carries on with it. The new bot and its error list."""
    first_errors = collect_errors(person.app)

    async def dies(*args: object, **kwargs: object) -> None:
        raise Stopped()

    monkeypatch.setattr("bot.journey.send_replies", dies)
    await act()
    monkeypatch.undo()
    await stopped(person.app)
    assert ["Stopped"] == [e.split(":")[0] for e in first_errors]
    person.app = await started(settings, fake_bot_api)
    return person.app, collect_errors(person.app)


async def test_typed_words_after_a_lost_question_reshow_it(
    settings: Settings, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety answer is saved but the outcomes question is never sent; after a restart
    the person types the same answer again: it is not recorded as an outcome, the outcomes
    question is shown, and the survey goes on from there."""
    first = await started(settings, fake_bot_api)
    person = Person(first, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(svc(first).store))
    again = (settings, fake_bot_api, monkeypatch)
    second, second_errors = await lose_the_reply(person, lambda: person.type(SAFETY[3]), *again)
    try:
        sent_before = len(texts_to(fake_bot_api))
        await person.type(SAFETY[3])
        store = svc(second).store
        assert [("safety", "3")] == await answers(store)
        assert QUESTIONS["outcomes"].text.standard == texts_to(fake_bot_api)[-1]
        assert sent_before + 1 == len(texts_to(fake_bot_api))
        await person.type("Someone to check on me every week")
        assert [("safety", "3")] == await answers(store)  # an outcome, not a scale answer
        assert [] == second_errors
    finally:
        await stopped(second)


async def test_a_voice_note_after_a_lost_question_reshows_it(
    settings: Settings, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outcomes answer ("not sure yet") is saved but the next question, which takes a
    voice note, is never sent; after a restart the person sends a voice note: nothing is
    downloaded or stored against the unseen question, it is shown instead, and a voice note
    sent after seeing it is the answer."""
    fake_bot_api.files["voice/lost.oga"] = b"OggS voice for an unseen question"
    fake_bot_api.files["voice/seen.oga"] = b"OggS voice for the shown question"
    first = await started(settings, fake_bot_api)
    person = Person(first, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(svc(first).store))
    await person.choose("safety", "3")
    again = (settings, fake_bot_api, monkeypatch)
    second, second_errors = await lose_the_reply(
        person, lambda: person.tap(LABELS.not_sure_yet), *again
    )
    try:
        store = svc(second).store
        saved = await answers(store)
        assert ("safety", "3") in saved
        sent_before = len(texts_to(fake_bot_api))
        await person.send_voice("lost")
        assert saved == await answers(store)
        assert [] == fake_bot_api.downloads
        assert QUESTIONS["how_will_we_know"].text.standard == texts_to(fake_bot_api)[-1]
        assert sent_before + 1 == len(texts_to(fake_bot_api))
        await person.send_voice("seen")
        assert [*saved, ("how_will_we_know", "voice")] == await answers(store)
        assert ["voice/seen.oga"] == fake_bot_api.downloads
        assert [] == second_errors
    finally:
        await stopped(second)
