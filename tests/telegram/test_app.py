"""The Application factory: Bot API server, defaults, rate limits and the start-up profile."""

import time

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TimedOut

from bot.app import build_application, payload_signer
from bot.config import ConfigError, Settings
from bot.profile_words import PERSON_COMMAND_NAMES
from bot.rate_limit import MAX_RETRIES, PerChatRateLimiter
from bot.transport_words import load_words
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi


def test_uses_the_configured_bot_api_server(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """base_url and base_file_url from config point the bot at a self-hosted server."""
    app = build_application(telegram_settings, request=fake_bot_api)
    expected = ("http://botapi.local:8081/bot", "http://botapi.local:8081/file/bot")
    assert (expected[0] + TEST_TOKEN, expected[1] + TEST_TOKEN) == (
        app.bot.base_url,
        app.bot.base_file_url,
    )


def test_protects_content_and_limits_rate_by_default(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """protect_content is on for every send; the per-chat limiter retries 429 a bounded time."""
    app = build_application(telegram_settings, request=fake_bot_api)
    assert True is app.bot.defaults.protect_content
    assert isinstance(app.bot.rate_limiter, PerChatRateLimiter)
    expected_retries = MAX_RETRIES
    assert expected_retries == app.bot.rate_limiter.max_retries


def test_webhook_mode_builds_no_polling_updater(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """In webhook mode updates come from our own server, so PTB's Updater is not built."""
    telegram_settings.telegram.mode = "webhook"
    assert None is build_application(telegram_settings, request=fake_bot_api).updater


def test_missing_token_or_data_key_names_the_variable(telegram_settings: Settings) -> None:
    """Without a token (or data key) the error says which environment variable to set."""
    empty = Settings()
    with pytest.raises(ConfigError, match="CHECKIN_TELEGRAM_TOKEN"):
        build_application(empty)
    with pytest.raises(ConfigError, match="CHECKIN_DATA_KEY"):
        payload_signer(empty)


async def test_start_sets_commands_and_neutral_description(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """On start the bot sets its command list, description and short description: first
    the English default for everyone (other languages follow: test_profile_words.py)."""
    app = build_application(telegram_settings, request=fake_bot_api)
    async with app:
        await app.post_init(app)
    english = load_words("en").profile
    commands = [{"command": name, "description": getattr(english.commands, name)}
                for name in PERSON_COMMAND_NAMES]  # fmt: skip
    assert {"commands": commands} == fake_bot_api.calls("setMyCommands")[0]
    expected_description = {"description": english.description}
    assert expected_description == fake_bot_api.calls("setMyDescription")[0]
    expected_short = {"short_description": english.short_description}
    assert expected_short == fake_bot_api.calls("setMyShortDescription")[0]


async def test_429_is_retried_after_the_time_given(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """A 429 answer is waited out (retry_after + 0.1 s) and the message is sent once more."""
    fake_bot_api.fail("sendMessage", "429", retry_after=1)
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        started = time.monotonic()
        message = await app.bot.send_message(42, "Hello")
        waited = time.monotonic() - started
    sent_twice = ["getMe", "sendMessage", "sendMessage"]
    assert sent_twice == fake_bot_api.methods()
    assert ["Hello", "Hello"] == [p["text"] for p in fake_bot_api.calls("sendMessage")]
    assert (42, 101) == (message.chat_id, message.message_id)  # the retry's message
    assert waited >= 1.0


async def test_a_sent_message_comes_back_as_its_id_date_and_chat_only(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """The echo of a send or edit is parsed as id, date and chat only (the bot reads nothing
    else back); results of other methods are parsed whole."""
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="y")]])
        message = await app.bot.send_message(42, "Hello", reply_markup=keyboard)
        me = await app.bot.get_me()
    assert (42, "private") == (message.chat.id, message.chat.type)
    assert (None, None) == (message.text, message.reply_markup)
    assert isinstance(message.message_id, int) and message.date is not None
    assert me.username is not None  # getMe is not trimmed


async def test_429_retries_are_bounded(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """After max_retries further 429s the error is raised rather than retried for ever."""
    fake_bot_api.fail("sendMessage", "429", times=5, retry_after=1)
    limiter = PerChatRateLimiter(max_retries=1)
    app = build_application(telegram_settings, request=fake_bot_api, rate_limiter=limiter)
    async with app:
        with pytest.raises(RetryAfter):
            await app.bot.send_message(42, "Hello")
    attempts = 2
    assert attempts == len(fake_bot_api.calls("sendMessage"))


@pytest.mark.parametrize(("kind", "error"), [("400", BadRequest), ("403", Forbidden)])
async def test_other_failures_are_not_retried(
    telegram_settings: Settings, fake_bot_api: FakeBotApi, kind: str, error: type
) -> None:
    """400 and 403 reach the caller as PTB's typed errors after one attempt."""
    fake_bot_api.fail("sendMessage", kind)  # type: ignore[arg-type]
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        with pytest.raises(error):
            await app.bot.send_message(42, "Hello")
    attempts = 1
    assert attempts == len(fake_bot_api.calls("sendMessage"))


async def test_time_outs_are_retried_within_the_bound(
    telegram_settings: Settings, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A time-out is retried like a 429 (at most max_retries times), then reaches the caller
    as TimedOut."""
    monkeypatch.setattr("bot.rate_limit.NETWORK_RETRY_PAUSE", 0.01)
    fake_bot_api.fail("sendMessage", "timeout", times=3)
    limiter = PerChatRateLimiter(max_retries=2)
    async with build_application(telegram_settings, request=fake_bot_api,
                                 rate_limiter=limiter) as app:  # fmt: skip
        with pytest.raises(TimedOut):
            await app.bot.send_message(42, "Hello")
    attempts = 3
    assert attempts == len(fake_bot_api.calls("sendMessage"))


async def test_one_message_a_second_per_chat_but_chats_do_not_wait_for_each_other(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """Two messages to one chat are about a second apart; two other chats are not held up."""
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        started = time.monotonic()
        await app.bot.send_message(101, "one")
        await app.bot.send_message(102, "one")
        different_chats = time.monotonic() - started
        await app.bot.send_message(101, "two")
        same_chat = time.monotonic() - started
    assert different_chats < 0.5
    assert same_chat >= 0.9


async def test_sends_are_protected_but_edits_carry_no_protect_content(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """Sent messages get protect_content; edits (which the API gives no such field) do not."""
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        sent = await app.bot.send_message(42, "Hello")
        await app.bot.edit_message_text("Hello again", chat_id=42, message_id=sent.message_id)
        await app.bot.edit_message_reply_markup(chat_id=42, message_id=sent.message_id)
    protected = [True, False, False]
    calls = fake_bot_api.requests[1:]
    assert protected == [r.params.get("protect_content", False) for r in calls]


async def test_send_text_sends_what_send_message_sends_and_returns_the_id(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """The lean send makes the very request ``send_message`` makes (protect_content default
    included, the keyboard as JSON) and returns the id Telegram gave the message."""
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        by_ptb = await app.bot.send_message(42, "Hello", api_kwargs={"reply_markup": markup})
        lean_id = await app.bot.send_text(42, "Hello", api_kwargs={"reply_markup": markup})
        unprotected_id = await app.bot.send_text(42, "Hi", protect_content=False)
    first, second, third = fake_bot_api.calls("sendMessage")
    assert first == second
    assert {"chat_id": 42, "text": "Hi", "protect_content": False} == third
    assert (by_ptb.message_id + 1, by_ptb.message_id + 2) == (lean_id, unprotected_id)


async def test_send_text_keeps_the_rate_limiter_and_typed_errors(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """A 429 is waited out and retried as for ``send_message``; a 403 (the person blocked the
    bot) reaches the caller as ``Forbidden``."""
    fake_bot_api.fail("sendMessage", "429", retry_after=1)
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        message_id = await app.bot.send_text(42, "Hello")
        fake_bot_api.fail("sendMessage", "403")
        with pytest.raises(Forbidden):
            await app.bot.send_text(42, "Hello again")
    assert ["Hello", "Hello", "Hello again"] == [
        p["text"] for p in fake_bot_api.calls("sendMessage")
    ]
    assert 101 == message_id  # the retry's message


async def test_remove_buttons_edits_the_markup_away(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """Removing a question's buttons is one ``editMessageReplyMarkup`` naming the chat and
    message and no markup, as PTB's ``edit_message_reply_markup(None)`` sends it."""
    async with build_application(telegram_settings, request=fake_bot_api) as app:
        await app.bot.edit_message_reply_markup(42, 7, reply_markup=None)
        await app.bot.remove_buttons(42, 7)
    by_ptb, lean = fake_bot_api.calls("editMessageReplyMarkup")
    assert {"chat_id": 42, "message_id": 7} == lean
    assert by_ptb == lean
