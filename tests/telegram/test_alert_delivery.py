"""Hub alerts when the hub alert chat cannot take them (the bot removed from the group, a
wrong chat id, Telegram down): the person who said they are in danger is still told how to
get help now, the alert stays open and is tried again a minute later until it gets
through, one failing alert does not stop the others being repeated, and the operator's log
says what to check without the chat id."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot import alerts
from bot.alerts import repeat_unacknowledged
from storage import generate_key
from storage.errors import DatabaseBusy
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_journey import CHAT, HUB_CHAT, settings_for, started, stopped, svc, tap
from tests.telegram.updates import feed, message

OTHER_PERSON = 64000077


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = await started(settings_for(tmp_path, generate_key()), fake_bot_api)
    yield application
    await stopped(application)


async def not_safe_at_all(app: Application, fake: FakeBotApi, chat_id: int, ref: str) -> None:
    """A person joins a new case and answers "not safe at all": next they are asked whether
    they are in danger right now."""
    new = await svc(app).store.create_case("Police", "North", ref)
    await feed(app, message(chat_id, f"/start {new.person_token}"))
    for key in ("yes", "yes", "standard", "self", "1"):
        await tap(app, fake, key, chat_id)


def hub_alerts(fake: FakeBotApi) -> list[str]:
    return [m["text"] for m in fake.sent if m["chat"]["id"] == HUB_CHAT]


def repeat_job(app: Application) -> Any:
    return type("Ctx", (), {"application": app, "bot": app.bot})()


@pytest.mark.parametrize(
    ("failure", "advice"),
    [
        ("403", "the bot is not a member of the hub alert chat"),
        ("400", "check telegram.hub_alert_chat_id"),
        ("timeout", "Telegram could not be reached"),
    ],
)
async def test_person_in_danger_is_signposted_when_the_hub_chat_refuses(
    app: Application, fake_bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture,
    failure: str, advice: str,
) -> None:  # fmt: skip
    """The hub chat refuses the alert: the person still gets the emergency signposting (999)
    after saying "yes, in danger now"; the alert stays open, not counted as sent; the error
    log names what to check (it used to stop the turn there: the person got nothing)."""
    await not_safe_at_all(app, fake_bot_api, CHAT, "REF-7")
    already = len(fake_bot_api.sent)
    fake_bot_api.fail("sendMessage", failure, chat_id=HUB_CHAT)  # type: ignore[arg-type]
    await tap(app, fake_bot_api, "yes")
    to_person = [m["text"] for m in fake_bot_api.sent[already:] if m["chat"]["id"] == CHAT]
    assert any("999" in text for text in to_person)
    [alert] = await svc(app).store.alerts.unacknowledged()
    assert (0, None) == (alert.notify_count, alert.last_notified_at)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert 1 == len([e for e in errors if "hub alert could not be delivered" in e and advice in e])


async def test_the_person_sees_the_signposting_before_the_hub_is_alerted(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """'Yes, in danger now': the person's emergency signposting (999) is sent first, then
    the hub alert, so a slow or limited hub chat never holds it up (the hub came first)."""
    await not_safe_at_all(app, fake_bot_api, CHAT, "REF-7")
    already = len(fake_bot_api.sent)
    await tap(app, fake_bot_api, "yes")
    order = [(m["chat"]["id"], "999" in m["text"]) for m in fake_bot_api.sent[already:]]
    assert order.index((CHAT, True)) < order.index((HUB_CHAT, False))


async def test_an_undelivered_alert_is_tried_again_a_minute_later(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """An alert the hub chat refused is sent by the repeat job once a minute has passed
    since it was raised (not before: its first sending may be under way), not waiting the
    30 minutes a delivered alert waits; then it counts as sent."""
    await not_safe_at_all(app, fake_bot_api, CHAT, "REF-7")
    fake_bot_api.fail("sendMessage", "403", chat_id=HUB_CHAT)
    await tap(app, fake_bot_api, "yes")
    services, real_clock = svc(app), svc(app).clock
    await repeat_unacknowledged(repeat_job(app))
    assert [] == hub_alerts(fake_bot_api)
    services.clock = lambda: real_clock() + timedelta(seconds=61)
    await repeat_unacknowledged(repeat_job(app))
    assert 1 == len(hub_alerts(fake_bot_api))
    assert "Check-in alert for case REF-7 (Police)." == hub_alerts(fake_bot_api)[0].split("\n")[0]
    [alert] = await svc(app).store.alerts.unacknowledged()
    assert 1 == alert.notify_count


async def test_one_alert_failing_does_not_stop_the_others_being_repeated(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Two open alerts are due again; the hub chat refuses the first: the second is still
    sent in the same run of the repeat job (a raised error used to end the run)."""
    for chat_id, ref in ((CHAT, "REF-7"), (OTHER_PERSON, "REF-8")):
        await not_safe_at_all(app, fake_bot_api, chat_id, ref)
        await tap(app, fake_bot_api, "yes", chat_id)
    services, real_clock = svc(app), svc(app).clock
    services.clock = lambda: real_clock() + timedelta(minutes=31)
    before = len(hub_alerts(fake_bot_api))
    fake_bot_api.fail("sendMessage", "403")
    await repeat_unacknowledged(repeat_job(app))
    repeated = hub_alerts(fake_bot_api)[before:]
    assert ["Check-in alert for case REF-8 (Police)."] == [t.split("\n")[0] for t in repeated]
    counts = {a.local_ref: a.notify_count for a in await services.store.alerts.unacknowledged()}
    assert {"REF-7": 1, "REF-8": 2} == counts


async def test_person_in_danger_is_signposted_when_the_store_cannot_note_the_alert(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The alert reaches the hub but noting it as sent fails (a busy or full disk): the
    person still gets the emergency signposting, and the error log says which step."""

    async def busy(alert_id: int) -> None:
        raise DatabaseBusy(tmp_path / "bot.db", 5)

    await not_safe_at_all(app, fake_bot_api, CHAT, "REF-7")
    monkeypatch.setattr(svc(app).store.alerts, "mark_notified", busy)
    already = len(fake_bot_api.sent)
    await tap(app, fake_bot_api, "yes")
    to_person = [m["text"] for m in fake_bot_api.sent[already:] if m["chat"]["id"] == CHAT]
    assert any("999" in text for text in to_person)
    assert 1 == len(hub_alerts(fake_bot_api))


async def test_a_held_up_alert_does_not_hold_up_the_persons_signposting(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub chat's sending is held up (the group's 20 a minute, behind other alerts):
    the person's turn gives up waiting after PERSON_TURN_WAIT and their signposting goes;
    the alert, not noted as sent, goes with the repeat job a minute later."""
    monkeypatch.setattr(alerts, "PERSON_TURN_WAIT", 0.05)
    real_request = fake_bot_api.do_request
    held = {"on": True}

    async def slow_for_the_hub(url: str, method: str, request_data: Any = None,
                               **timeouts: Any) -> tuple[int, bytes]:  # fmt: skip
        params = request_data.parameters if request_data is not None else {}
        if held["on"] and params.get("chat_id") == HUB_CHAT:
            await asyncio.sleep(5)
        return await real_request(url, method, request_data, **timeouts)

    monkeypatch.setattr(fake_bot_api, "do_request", slow_for_the_hub)
    await not_safe_at_all(app, fake_bot_api, CHAT, "REF-7")
    already = len(fake_bot_api.sent)
    await tap(app, fake_bot_api, "yes")
    to_person = [m["text"] for m in fake_bot_api.sent[already:] if m["chat"]["id"] == CHAT]
    assert any("999" in text for text in to_person)
    [alert] = await svc(app).store.alerts.unacknowledged()
    assert 0 == alert.notify_count
    held["on"] = False
    services, real_clock = svc(app), svc(app).clock
    services.clock = lambda: real_clock() + timedelta(seconds=61)
    await repeat_unacknowledged(repeat_job(app))
    assert 1 == len(hub_alerts(fake_bot_api))
