"""Fixtures for the Telegram transport tests."""

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.redact import install
from storage import generate_key
from tests.telegram.fake_bot_api import FakeBotApi

TEST_TOKEN = "123456789:AAtest-token-that-must-never-be-logged_0123"
TEST_DATA_KEY = "test data key: not a real secret"


@pytest.fixture
def telegram_settings() -> Settings:
    """Settings with a fake token and data key, pointed at a (never contacted) local server."""
    return Settings.model_validate(
        {
            "telegram_token": TEST_TOKEN,
            "data_key": TEST_DATA_KEY,
            "webhook_secret": "webhook-secret_0123456789",
            "telegram": {
                "base_url": "http://botapi.local:8081/bot",
                "base_file_url": "http://botapi.local:8081/file/bot",
            },
        }
    )


@pytest.fixture(autouse=True)
def logs_hold_no_secrets(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Every Telegram test runs with redaction installed as ``checkin run`` installs it and
    everything logged from DEBUG up; afterwards no log line may hold the token, a canary
    text or any chat id the test used with the fake Bot API."""
    # asked for now, so that the fake outlives this fixture and its requests can be read
    fake = (
        request.getfixturevalue("fake_bot_api") if "fake_bot_api" in request.fixturenames else None
    )
    caplog.set_level(logging.DEBUG)
    installed = install([TEST_TOKEN])
    yield
    installed.remove()
    forbidden = {TEST_TOKEN, "CANARY"}
    if fake is not None:
        used = {str(abs(r.params["chat_id"])) for r in fake.requests
                if isinstance(r.params.get("chat_id"), int)}  # fmt: skip
        forbidden |= {chat_id for chat_id in used if len(chat_id) >= 6}  # short ones: test ids
    # caplog.text would only hold this teardown's lines: read every phase's records
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.__dict__}" for r in records)
    leaks = sorted(s for s in forbidden if s in logged)
    assert not leaks, f"log lines leaked {len(leaks)} secret(s)/id(s)"


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    """The bot as the staff tests need it: every handler, a fresh store, and the staff of
    ``tests.telegram.staff_setup.add_staff`` (a hub, practitioners of two organisations, a
    board member). A test module with other needs defines its own ``app``."""
    # imported here: staff_setup imports this module (for TEST_TOKEN)
    from tests.telegram.staff_setup import add_staff, settings_for, started, stopped

    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    await add_staff(application)
    yield application
    await stopped(application)


@pytest.fixture
async def person_app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    """The bot with every handler and a fresh store, no staff; afterwards no handler may
    have raised (the person tests' ``app``: ``def app(person_app): return person_app``)."""
    from tests.telegram.journey_driver import collect_errors
    from tests.telegram.staff_setup import settings_for, started, stopped

    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    errors = collect_errors(application)
    yield application
    await stopped(application)
    assert [] == errors  # no handler raised
