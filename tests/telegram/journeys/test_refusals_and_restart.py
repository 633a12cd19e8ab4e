"""The person's journey when things go wrong: a restart mid-survey, the same update delivered
twice, a double tap, tampered and other chats' buttons, expired and reused invites, and a
button from a group that is no longer the alert chat. Buttons are tapped by label on the
keyboards the fake Bot API recorded; a real SQLite file in tmp_path throughout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.ext import Application

from bot.config import Settings
from storage.store import Store
from tests.telegram.fake_bot_api import FakeBotApi, bot_user, chat
from tests.telegram.journey_driver import Person, collect_errors, option_label
from tests.telegram.journeys.helpers import (
    CHAT,
    LABELS,
    OTHER_CHAT,
    QUESTIONS,
    SAFETY,
    WORDS,
    Clock,
    answers,
    invite,
    refusals,
    texts_to,
    up_to_safety,
)
from tests.telegram.staff_setup import started, stopped, svc
from tests.telegram.updates import button, feed, message


async def test_restart_mid_survey_continues_at_the_same_question(
    settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """A new Application on the same database: the safety button sent before the restart
    still works; an older button gets the stale-button reply and the current question;
    /start shows the current question again; the survey then finishes."""
    first = await started(settings, fake_bot_api)
    errors = collect_errors(first)
    person = Person(first, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(svc(first).store))
    who_message = [m for m in fake_bot_api.sent if "reply_markup" in m][-2]
    safety_message = person.keyboard()
    await stopped(first)
    second = await started(settings, fake_bot_api)
    second_errors = collect_errors(second)
    try:
        person.app = second
        await person.tap_text(SAFETY[3], safety_message)
        assert [("safety", "3")] == await answers(svc(second).store)
        outcomes_text = person.keyboard()["text"]
        assert QUESTIONS["outcomes"].text.standard == outcomes_text
        await person.tap_text(person.words(option_label(QUESTIONS["who_answering"], "self")),
                              who_message)  # fmt: skip
        assert WORDS.stale_button.standard == texts_to(fake_bot_api)[-2]
        assert outcomes_text == texts_to(fake_bot_api)[-1]
        await person.type("/start")
        assert outcomes_text == person.keyboard()["text"]
        await person.pick_outcomes(["safe_at_home"], "CANARY restart words 4801")
        await person.type("CANARY restart knowing 4802")
        expected = [("safety", "3"), ("how_will_we_know", "text")]
        assert expected == [a for a in await answers(svc(second).store) if a[0] != "outcomes"]
    finally:
        await stopped(second)
    assert [] == errors + second_errors  # no handler raised, before or after the restart


async def test_the_same_update_twice_stores_and_sends_nothing_twice(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """A tap and a typed answer each delivered twice (same update_id): one answer each, no
    second reply."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store))
    sent = person.keyboard()
    data = next(b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"]
                for b in row if b["text"] == SAFETY[1])  # fmt: skip
    tap = button(CHAT, data, sent)
    await feed(app, tap)
    sends = len(fake_bot_api.calls("sendMessage"))
    await feed(app, tap)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    await person.choose("danger_now", "no")
    await person.tap(LABELS.not_sure_yet)
    typed = message(CHAT, "CANARY typed once 4803")
    await feed(app, typed)
    sends = len(fake_bot_api.calls("sendMessage"))
    await feed(app, typed)
    assert sends == len(fake_bot_api.calls("sendMessage"))
    got = [a for a in await answers(store) if a[0] != "outcomes"]
    assert [("safety", "1"), ("danger_now", "no"), ("how_will_we_know", "text")] == got


async def test_double_tap_records_once_and_explains(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """Two taps of the same button (two updates): the first answers, the second records
    nothing, gets the clear stale-button reply and the current question, and is audited;
    both taps are answered."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store))
    sent = person.keyboard()
    await person.tap_text(SAFETY[4], sent)
    await person.tap_text(SAFETY[4], sent)
    assert [("safety", "4")] == await answers(store)
    assert [WORDS.stale_button.standard, QUESTIONS["outcomes"].text.standard] == texts_to(
        fake_bot_api
    )[-2:]
    answered = {c["callback_query_id"] for c in fake_bot_api.calls("answerCallbackQuery")}
    assert set(person.taps) == answered
    assert ["stale"] == await refusals(store, "button_refused")


@pytest.mark.parametrize("forgery", ["tampered", "another_chat", "garbage"])
async def test_forged_buttons_are_refused_with_a_clear_reply(
    app: Application, store: Store, fake_bot_api: FakeBotApi, forgery: str
) -> None:
    """A payload altered by one character, a real button from another person's chat, or
    junk: nothing recorded in either chat, a clear reply and the current question again,
    and an audit entry."""
    person, other = Person(app, fake_bot_api, CHAT), Person(app, fake_bot_api, OTHER_CHAT)
    await up_to_safety(person, await invite(store, "REF-R1"))
    await up_to_safety(other, await invite(store, "REF-R2"))
    sent = person.keyboard()
    data = next(b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"]
                for b in row if b["text"] == SAFETY[4])  # fmt: skip
    if forgery == "tampered":
        data = data[:10] + ("A" if data[10] != "A" else "B") + data[11:]
    elif forgery == "another_chat":  # copied from the other chat's keyboard into this one
        theirs = other.keyboard()
        data = next(b["callback_data"] for row in theirs["reply_markup"]["inline_keyboard"]
                    for b in row if b["text"] == SAFETY[4])  # fmt: skip
    else:
        data = "not-a-button"
    await feed(app, button(CHAT, data, sent))
    assert [] == await answers(store)
    assert WORDS.stale_button.standard == texts_to(fake_bot_api)[-2]
    assert QUESTIONS["safety"].text.standard == texts_to(fake_bot_api)[-1]
    assert 1 == len(fake_bot_api.calls("answerCallbackQuery")) - len(person.taps + other.taps)
    assert ["forged"] == await refusals(store, "button_refused")


async def test_expired_and_reused_invites_get_a_kind_reply_and_nothing_else(
    app: Application, store: Store, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """An invite past its days, and one already used by another chat: the same plain reply,
    no participant, no answers, an audit entry each; the person who used it can still come
    back with it."""
    expired = await invite(store, "REF-OLD")
    clock.now += timedelta(days=store._ctx.invite_valid_days + 1)
    await feed(app, message(OTHER_CHAT, f"/start {expired}"))
    reused = await invite(store, "REF-NEW")
    await feed(app, message(CHAT, f"/start {reused}"))
    await feed(app, message(OTHER_CHAT, f"/start {reused}"))
    assert [WORDS.link_not_working.standard] * 2 == texts_to(fake_bot_api, OTHER_CHAT)
    assert None is await store.participant_for_chat(OTHER_CHAT)
    await feed(app, message(CHAT, f"/start {reused}"))
    assert QUESTIONS["safe_to_talk"].text.standard == texts_to(fake_bot_api)[-1]
    assert [] == await answers(store)
    assert ["expired", "used"] == await refusals(store, "invite_refused")


async def test_a_button_in_another_group_is_answered_and_ignored(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """An old Acknowledge button in a group that is no longer the alert chat (the config
    changed): the tap is answered so the spinner stops, and nothing else happens."""
    old_group = -1009000777
    sent = {"message_id": 5, "date": 0, "chat": chat(old_group), "from": bot_user()}
    before = len(fake_bot_api.requests)
    await feed(app, button(old_group, "c29tZSBvbGQgYWNr", sent, user_id=CHAT))
    assert ["answerCallbackQuery"] == fake_bot_api.methods()[before:]
    assert [] == await store.audit.entries(action="alert_ack_refused")
