"""Shared set-up for the staff, roles and reminder tests: a real SQLite store in tmp_path,
the whole bot (person, alert and staff handlers, reminders) on the recording fake Bot API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram.ext import AIORateLimiter, Application, BaseRateLimiter

from bot import alerts, handlers_person
from bot.app import build_application
from bot.config import Settings
from bot.handlers_staff import register_staff_handlers
from bot.reminders import schedule_reminders
from bot.services import SERVICES_KEY, BotServices, attach_services
from bot.staff_menus import staff_menus_set
from dialogs.content import CONTENT_ROOT, load_language
from dialogs.schema import LanguageContent
from dialogs.types import Answer, AnswerContext, Record
from storage.models import Case
from storage.store import Store
from tests.telegram.conftest import TEST_TOKEN
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.updates import button, feed, message

HUB_CHAT = -1009000001
PERSON = 64100001
HUB_USER = 64200001
PRACTITIONER = 64200002
OTHER_PRACTITIONER = 64200003
BOARD_USER = 64200004
STRANGER = 64200009
ENGLISH = {"en": load_language(CONTENT_ROOT / "en")}


def settings_for(tmp_path: Path, key: str, **reminders: Any) -> Settings:
    return Settings.model_validate({
        "telegram_token": TEST_TOKEN,
        "data_key": key,
        "storage": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
        "telegram": {"hub_alert_chat_id": HUB_CHAT},
        "reminders": reminders,
    })  # fmt: skip


async def started(
    settings: Settings, fake: FakeBotApi, store: Store | None = None, *,
    rate_limiter: BaseRateLimiter | None = None,
    catalogue: dict[str, LanguageContent] | None = None, wait_for_staff_menus: bool = True,
) -> Application:  # fmt: skip
    """The bot as ``checkin run`` builds it, started (post_init run), not polling. ``store``:
    an already open store (e.g. with a test clock); by default the bot opens its own.
    ``rate_limiter``: none by default (limits are tested on their own); ``catalogue``:
    English by default. The staff menus the bot sets in the background are awaited, so
    their requests never land amid a test's (``wait_for_staff_menus=False``: not)."""
    unlimited = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
    app = build_application(settings, request=fake, rate_limiter=rate_limiter or unlimited)
    attach_services(app, settings, store, catalogue=catalogue or ENGLISH)
    alerts.register(app)
    handlers_person.register(app)
    register_staff_handlers(app)
    schedule_reminders(app)
    await app.initialize()
    await app.post_init(app)
    if wait_for_staff_menus:
        await staff_menus_set(app)
    return app


async def stopped(app: Application) -> None:
    await app.shutdown()
    await app.post_shutdown(app)


def svc(app: Application) -> BotServices:
    return app.bot_data[SERVICES_KEY]


async def add_staff(app: Application) -> None:
    """Hub, two practitioners (Police, Housing) and a board member."""
    staff = svc(app).store.staff
    await staff.add(HUB_USER, "hub")
    await staff.add(PRACTITIONER, "practitioner", "Police")
    await staff.add(OTHER_PRACTITIONER, "practitioner", "Housing")
    await staff.add(BOARD_USER, "board")


async def say(app: Application, chat_id: int, text: str) -> None:
    await feed(app, message(chat_id, text))


def texts_to(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [c.get("text", c.get("caption", "")) for c in fake.sent if c["chat"]["id"] == chat_id]


def last_with_buttons(fake: FakeBotApi, chat_id: int) -> dict[str, Any]:
    """The latest message with buttons in the chat, with any later edit of its buttons."""
    sent = dict([m for m in fake.sent if m["chat"]["id"] == chat_id and "reply_markup" in m][-1])
    for edit in fake.calls("editMessageReplyMarkup"):
        if edit["message_id"] == sent["message_id"] and edit.get("reply_markup"):
            sent["reply_markup"] = edit["reply_markup"]
    return sent


async def tap_label(app: Application, fake: FakeBotApi, chat_id: int, label: str) -> None:
    """Tap the button labelled ``label`` on the latest message with buttons in the chat."""
    sent = last_with_buttons(fake, chat_id)
    buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    data = next(b["callback_data"] for b in buttons if b["text"] == label)
    await feed(app, button(chat_id, data, sent))


async def case_with_person(
    app: Application, ref: str = "REF-1", organisation: str = "Police", chat_id: int = PERSON
) -> Case:
    """A case whose person has joined with their link (and been asked the first question)."""
    new = await svc(app).store.create_case(organisation, "North", ref)
    await say(app, chat_id, f"/start {new.person_token}")
    return new.case


def answer(measure: str, value: str, text: str | None = None, timepoint: str = "start") -> Answer:
    context = AnswerContext(timepoint, "standard", "en", "self")  # type: ignore[arg-type]
    return Answer(measure, value, context, question_id=measure, text=text)


async def record(app: Application, chat_id: int, *records: Record) -> None:
    """Store records in the chat's current survey, as a saved turn would."""
    store = svc(app).store
    participant = await store.participant_for_chat(chat_id)
    assert participant is not None
    state = await store.load_session(participant.id, participant.current_timepoint)
    assert state is not None
    await store.save_turn(participant.id, participant.current_timepoint, records, state,
                          channel="telegram", source_message_id=None)  # fmt: skip
