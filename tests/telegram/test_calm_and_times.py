"""Two safety details of what the bot sends: a neutral opening line before any message whose
first line would alarm someone glancing at a lock screen, and message times read back from
the store so that hiding skips messages Telegram can no longer delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram import Bot

from bot.hide import StoreMessageLog, hide_chat
from bot.nudges import load_nudges
from bot.payloads import PayloadSigner
from bot.render import MAX_TEXT, calm_first_line, choice_confirmation, render_reply
from bot.transport_words import load_words
from dialogs.lint_text import alarm_words, first_line
from dialogs.types import Option, Reply
from storage import generate_key
from storage.store import open_store
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

OPENER = "A new message."
SIGNER = PayloadSigner(b"k" * 32)
CHAT = 64500001


def test_calm_first_line_only_when_the_first_line_would_alarm() -> None:
    """Only a first line with a word from the content lint's list gets the opener; words
    further down (999 on the last line) are left alone."""
    calm = "Earlier you said:\nI want someone to stop hurting me"
    assert calm == calm_first_line(calm, OPENER)
    alarming = "Earlier you said: I want someone to stop hurting me."
    assert f"{OPENER}\n{alarming}" == calm_first_line(alarming, OPENER)
    assert alarming == calm_first_line(alarming, None)


def test_rendered_replies_and_confirmations_get_the_opener() -> None:
    """A question whose text starts with the person's alarming words is led by the opener,
    keeps its buttons, and a very long one still fits Telegram's limit."""
    text = "At the start you said: stop the abuse. Did this happen?"
    yes = (Option("yes", "Yes"),)
    reply = Reply(text, kind="question", options=yes, question_id="outcomes_achieved", seq=3)
    [message] = render_reply(reply, chat_id=CHAT, variant="standard", signer=SIGNER,
                             opener=OPENER)  # fmt: skip
    assert message["text"].startswith(f"{OPENER}\n")
    assert "Yes" == message["api_kwargs"]["reply_markup"]["inline_keyboard"][0][0]["text"]
    long = Reply("abuse " * 1000)
    sent = render_reply(long, chat_id=CHAT, variant="standard", signer=SIGNER, opener=OPENER)
    assert all(m["text"].startswith(OPENER) and len(m["text"]) <= MAX_TEXT for m in sent)
    confirmed = choice_confirmation(chat_id=CHAT, variant="screen_reader", opener=OPENER,
                                    label="2. Stop someone hurting me",
                                    template="You chose: {label}")  # fmt: skip
    assert confirmed is not None
    assert f"{OPENER}\nYou chose: Stop someone hurting me" == confirmed["text"]


async def test_store_gives_message_times_and_hiding_skips_old_ones(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    """Ids come back with the store's time of logging, oldest first; hiding through the
    store deletes only those under 48 hours old and forgets the rest too."""
    now = [datetime(2026, 3, 2, 9, 0, tzinfo=UTC)]
    async with open_store(tmp_path / "t.db", generate_key(), clock=lambda: now[0]) as store:
        await store.messages.remember(CHAT, 11)
        now[0] += timedelta(hours=48, minutes=1)
        await store.messages.remember(CHAT, 12)
        await store.messages.remember(CHAT + 1, 13)  # another chat: not read back
        expected = [
            (11, datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
            (12, datetime(2026, 3, 4, 9, 1, tzinfo=UTC)),
        ]
        assert expected == await store.messages.for_chat_with_times(CHAT)
        async with Bot(TEST_TOKEN, request=fake_bot_api) as bot:
            result = await hide_chat(bot, StoreMessageLog(store.messages), CHAT, now[0])
        assert ((12,), (11,)) == (result.deleted, result.too_old)
        assert [{"chat_id": CHAT, "message_ids": [12]}] == fake_bot_api.calls("deleteMessages")
        assert [] == await store.messages.for_chat(CHAT)


def test_transport_words_and_nudges_start_calmly() -> None:
    """The transport's own messages and the unprompted nudges (sent without the opener) have
    no alarming word on their first line, in any wording; the opener itself is calm."""
    found, checked = [], 0
    for words in (load_words("en"), load_nudges("en")):
        for key, wording in words:
            if key == "profile":  # one text each, neutral throughout: test_profile_words.py
                continue
            for variant, text in wording:
                line = first_line(text.replace("{label}", "Yes"))
                found += [(key, variant, word) for word in alarm_words(line)]
                checked += 1
    assert [] == found
    assert checked >= 5 * 10  # every wording of every message was looked at
