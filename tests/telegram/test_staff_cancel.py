"""``/cancel`` from staff with nothing under way: a plain answer (there was none at all);
anyone else's /cancel is left to the person's side."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import BOARD_USER, HUB_USER, STRANGER, say, texts_to


async def test_staff_with_nothing_to_stop_are_told_so(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Hub and board members alike get "nothing to stop"; once a /newcase is under way,
    /cancel stops it, and a second /cancel has nothing left to stop."""
    for who in (HUB_USER, BOARD_USER):
        await say(app, who, "/cancel")
        assert [staff_text("exchange.nothing_to_cancel")] == texts_to(fake_bot_api, who)
    await say(app, HUB_USER, "/newcase")
    await say(app, HUB_USER, "/cancel")
    await say(app, HUB_USER, "/cancel")
    expected = [staff_text("exchange.cancelled"), staff_text("exchange.nothing_to_cancel")]
    assert expected == texts_to(fake_bot_api, HUB_USER)[-2:]


async def test_a_strangers_cancel_gets_no_staff_words(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Someone who is not staff gets nothing from the staff side for /cancel."""
    await say(app, STRANGER, "/cancel")
    staff_words = {staff_text("exchange.nothing_to_cancel"), staff_text("exchange.cancelled")}
    assert set() == staff_words & set(texts_to(fake_bot_api, STRANGER))
