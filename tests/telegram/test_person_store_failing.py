"""When the store cannot write (the disk is full, or the database stays locked), through
Telegram updates: the person is still told plainly that their answer did not save, even
though the bot cannot note the messages involved for "hide this chat" either."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.transport_words import load_words
from storage import generate_key
from storage.errors import DatabaseBusy, IntegrityProblem
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person, collect_errors
from tests.telegram.staff_setup import settings_for, started, stopped, svc

CHAT = 64770001
WORDS = load_words("en")


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    application.bot_data["errors"] = collect_errors(application)
    yield application
    await stopped(application)


@pytest.fixture
async def person(app: Application, fake_bot_api: FakeBotApi) -> Person:
    new = await svc(app).store.create_case("Police", "North", "REF-F1")
    person = Person(app, fake_bot_api, CHAT)
    await person.up_to_safety(new.person_token)
    return person


@pytest.mark.parametrize("answer", ["typed", "tapped"])
async def test_nothing_can_be_written_yet_the_person_is_told(
    app: Application, person: Person, fake_bot_api: FakeBotApi,
    monkeypatch: pytest.MonkeyPatch, answer: str,
) -> None:  # fmt: skip
    """Saving the answer fails and so does noting the message ids: the person still gets
    "that did not save" (before: noting the typed message failed first, so they got
    nothing at all), and no handler error is left unhandled."""

    async def disk_full(*args: object, **kwargs: object) -> None:
        raise IntegrityProblem("disk full")

    store = svc(app).store
    for target, name in ((store, "save_turn"), (store.messages, "remember"),
                         (store.messages, "remember_many")):  # fmt: skip
        monkeypatch.setattr(target, name, disk_full)
    sends = len(fake_bot_api.calls("sendMessage"))
    if answer == "typed":
        await person.type("2")
    else:
        await person.tap_text("Not safe at all")
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [WORDS.not_saved.standard] == new_texts
    assert [] == app.bot_data["errors"]


async def test_a_first_link_the_store_cannot_take_yet_is_answered(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The person taps their link while the database is locked: they are told it did not
    save (before: no reply at all to their very first message), and the same link works
    once the store does."""
    new = await svc(app).store.create_case("Police", "North", "REF-F2")
    redeem = svc(app).store.redeem_invite

    async def locked(*args: object, **kwargs: object) -> None:
        raise DatabaseBusy(Path("bot.db"), 5.0)

    monkeypatch.setattr(svc(app).store, "redeem_invite", locked)
    person = Person(app, fake_bot_api, CHAT)
    await person.type(f"/start {new.person_token}")
    assert [WORDS.not_saved.standard] == person.texts()
    monkeypatch.setattr(svc(app).store, "redeem_invite", redeem)
    await person.type(f"/start {new.person_token}")
    assert None is not await svc(app).store.participant_for_chat(CHAT)
    assert [] == app.bot_data["errors"]
