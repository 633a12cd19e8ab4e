"""A bot that stops after receiving an answer but before saving it. Telegram delivers the
same update again after the restart, and it is handled then: the update is marked as handled
in the same transaction as the answer it brings, never before it. A real SQLite file."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person, buttons_of, collect_errors
from tests.telegram.journeys.helpers import (
    CHAT,
    QUESTIONS,
    SAFETY,
    Stopped,
    answers,
    invite,
    texts_to,
    up_to_safety,
)
from tests.telegram.staff_setup import started, stopped, svc
from tests.telegram.updates import button, feed, message


async def crash_then_redeliver(
    settings: Settings, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, kind: str
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Up to the safety question; the safety answer (a tap, or typed) arrives but the bot
    dies before saving it; after a restart Telegram delivers the same update again. What is
    stored, what the person was sent after the restart, and the new bot's errors."""
    first = await started(settings, fake_bot_api)
    first_errors = collect_errors(first)
    person = Person(first, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(svc(first).store))
    if kind == "tap":
        shown = person.keyboard()
        data = next(b["callback_data"] for b in buttons_of(shown) if b["text"] == SAFETY[3])
        update = button(CHAT, data, shown)
    else:
        update = message(CHAT, SAFETY[3])

    async def dies(*args: object, **kwargs: object) -> None:
        raise Stopped()

    monkeypatch.setattr(svc(first).store, "save_turn", dies)
    await feed(first, update)
    await stopped(first)
    assert ["Stopped"] == [e.split(":")[0] for e in first_errors]
    second = await started(settings, fake_bot_api)
    second_errors = collect_errors(second)
    try:
        sent_before = len(texts_to(fake_bot_api))
        await feed(second, update)  # the same update id: Telegram's re-delivery
        await feed(second, update)  # and once more: now it was handled, so nothing happens
        return (
            await answers(svc(second).store),
            texts_to(fake_bot_api)[sent_before:],
            second_errors,
        )
    finally:
        await stopped(second)


@pytest.mark.parametrize("kind", ["tap", "typed"])
async def test_an_answer_lost_before_saving_is_saved_when_telegram_delivers_it_again(
    settings: Settings, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The re-delivered safety answer is stored once and the next question is asked once;
    the third delivery changes nothing."""
    stored, sent, errors = await crash_then_redeliver(settings, fake_bot_api, monkeypatch, kind)
    assert [("safety", "3")] == stored
    assert [QUESTIONS["outcomes"].text.standard] == sent[-1:]
    assert 1 == sent.count(QUESTIONS["outcomes"].text.standard)
    assert [] == errors
