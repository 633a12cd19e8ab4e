"""Hub alerts: acknowledged only by hub staff (who and when recorded); repeated until then;
staff messages are left to the staff handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.alerts import repeat_unacknowledged
from bot.staff_menu_commands import staff_help
from bot.staff_words import staff_text
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_journey import (
    CHAT,
    HUB_CHAT,
    invite,
    settings_for,
    started,
    stopped,
    svc,
    tap,
)
from tests.telegram.updates import button, feed, message

HUB_USER = 71000001
PRACTITIONER = 71000002


@pytest.fixture
async def alerted(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    """An app whose person has just said they are in danger now (one open alert)."""
    from storage import generate_key

    app = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    await svc(app).store.staff.add(HUB_USER, "hub")
    await svc(app).store.staff.add(PRACTITIONER, "practitioner", "Police")
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self", "1", "yes"):
        await tap(app, fake_bot_api, key)
    yield app
    await stopped(app)


def hub_alert(fake: FakeBotApi) -> dict:
    return [m for m in fake.sent if m["chat"]["id"] == HUB_CHAT][-1]


async def test_hub_member_acknowledges_and_it_is_recorded(
    alerted: Application, fake_bot_api: FakeBotApi
) -> None:
    """Acknowledge from a hub member records who; the message says it was acknowledged."""
    sent = hub_alert(fake_bot_api)
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await feed(alerted, button(HUB_CHAT, data, sent, user_id=HUB_USER))
    hub = await svc(alerted).store.staff.by_telegram_id(HUB_USER)
    no_open: list = []
    assert no_open == await svc(alerted).store.alerts.unacknowledged()
    assert hub is not None and hub.id == (await svc(alerted).store.alerts.get(1)).acknowledged_by
    edits = fake_bot_api.calls("editMessageText")
    assert edits and edits[-1]["text"].split("\n")[-1].startswith("Acknowledged by ")


async def test_non_hub_staff_cannot_acknowledge(
    alerted: Application, fake_bot_api: FakeBotApi
) -> None:
    """A practitioner's Acknowledge is refused in a pop-up only they see (not a line in the
    hub's group); the alert stays open."""
    sent = hub_alert(fake_bot_api)
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    messages = len(fake_bot_api.calls("sendMessage"))
    await feed(alerted, button(HUB_CHAT, data, sent, user_id=PRACTITIONER))
    still_open = 1
    assert still_open == len(await svc(alerted).store.alerts.unacknowledged())
    [answer] = fake_bot_api.calls("answerCallbackQuery")[-1:]
    assert (staff_text("alert.only_hub"), True) == (answer["text"], answer["show_alert"])
    assert messages == len(fake_bot_api.calls("sendMessage"))


async def test_unacknowledged_alert_is_repeated_after_the_wait(
    alerted: Application, fake_bot_api: FakeBotApi
) -> None:
    """The repeat job re-sends an alert once alert_repeat_minutes have passed, not before."""
    services = svc(alerted)
    real_clock = services.clock
    context = type("Ctx", (), {"application": alerted, "bot": alerted.bot})()
    before = len([m for m in fake_bot_api.sent if m["chat"]["id"] == HUB_CHAT])
    await repeat_unacknowledged(context)  # type: ignore[arg-type]
    services.clock = lambda: real_clock() + timedelta(minutes=31)
    await repeat_unacknowledged(context)  # type: ignore[arg-type]
    after = len([m for m in fake_bot_api.sent if m["chat"]["id"] == HUB_CHAT])
    one_repeat = 1
    assert one_repeat == after - before


async def test_staff_message_gets_no_neutral_reply(
    alerted: Application, fake_bot_api: FakeBotApi
) -> None:
    """A staff member's plain message gets no 'get a link' reply meant for strangers: they
    are told their own commands (tests/telegram/test_staff_own_chat.py)."""
    sends = len(fake_bot_api.calls("sendMessage"))
    await feed(alerted, message(PRACTITIONER, "hello"))
    assert [staff_help("practitioner")] == [
        c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]
    ]
