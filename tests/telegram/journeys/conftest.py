"""Fixtures for the journey robustness tests: a settable clock used by both the store and
the bot, a real SQLite file in tmp_path, and the whole bot on the recording fake Bot API,
failing the test if any handler raises."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Settings
from storage import generate_key
from storage.store import Store, open_store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import collect_errors
from tests.telegram.journeys.helpers import JOURNEY_START, Clock
from tests.telegram.staff_setup import settings_for, started, stopped, svc


@pytest.fixture
def clock() -> Clock:
    return Clock(JOURNEY_START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_for(tmp_path, generate_key())


@pytest.fixture
async def store(settings: Settings, clock: Clock) -> AsyncIterator[Store]:
    async with open_store(settings, clock=clock) as opened:
        yield opened


@pytest.fixture
async def app(
    settings: Settings, store: Store, clock: Clock, fake_bot_api: FakeBotApi
) -> AsyncIterator[Application]:
    application = await started(settings, fake_bot_api, store)
    svc(application).clock = clock
    errors = collect_errors(application)
    yield application
    await stopped(application)
    assert [] == errors  # no handler raised
