"""Commands and variants through Telegram: /stop erases, /pause and /resume, typed answers,
easy-read layout, and representative wording."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_journey import (
    CHAT,
    WORDS_DIALOG,
    answers,
    invite,
    last_question,
    settings_for,
    started,
    stopped,
    svc,
    tap,
)
from tests.telegram.updates import feed, message

CANARY = "CANARY my own private words 4711"


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    yield application
    await stopped(application)


def texts(fake: FakeBotApi) -> list[str]:
    return [c["text"] for c in fake.calls("sendMessage")]


async def test_stop_explains_confirms_and_erases(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/stop explains and asks; confirming erases the person's answers through the store."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self", "3"):
        await tap(app, fake_bot_api, key)
    assert ("safety", "3") in await answers(app)
    await feed(app, message(CHAT, "/stop"))
    assert WORDS_DIALOG.stop_explain.standard in texts(fake_bot_api)
    await tap(app, fake_bot_api, "confirm_stop")
    nothing: list = []
    assert nothing == await answers(app)
    assert WORDS_DIALOG.stopped.standard == texts(fake_bot_api)[-1]


async def test_pause_then_resume_carries_on(app: Application, fake_bot_api: FakeBotApi) -> None:
    """/pause says how to come back; /resume welcomes back and asks the same question."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self"):
        await tap(app, fake_bot_api, key)
    question = last_question(fake_bot_api)["text"]
    await feed(app, message(CHAT, "/pause"))
    assert WORDS_DIALOG.paused.standard == texts(fake_bot_api)[-1]
    await feed(app, message(CHAT, "/resume"))
    assert WORDS_DIALOG.resumed.standard in texts(fake_bot_api)[-3:]
    assert question == last_question(fake_bot_api)["text"]


async def test_typed_number_answers_for_screen_readers(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """In the screen reader variant, typing "2" answers with the second option."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "screen_reader", "self"):
        await tap(app, fake_bot_api, key)
    await feed(app, message(CHAT, "2"))
    assert ("safety", "3") in await answers(app)


async def test_easy_read_questions_have_one_button_per_row(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """After choosing easy read, every question's buttons are in a single column."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "easy_read", "self"):
        await tap(app, fake_bot_api, key)
    rows = last_question(fake_bot_api)["reply_markup"]["inline_keyboard"]
    assert all(1 == len(row) for row in rows)


async def test_representative_gets_representative_wording(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Someone answering for the person is asked in the representative wording."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "representative"):
        await tap(app, fake_bot_api, key)
    safety = svc(app).catalogue["en"].questions["safety"].text.representative
    assert safety.split("\n")[0] in last_question(fake_bot_api)["text"]


async def test_typed_words_never_reach_the_logs(
    app: Application, fake_bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """The person's typed words and chat id appear in no log line, whatever the level."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self", "3", "c:safe_at_home", "done"):
        await tap(app, fake_bot_api, key)
    await feed(app, message(CHAT, CANARY))
    assert ("how_will_we_know", "text") in await answers(app)
    leaks = [s for s in (CANARY, str(CHAT)) if s in caplog.text]
    no_leaks: list[str] = []
    assert no_leaks == leaks
