"""``checkin run``: polling mode starts, sets up the bot through the Bot API, and stops."""

import asyncio
import os
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.cli import build_parser
from bot.commands import run
from bot.config import ConfigError, Settings
from storage import generate_key
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi


def test_run_is_a_command() -> None:
    """`checkin run` is registered and dispatches to run_bot."""
    args = build_parser().parse_args(["run"])
    assert run.run_bot == args.handler


def test_run_without_token_says_what_to_set(tmp_path: Path) -> None:
    """No token: a config error naming CHECKIN_TELEGRAM_TOKEN, before anything starts."""
    settings = Settings.model_validate({"storage": {"url": f"sqlite:///{tmp_path / 'x.db'}"}})
    with pytest.raises(ConfigError, match="CHECKIN_TELEGRAM_TOKEN"):
        run.run_bot(build_parser().parse_args(["run"]), settings)


def test_polling_starts_sets_profile_and_stops(
    tmp_path: Path, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Polling mode: profile set, webhook cleared, updates polled, then a clean exit (0)."""
    settings = Settings.model_validate({
        "telegram_token": TEST_TOKEN,
        "data_key": generate_key(),
        "storage": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
    })  # fmt: skip
    real_make_bot = run.make_bot

    def make_bot_that_stops(settings: Settings, request: object = None) -> Application:
        application = real_make_bot(settings, request)  # type: ignore[arg-type]
        started = application.post_init

        async def then_stop(app: Application) -> None:
            await started(app)  # type: ignore[misc]
            asyncio.get_running_loop().call_later(0.2, app.stop_running)

        application.post_init = then_stop
        return application

    monkeypatch.setattr(run, "make_bot", make_bot_that_stops)
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    code = run.run_bot(build_parser().parse_args(["run"]), settings, request=fake_bot_api)
    assert 0 == code
    methods = set(fake_bot_api.methods())
    assert {"setMyCommands", "deleteWebhook", "getUpdates"} <= methods
    assert "1" == os.environ["PTB_TIMEDELTA"]
