"""``/cancel`` from staff with nothing under way: a plain answer (there was none at all);
anyone else's /cancel is left to the person's side."""

from __future__ import annotations

from telegram.ext import Application

from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import BOARD_USER, HUB_USER, STRANGER, say, svc, texts_to


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


async def test_a_new_exchange_says_it_stopped_the_unfinished_one(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Half-way through /newcase, /close REF says the /newcase was stopped before asking its
    own question (it was dropped without a word, and the reference typed next met the
    /close's buttons); a /close of a closed case stops nothing and says nothing of it."""
    await svc(app).store.create_case("Police", "North", "C-1")
    await say(app, HUB_USER, "/newcase")
    await say(app, HUB_USER, "/close C-1")
    stopped, asked = texts_to(fake_bot_api, HUB_USER)[-2:]
    assert staff_text("exchange.replaced", command="newcase") == stopped
    assert staff_text("close.ask_risk", ref="C-1") == asked
    await svc(app).store.cases.close("C-1", organisation="Police")
    await say(app, HUB_USER, "/close C-1")
    expected = staff_text("close.not_open", ref="C-1", state="closed")
    assert expected == texts_to(fake_bot_api, HUB_USER)[-1]
    await say(app, HUB_USER, "/cancel")  # closing the case ended the first /close too
    assert staff_text("exchange.nothing_to_cancel") == texts_to(fake_bot_api, HUB_USER)[-1]
