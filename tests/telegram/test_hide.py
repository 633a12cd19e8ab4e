"""Hiding the chat: recent messages deleted in batches of at most 100, refusals tolerated."""

from datetime import UTC, datetime, timedelta

from telegram import Bot

from bot.hide import InMemoryMessageLog, hide_chat, remember_sent
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

CHAT = 31337001
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def _log_with(recent: int, old: int) -> InMemoryMessageLog:
    log = InMemoryMessageLog()
    for message_id in range(1, recent + 1):
        await log.remember_message(CHAT, message_id, NOW - timedelta(minutes=message_id))
    for message_id in range(recent + 1, recent + old + 1):
        await log.remember_message(CHAT, message_id, NOW - timedelta(hours=48, minutes=1))
    return log


async def test_250_messages_take_three_calls_of_at_most_100(fake_bot_api: FakeBotApi) -> None:
    """250 recent ids go in 3 deleteMessages calls (100, 100, 50); nothing else is sent."""
    log = await _log_with(recent=250, old=0)
    async with Bot(TEST_TOKEN, request=fake_bot_api) as bot:
        result = await hide_chat(bot, log, CHAT, NOW)
    calls = fake_bot_api.calls("deleteMessages")
    sizes = [100, 100, 50]
    assert sizes == [len(call["message_ids"]) for call in calls]
    assert set(range(1, 251)) == {i for call in calls for i in call["message_ids"]}
    only_deletions = ["getMe", "deleteMessages", "deleteMessages", "deleteMessages"]
    assert only_deletions == fake_bot_api.methods()
    all_deleted, nothing_left = 250, {}
    assert all_deleted == len(result.deleted)
    assert nothing_left == log.chats[CHAT]


async def test_messages_over_48_hours_old_are_left_out(fake_bot_api: FakeBotApi) -> None:
    """Messages just past 48 hours are not sent to Telegram, but are forgotten."""
    log = await _log_with(recent=3, old=2)
    async with Bot(TEST_TOKEN, request=fake_bot_api) as bot:
        result = await hide_chat(bot, log, CHAT, NOW)
    oldest_first = [3, 2, 1]
    assert [{"chat_id": CHAT, "message_ids": oldest_first}] == fake_bot_api.calls("deleteMessages")
    too_old, nothing_left = (4, 5), {}
    assert too_old == result.too_old
    assert nothing_left == log.chats[CHAT]


async def test_a_refused_batch_does_not_stop_the_rest(fake_bot_api: FakeBotApi) -> None:
    """If Telegram refuses one batch (400), the next is still deleted; refused ids are kept."""
    log = await _log_with(recent=150, old=0)
    fake_bot_api.fail("deleteMessages", "400", description="Bad Request: message can't be deleted")
    async with Bot(TEST_TOKEN, request=fake_bot_api) as bot:
        result = await hide_chat(bot, log, CHAT, NOW)
    counts = (100, 50)
    assert counts == (len(result.refused), len(result.deleted))
    assert set(result.refused) == set(log.chats[CHAT])


async def test_sent_messages_are_remembered_with_their_time(fake_bot_api: FakeBotApi) -> None:
    """remember_sent keeps the id and date of a message the bot sent."""
    log = InMemoryMessageLog()
    async with Bot(TEST_TOKEN, request=fake_bot_api) as bot:
        message = await bot.send_message(CHAT, "Hello")
    await remember_sent(log, message)
    assert {message.message_id: message.date} == log.chats[CHAT]
