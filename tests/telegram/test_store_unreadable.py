"""When the store cannot be read as an update arrives (disk full, database locked too long),
the person is told plainly that it did not save, a tap is still answered, nothing is stored,
and once the store is back the same answer goes through."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from storage import generate_key
from storage.errors import StorageError
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_journey import (
    CHAT,
    WORDS,
    answers,
    invite,
    last_question,
    settings_for,
    started,
    stopped,
    svc,
    tap,
)
from tests.telegram.updates import feed, message, voice


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    yield application
    await stopped(application)


def _unreadable(app: Application, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise StorageError("The database is locked.")

    target = svc(app).store.arrivals if where == "arrivals" else svc(app).store.inbox
    monkeypatch.setattr(target, "read" if where == "arrivals" else "claim", broken)


async def test_a_tap_is_answered_and_told_it_did_not_save(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tap gets its callback answer and one plain message; nothing is recorded; after the
    store recovers, tapping again records the answer once."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    question = last_question(fake_bot_api)
    before = len(fake_bot_api.calls("sendMessage")), len(fake_bot_api.calls("answerCallbackQuery"))
    with monkeypatch.context() as patch:
        _unreadable(app, patch, "arrivals")
        await tap(app, fake_bot_api, "yes")
    sent = [c["text"] for c in fake_bot_api.calls("sendMessage")[before[0] :]]
    assert [WORDS.not_saved.standard] == sent
    assert before[1] + 1 == len(fake_bot_api.calls("answerCallbackQuery"))
    assert [] == await answers(app)
    assert question == last_question(fake_bot_api)  # no new question was sent
    await tap(app, fake_bot_api, "yes")
    assert last_question(fake_bot_api) != question


async def test_typed_words_are_told_they_did_not_save(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed text while the store is unreadable: one plain message, nothing stored."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    before = len(fake_bot_api.calls("sendMessage"))
    _unreadable(app, monkeypatch, "arrivals")
    await feed(app, message(CHAT, "yes"))
    sent = [c["text"] for c in fake_bot_api.calls("sendMessage")[before:]]
    assert [WORDS.not_saved.standard] == sent


async def test_a_voice_note_whose_claim_fails_is_told_it_did_not_save(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A voice note is claimed before it is kept; if that write fails the person is told,
    and nothing is kept."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    before = len(fake_bot_api.calls("sendMessage"))
    _unreadable(app, monkeypatch, "inbox")
    await feed(app, voice(CHAT))
    sent = [c["text"] for c in fake_bot_api.calls("sendMessage")[before:]]
    assert [WORDS.not_saved.standard] == sent
    assert [] == await answers(app)
