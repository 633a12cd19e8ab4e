"""The person's journey through Telegram updates, on a real SQLite store.

Invite, questions with signed buttons, answers saved before the next question, refusals of
stale, forged and other chats' buttons, duplicate updates, hiding the chat, failures to
save, alerts to the hub chat, and a restart mid-survey.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import AIORateLimiter, Application

from bot import alerts, handlers_person
from bot.app import build_application
from bot.config import Settings
from bot.services import SERVICES_KEY, BotServices, attach_services
from bot.transport_words import load_words
from dialogs.content import CONTENT_ROOT, load_language
from storage import generate_key
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.updates import button, feed, message, voice

CHAT = 64000001
OTHER_CHAT = 64000002
HUB_CHAT = -1009000001
WORDS = load_words("en")
ENGLISH = {"en": load_language(CONTENT_ROOT / "en")}  # other languages may be mid-edit
WORDS_DIALOG = ENGLISH["en"].messages


def settings_for(tmp_path: Path, key: str) -> Settings:
    return Settings.model_validate({
        "telegram_token": TEST_TOKEN,
        "data_key": key,
        "storage": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
        "telegram": {"hub_alert_chat_id": HUB_CHAT},
    })  # fmt: skip


async def started(settings: Settings, fake: FakeBotApi) -> Application:
    unlimited = AIORateLimiter(overall_max_rate=0, group_max_rate=0)  # limits tested elsewhere
    app = build_application(settings, request=fake, rate_limiter=unlimited)
    attach_services(app, settings, catalogue=ENGLISH)
    alerts.register(app)
    handlers_person.register(app)
    await app.initialize()
    await app.post_init(app)
    return app


async def stopped(app: Application) -> None:
    await app.shutdown()
    await app.post_shutdown(app)


@pytest.fixture
def key() -> str:
    return generate_key()


@pytest.fixture
async def app(tmp_path: Path, key: str, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = await started(settings_for(tmp_path, key), fake_bot_api)
    yield application
    await stopped(application)


def svc(app: Application) -> BotServices:
    return app.bot_data[SERVICES_KEY]


async def invite(app: Application) -> str:
    case = await svc(app).store.create_case("Police", "North", "REF-7")
    return case.person_token


def last_question(fake: FakeBotApi, chat_id: int = CHAT) -> dict[str, Any]:
    with_keys = [m for m in fake.sent if m["chat"]["id"] == chat_id and "reply_markup" in m]
    return with_keys[-1]


def keys_of(app: Application, sent: dict[str, Any], chat_id: int = CHAT) -> dict[str, str]:
    """Option key -> callback data for the buttons of a sent message."""
    rows = sent["reply_markup"]["inline_keyboard"]
    datas = [b["callback_data"] for row in rows for b in row]
    return {svc(app).signer.decode(d, chat_id).key: d for d in datas}


async def tap(app: Application, fake: FakeBotApi, key: str, chat_id: int = CHAT) -> None:
    """Tap the button with ``key`` on the latest question, pressing "next" through info."""
    for _ in range(10):
        sent = last_question(fake, chat_id)
        keys = keys_of(app, sent, chat_id)
        if key in keys:
            await feed(app, button(chat_id, keys[key], sent))
            return
        more = next(k for k in keys if k not in ("hide", "pause", "skip", "back"))
        await feed(app, button(chat_id, keys[more], sent))
    raise AssertionError(f"no button {key!r} reached")


async def answers(app: Application) -> list[tuple[str, str]]:
    return [(r.measure, r.value) async for r in svc(app).store.export_answers()]


async def test_invite_then_answers_are_saved_before_the_next_question(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/start with an invite asks the first question; every tap is answered and saved before
    anything more is sent to the person; the safety answer ends up in the store."""
    store = svc(app).store
    real_save, saved_at = store.save_turn, []

    async def spy(*args: object, **kwargs: object) -> object:
        saved_at.append(len(fake_bot_api.requests))
        return await real_save(*args, **kwargs)

    monkeypatch.setattr(store, "save_turn", spy)
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self", "3"):
        await tap(app, fake_bot_api, key)
    assert ("safety", "3") in await answers(app)
    methods = fake_bot_api.methods()
    for index in saved_at[1:]:  # since the tap was answered, nothing was sent before saving
        since_tap = methods[:index][::-1]
        assert "sendMessage" not in since_tap[: since_tap.index("answerCallbackQuery")]
    taps = sum(1 for m in methods if m == "editMessageReplyMarkup")
    assert taps == len(fake_bot_api.calls("answerCallbackQuery"))


async def test_screen_reader_choice_is_confirmed_in_a_normal_message(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """After choosing the screen reader variant, a choice is read back as a message."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "screen_reader", "self", "3"):
        await tap(app, fake_bot_api, key)
    texts = [c["text"] for c in fake_bot_api.calls("sendMessage")]
    chosen = [t for t in texts if t.startswith("You chose: ")]
    assert "You chose: Safe enough, but not as safe as I would like" == chosen[-1]


async def test_voice_note_on_a_free_text_question_is_saved_encrypted(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A voice note is only downloaded and stored when the question takes free text; then it
    is saved (encrypted) and the person is told so."""
    fake_bot_api.files["voice/v1.oga"] = b"OggS canary voice bytes"
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    await feed(app, voice(CHAT, "v0"))  # the first question takes buttons only
    for key in ("yes", "yes", "standard", "self", "3", "c:safe_at_home", "done"):
        await tap(app, fake_bot_api, key)
    await feed(app, voice(CHAT, "v1"))
    assert ("how_will_we_know", "voice") in await answers(app)
    assert WORDS_DIALOG.voice_saved.standard in [
        c["text"] for c in fake_bot_api.calls("sendMessage")
    ]
    assert ["voice/v1.oga"] == fake_bot_api.downloads


@pytest.mark.parametrize("token", ["not-a-real-invite", "x" * 40])
async def test_unknown_invite_gets_a_kind_reply_and_nothing_else(
    app: Application, fake_bot_api: FakeBotApi, token: str
) -> None:
    """A forged or mistyped link: one plain reply; the chat is not joined to anything."""
    await feed(app, message(CHAT, f"/start {token}"))
    expected = [WORDS.link_not_working.standard]
    assert expected == [c["text"] for c in fake_bot_api.calls("sendMessage")]
    assert None is await svc(app).store.participant_for_chat(CHAT)


async def test_used_invite_from_another_chat_is_refused(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """An invite already used by one chat does not let a second chat in."""
    token = await invite(app)
    await feed(app, message(CHAT, f"/start {token}"))
    await feed(app, message(OTHER_CHAT, f"/start {token}"))
    to_other = [c["text"] for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == OTHER_CHAT]
    assert [WORDS.link_not_working.standard] == to_other
    assert None is await svc(app).store.participant_for_chat(OTHER_CHAT)


async def test_stranger_gets_a_neutral_reply_and_nothing_is_stored(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A message from a chat with no case: how to get a link, nothing remembered."""
    await feed(app, message(OTHER_CHAT, "hello?"))
    assert [WORDS.no_link_yet.standard] == [c["text"] for c in fake_bot_api.calls("sendMessage")]
    no_ids: list[int] = []
    assert no_ids == await svc(app).store.messages.for_chat(OTHER_CHAT)


async def test_stale_button_records_nothing_and_repeats_the_question(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """Tapping an earlier question's button again: a clear message, then the current question."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    first = last_question(fake_bot_api)
    await tap(app, fake_bot_api, "yes")
    before = await answers(app)
    await feed(app, button(CHAT, keys_of(app, first)["yes"], first))
    assert before == await answers(app)
    texts = [c["text"] for c in fake_bot_api.calls("sendMessage")]
    assert WORDS.stale_button.standard in texts
    assert "reply_markup" in fake_bot_api.calls("sendMessage")[-1]


@pytest.mark.parametrize("forge", ["other_chat", "tampered"])
async def test_forged_or_other_chats_button_is_refused(
    app: Application, fake_bot_api: FakeBotApi, forge: str
) -> None:
    """A payload made for another chat, or altered, records nothing and gets the clear reply."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    sent = last_question(fake_bot_api)
    state = await svc(app).store.load_session(
        (await svc(app).store.participant_for_chat(CHAT)).id, "start"
    )
    if forge == "other_chat":
        data = svc(app).signer.encode(OTHER_CHAT, state.seq, "safe_to_talk", "yes")
    else:
        data = keys_of(app, sent)["yes"][:-2] + "AA"
    await feed(app, button(CHAT, data, sent))
    assert [] == await answers(app)
    assert WORDS.stale_button.standard in [c["text"] for c in fake_bot_api.calls("sendMessage")]


async def test_duplicate_update_is_handled_once(app: Application, fake_bot_api: FakeBotApi) -> None:
    """The same update delivered twice produces one set of replies and one saved answer."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    sent = last_question(fake_bot_api)
    tap_update = button(CHAT, keys_of(app, sent)["yes"], sent)
    await feed(app, tap_update)
    count = len(fake_bot_api.calls("sendMessage"))
    await feed(app, tap_update)
    assert count == len(fake_bot_api.calls("sendMessage"))


async def test_hide_deletes_recent_messages_and_sends_nothing(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The hide button deletes the bot's and the person's messages and sends nothing after."""
    start = message(CHAT, f"/start {await invite(app)}")
    await feed(app, start)
    await tap(app, fake_bot_api, "yes")
    sends_before = len(fake_bot_api.calls("sendMessage"))
    await tap(app, fake_bot_api, "hide")
    deleted = {i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]}
    bot_sent = {m["message_id"] for m in fake_bot_api.sent}
    assert bot_sent | {start["message"]["message_id"]} <= deleted
    assert sends_before == len(fake_bot_api.calls("sendMessage"))


async def test_save_failure_is_told_plainly(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When saving fails the person is told it did not save, and no next question is sent."""
    from storage.errors import IntegrityProblem

    await feed(app, message(CHAT, f"/start {await invite(app)}"))

    async def broken(*args: object, **kwargs: object) -> None:
        raise IntegrityProblem("disk trouble")

    monkeypatch.setattr(svc(app).store, "save_turn", broken)
    sends = len(fake_bot_api.calls("sendMessage"))
    await tap(app, fake_bot_api, "yes")
    new_texts = [c["text"] for c in fake_bot_api.calls("sendMessage")[sends:]]
    assert [WORDS.not_saved.standard] == new_texts


async def test_a_typed_message_that_could_not_be_saved_is_still_hidden(
    app: Application, fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving a typed message fails: the person is told, and "hide this chat" afterwards
    still deletes that message (it is remembered even though the turn was not saved)."""
    from storage.errors import IntegrityProblem

    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    save_turn = svc(app).store.save_turn

    async def broken(*args: object, **kwargs: object) -> None:
        raise IntegrityProblem("disk trouble")

    monkeypatch.setattr(svc(app).store, "save_turn", broken)
    typed = message(CHAT, "CANARY words that did not save 7781")
    await feed(app, typed)
    monkeypatch.setattr(svc(app).store, "save_turn", save_turn)
    await feed(app, message(CHAT, "/hide"))
    deleted = {i for c in fake_bot_api.calls("deleteMessages") for i in c["message_ids"]}
    assert typed["message"]["message_id"] in deleted


async def test_in_danger_now_alerts_the_hub_without_the_persons_words(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """ "Not safe at all" then "in danger now": the hub chat gets the case and an Acknowledge."""
    await feed(app, message(CHAT, f"/start {await invite(app)}"))
    for key in ("yes", "yes", "standard", "self", "1", "yes"):
        await tap(app, fake_bot_api, key)
    to_hub = [c for c in fake_bot_api.calls("sendMessage") if c["chat_id"] == HUB_CHAT]
    assert 1 == len(to_hub)
    assert "REF-7" in to_hub[0]["text"] and "Police" in to_hub[0]["text"]
    assert "Acknowledge" == to_hub[0]["reply_markup"]["inline_keyboard"][0][0]["text"]


async def test_restart_mid_survey_continues_and_old_button_works(
    tmp_path: Path, key: str, fake_bot_api: FakeBotApi
) -> None:
    """A new Application on the same database takes a button sent before the restart."""
    settings = settings_for(tmp_path, key)
    first = await started(settings, fake_bot_api)
    await feed(first, message(CHAT, f"/start {await invite(first)}"))
    await tap(first, fake_bot_api, "yes")
    sent = last_question(fake_bot_api)
    data = keys_of(first, sent)
    await stopped(first)
    second = await started(settings, fake_bot_api)
    try:
        next_key = next(k for k in data if k not in ("hide", "pause", "skip", "back"))
        await feed(second, button(CHAT, data[next_key], sent))
        assert WORDS.stale_button.standard not in [
            c["text"] for c in fake_bot_api.calls("sendMessage")
        ]
        assert last_question(fake_bot_api) is not sent
    finally:
        await stopped(second)
