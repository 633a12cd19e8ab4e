"""Acknowledging hub alerts as a hub team does: the alert says how to see the case (and that
command works), the acknowledged message says who and when, a second press (two at once,
or an earlier copy of a repeated alert) only shows when it was taken, a repeat says it is
one, and an acknowledgement is recorded even when the message cannot be updated."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application

from bot.alerts import repeat_unacknowledged
from bot.staff_words import staff_text
from storage import generate_key
from storage.errors import NotFound
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import HUB_CHAT, settings_for, started, stopped, svc
from tests.telegram.test_journey import CHAT, invite, tap
from tests.telegram.updates import button, feed, message

HUB_USER = 71000001
OTHER_HUB_USER = 71000009


@pytest.fixture
async def hub(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    """The whole bot, two hub members, and a person who has just said they are in danger
    now (one open alert)."""
    app = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    for user in (HUB_USER, OTHER_HUB_USER):
        await svc(app).store.staff.add(user, "hub")
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self", "1", "yes"):
        await tap(app, fake_bot_api, key)
    yield app
    await stopped(app)


def hub_messages(fake: FakeBotApi) -> list[dict[str, Any]]:
    return [m for m in fake.sent if m["chat"]["id"] == HUB_CHAT]


async def press(app: Application, sent: dict[str, Any], user_id: int) -> None:
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await feed(app, button(HUB_CHAT, data, sent, user_id=user_id))


def london(moment: datetime | None) -> str:
    assert moment is not None
    local = moment.astimezone(ZoneInfo("Europe/London"))
    return f"{local:%H:%M} on {local.day} {local:%b}"


async def test_the_alert_says_how_to_see_the_case_and_that_command_works(
    hub: Application, fake_bot_api: FakeBotApi
) -> None:
    """The alert's last line is the /case command for its case; a hub member who sends it
    in their own chat gets the case."""
    text = hub_messages(fake_bot_api)[-1]["text"]
    command = "/case REF-7 Police"
    assert staff_text("alert.see_case", ref="REF-7", organisation="Police") == text.split("\n")[-1]
    assert command in text
    await feed(hub, message(HUB_USER, command))
    reply = [m["text"] for m in fake_bot_api.sent if m["chat"]["id"] == HUB_USER][-1]
    assert reply.startswith("Case REF-7: Police, North.")


async def test_acknowledged_says_who_and_when(hub: Application, fake_bot_api: FakeBotApi) -> None:
    """The pressed alert is edited to say who acknowledged it (their Telegram name) and
    when, on the hub's clock; its button goes."""
    await press(hub, hub_messages(fake_bot_api)[-1], HUB_USER)
    alert = await svc(hub).store.alerts.get(1)
    [edit] = fake_bot_api.calls("editMessageText")
    expected = staff_text("alert.acknowledged", name="Person", time=london(alert.acknowledged_at))
    assert expected == edit["text"].split("\n")[-1]
    assert "reply_markup" not in edit


async def test_a_second_press_shows_when_it_was_taken_and_posts_nothing(
    hub: Application, fake_bot_api: FakeBotApi
) -> None:
    """Two hub members press at once: the first is recorded; the second's message is edited
    to say it was already taken and when, and nothing new is posted in the hub chat (an
    error line used to be)."""
    sent = hub_messages(fake_bot_api)[-1]
    posted = len(hub_messages(fake_bot_api))
    answered = len(fake_bot_api.calls("answerCallbackQuery"))
    await press(hub, sent, HUB_USER)
    await press(hub, sent, OTHER_HUB_USER)
    alert = await svc(hub).store.alerts.get(1)
    first = await svc(hub).store.staff.by_telegram_id(HUB_USER)
    assert first is not None and first.id == alert.acknowledged_by
    second_edit = fake_bot_api.calls("editMessageText")[-1]["text"]
    assert staff_text("alert.already", time=london(alert.acknowledged_at)) in second_edit
    assert posted == len(hub_messages(fake_bot_api))
    assert answered + 2 == len(fake_bot_api.calls("answerCallbackQuery"))


async def test_a_repeat_says_it_is_one_and_its_first_copy_still_works(
    hub: Application, fake_bot_api: FakeBotApi
) -> None:
    """Unacknowledged for 30 minutes: the alert is sent again with a line saying since when
    no one has taken it; pressing the first copy acknowledges it, after which the repeat's
    button only shows it was taken."""
    first = hub_messages(fake_bot_api)[-1]
    services, real_clock = svc(hub), svc(hub).clock
    services.clock = lambda: real_clock() + timedelta(minutes=31)
    await repeat_unacknowledged(type("Ctx", (), {"application": hub, "bot": hub.bot})())  # type: ignore[arg-type]
    repeat = hub_messages(fake_bot_api)[-1]
    alert = await services.store.alerts.get(1)
    assert (
        staff_text("alert.repeat", time=london(alert.raised_at)) == repeat["text"].split("\n")[-1]
    )
    await press(hub, first, HUB_USER)
    await press(hub, repeat, OTHER_HUB_USER)
    edits = [e["text"].split("\n")[-1] for e in fake_bot_api.calls("editMessageText")]
    assert [True, True] == [edits[0].startswith("Acknowledged by "),
                            edits[1].startswith("Already acknowledged")]  # fmt: skip


async def test_the_acknowledgement_stands_when_the_message_cannot_be_updated(
    hub: Application, fake_bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram refuses to edit the alert message: the acknowledgement is still recorded
    and a warning logged by type; the press does not fail."""
    fake_bot_api.fail("editMessageText", "400")
    await press(hub, hub_messages(fake_bot_api)[-1], HUB_USER)
    assert [] == await svc(hub).store.alerts.unacknowledged()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "An alert message could not be updated (BadRequest)" in warnings


async def test_an_erased_cases_alert_still_stands_until_acknowledged(
    hub: Application, fake_bot_api: FakeBotApi
) -> None:
    """The person's case is erased (say they withdrew) before anyone pressed Acknowledge:
    the danger they reported still needs following up, so the alert stays open, and
    pressing it acknowledges it as usual."""
    sent = hub_messages(fake_bot_api)[-1]
    await svc(hub).store.erase_case("REF-7", organisation="Police")
    assert 1 == len(await svc(hub).store.alerts.unacknowledged())
    await press(hub, sent, HUB_USER)
    assert [] == await svc(hub).store.alerts.unacknowledged()
    last_line = fake_bot_api.calls("editMessageText")[-1]["text"].split("\n")[-1]
    assert last_line.startswith("Acknowledged by ")


async def test_an_alert_no_longer_kept_says_there_is_nothing_to_do(
    hub: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An alert the store no longer has (its case purged under the retention rules): the
    message says there is nothing more to do, instead of an error line in the chat."""

    async def purged(alert_id: int, staff_id: int) -> None:
        raise NotFound("That alert does not exist.")

    monkeypatch.setattr(svc(hub).store.alerts, "acknowledge", purged)
    posted = len(hub_messages(fake_bot_api))
    await press(hub, hub_messages(fake_bot_api)[-1], HUB_USER)
    assert staff_text("alert.gone") == fake_bot_api.calls("editMessageText")[-1]["text"]
    assert posted == len(hub_messages(fake_bot_api))
