"""The person's journey when things go wrong: a restart mid-survey, the same update delivered
twice, a double tap, tampered and other chats' buttons, expired and reused invites, and
hiding the chat (with a clock, so the 48-hour limit is real). Buttons are tapped by label on
the keyboards the fake Bot API recorded; a real SQLite file in tmp_path throughout."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.transport_words import load_words
from dialogs.lint_text import alarm_words, first_line
from storage import IntegrityProblem, generate_key
from storage.store import Store, open_store
from tests.telegram.fake_bot_api import FakeBotApi, bot_user, chat
from tests.telegram.journey_driver import CONTENT, Person, collect_errors, option_label
from tests.telegram.staff_setup import HUB_CHAT, settings_for, started, stopped, svc
from tests.telegram.updates import button, feed, message

CHAT = 64400001
OTHER_CHAT = 64400002
WORDS = load_words("en")
LABELS = CONTENT.labels
QUESTIONS = CONTENT.questions
MESSAGES = CONTENT.messages
SAFETY = {level: option_label(QUESTIONS["safety"], str(level)).standard for level in (1, 3, 4)}


class Clock:
    """A settable clock shared by the store and the bot."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_for(tmp_path, generate_key())


@pytest.fixture
async def store(settings: Settings, clock: Clock) -> AsyncIterator[Store]:
    async with open_store(settings, clock=clock) as opened:
        yield opened


@pytest.fixture
async def app(
    settings: Settings, store: Store, clock: Clock, fake_bot_api: FakeBotApi
) -> AsyncIterator[Application]:
    application = await started(settings, fake_bot_api, store)
    svc(application).clock = clock
    errors = collect_errors(application)
    yield application
    await stopped(application)
    assert [] == errors  # no handler raised


async def invite(store: Store, ref: str = "REF-R1") -> str:
    return (await store.create_case("Police", "North", ref)).person_token


async def up_to_safety(person: Person, token: str) -> None:
    """Invite, safe to talk, about, consent, how to ask, who is answering: at "safety"."""
    await person.type(f"/start {token}")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    await person.choose("consent", "yes")
    await person.choose("how_to_ask", "standard")
    await person.choose("who_answering", "self")


async def answers(store: Store) -> list[tuple[str, str]]:
    return [(r.measure, r.value) async for r in store.export_answers()]


async def refusals(store: Store, action: str) -> list[str]:
    """The reasons of the audit entries of one kind of refusal, oldest first."""
    return [entry.detail["reason"] for entry in await store.audit.entries(action=action)]


def texts_to(fake: FakeBotApi, chat_id: int = CHAT) -> list[str]:
    return [c["text"] for c in fake.calls("sendMessage") if c["chat_id"] == chat_id]


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


async def test_typed_number_is_confirmed_for_screen_readers(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """In the screen reader variant a typed "2" answers and is read back like a tap."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store))
    await person.type("/howtoask screen_reader")
    await person.type("2")
    assert [("safety", "3")] == await answers(store)
    expected = WORDS.you_chose.screen_reader.replace("{label}", SAFETY[3])
    assert expected in texts_to(fake_bot_api)


@pytest.mark.parametrize("how", ["command", "button"])
async def test_hide_deletes_only_messages_under_48_hours_in_batches(
    app: Application, store: Store, clock: Clock, fake_bot_api: FakeBotApi, how: str
) -> None:
    """Messages logged over 48 hours ago are left alone; the rest (the bot's and the
    person's, here over 100) go in deleteMessages calls of at most 100; nothing is sent
    after; the saved answer stays saved."""
    person = Person(app, fake_bot_api, CHAT)
    start = message(CHAT, f"/start {await invite(store)}")
    await feed(app, start)
    old = {m["message_id"] for m in fake_bot_api.sent} | {start["message"]["message_id"]}
    clock.now += timedelta(hours=49)
    await person.type("/start")
    await person.choose("safe_to_talk", "yes")
    await person.next()
    await person.choose("consent", "yes")
    await person.choose("how_to_ask", "standard")
    await person.choose("who_answering", "self")
    await person.choose("safety", "2")
    recent_person_ids = list(range(70000, 70130))  # the person's own earlier messages
    for message_id in recent_person_ids:
        await store.messages.remember(CHAT, message_id)
    sends = len(fake_bot_api.calls("sendMessage"))
    hide = message(CHAT, "/hide")
    if how == "command":
        await feed(app, hide)
        recent_person_ids.append(hide["message"]["message_id"])
    else:
        await person.tap(LABELS.hide)
    calls = fake_bot_api.calls("deleteMessages")
    deleted = [i for c in calls for i in c["message_ids"]]
    recent_bot_ids = {m["message_id"] for m in fake_bot_api.sent} - old
    assert all(len(c["message_ids"]) <= 100 for c in calls) and len(calls) >= 2
    assert set() == old & set(deleted)
    assert recent_bot_ids | set(recent_person_ids) <= set(deleted)
    assert len(deleted) == len(set(deleted))
    assert sends == len(fake_bot_api.calls("sendMessage"))
    assert [("safety", "2")] == await answers(store)


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


async def test_hide_before_any_question_sends_nothing(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """Someone joined but never shown a question (the first one failed to save, say) who
    sends /hide: their message is deleted and no question is sent after it."""
    await store.redeem_invite(await invite(store), CHAT)
    hide = message(CHAT, "/hide")
    await feed(app, hide)
    assert [] == texts_to(fake_bot_api)
    deleted = [i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]]
    assert [hide["message"]["message_id"]] == deleted


@pytest.mark.parametrize("failing", ["getFile", "store"])
async def test_voice_note_that_cannot_be_saved_is_told_plainly(
    app: Application, store: Store, fake_bot_api: FakeBotApi,
    monkeypatch: pytest.MonkeyPatch, failing: str,
) -> None:  # fmt: skip
    """If Telegram will not give the file, or the store cannot keep it, the person is told
    it did not save; nothing is recorded and the question stays the same."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store))
    await person.choose("safety", "3")
    await person.tap(LABELS.not_sure_yet)
    question = texts_to(fake_bot_api)[-1]
    if failing == "getFile":
        fake_bot_api.fail("getFile", "400")
    else:

        async def full_disk(*args: object) -> str:
            raise IntegrityProblem("disk full")

        monkeypatch.setattr(store.voice, "put", full_disk)
    await person.send_voice("CANARY-voice-4820")
    assert [question, WORDS.not_saved.standard] == texts_to(fake_bot_api)[-2:]
    assert [("safety", "3")] == [a for a in await answers(store) if a[0] != "outcomes"]


async def test_danger_words_alert_the_hub_without_the_persons_words(
    app: Application, store: Store, fake_bot_api: FakeBotApi
) -> None:
    """Typed words that mean danger: the hub alert chat gets the case reference and
    organisation and an Acknowledge button, never the words; the person is shown how to get
    help now; the answer itself is saved; every first line stays calm."""
    person = Person(app, fake_bot_api, CHAT)
    await up_to_safety(person, await invite(store, "REF-D1"))
    await person.choose("safety", "3")
    await person.tap(LABELS.not_sure_yet)
    words = "CANARY he said he will kill me 4830"
    await person.type(words)
    to_hub = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == HUB_CHAT]
    assert 1 == len(to_hub)
    assert "REF-D1" in to_hub[0]["text"] and "Police" in to_hub[0]["text"]
    assert "CANARY" not in to_hub[0]["text"] and "kill" not in to_hub[0]["text"]
    assert "Acknowledge" == to_hub[0]["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert MESSAGES.signposting.standard in texts_to(fake_bot_api)
    [answer] = [a for a in await store.answers.for_case(1) if a.measure == "how_will_we_know"]
    assert words == answer.text
    lines = [first_line(text) for text in texts_to(fake_bot_api)]
    assert [] == [line for line in lines if alarm_words(line)]
