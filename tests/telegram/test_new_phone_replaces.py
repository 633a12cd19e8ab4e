"""A new phone replaces the old one, end to end through Telegram updates on the recording
fake Bot API: the person answers on their old phone, staff send ``/newlink REF``, the new
phone joins with the link. From then on the old phone gets nothing from the bot (no
reminder, no check-in) and is told nothing; its messages get the reply any stranger gets;
the case still shows the answers it gave; a "contact unsafe" flag carries to the new phone;
a representative's new phone leaves the person alone. The store runs on a test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.nudges import load_nudges
from bot.reminders import remind, sweep
from bot.staff_words import staff_text
from dialogs.types import ContactUnsafe
from storage import generate_key
from storage.models import NewCase
from storage.store import open_store
from tests.clock import FakeClock as Clock
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import Person
from tests.telegram.staff_setup import (
    PERSON,
    PRACTITIONER,
    STRANGER,
    add_staff,
    record,
    say,
    settings_for,
    started,
    stopped,
    svc,
    texts_to,
)
from tests.telegram.test_staff_close_checkin import invite_sent_to
from tests.telegram.test_staff_newlink import link_token

NEW_PHONE = 64100077
REPRESENTATIVE = 64100055
REPRESENTATIVE_NEW_PHONE = 64100056
REMINDER = load_nudges("en").reminder.standard
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 12:00 in London: outside quiet hours


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


@pytest.fixture
async def app(tmp_path: Path, clock: Clock, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    settings = settings_for(tmp_path, generate_key())
    async with open_store(settings.database_path, settings.data_key.get_secret_value(),
                          clock=clock) as store:  # fmt: skip
        application = await started(settings, fake_bot_api, store)
        await add_staff(application)
        yield application
        await stopped(application)


async def old_phone_answered(app: Application, fake: FakeBotApi) -> tuple[NewCase, Person]:
    """REF-1 (Police, with a representative's link) whose person, on their old phone, said
    how safe they feel (2) and left the start questions there."""
    new = await svc(app).store.create_case("Police", "North", "REF-1", representative=True)
    person = Person(app, fake, PERSON)
    await person.up_to_safety(new.person_token)
    await person.choose("safety", "2")
    return new, person


async def new_phone_joins(app: Application, fake: FakeBotApi, kind: str = "") -> None:
    """Staff send /newlink REF-1 [representative]; the new phone opens the link."""
    await say(app, PRACTITIONER, f"/newlink REF-1 {kind}".strip())
    chat = REPRESENTATIVE_NEW_PHONE if kind else NEW_PHONE
    await say(app, chat, f"/start {link_token(fake, PRACTITIONER)}")


async def test_the_reply_to_newlink_says_the_old_phone_gets_nothing_more(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The staff member is told in plain words, with the link, that the old phone will get
    nothing more from the bot once the new phone joins, and that it is not told."""
    await old_phone_answered(app, fake_bot_api)
    await say(app, PRACTITIONER, "/newlink REF-1")
    reply = texts_to(fake_bot_api, PRACTITIONER)[0]
    assert reply.startswith(staff_text("newlink.made", kind="person", ref="REF-1",
                                       organisation="Police", days=14))  # fmt: skip
    assert "old phone gets nothing more from the bot" in reply
    assert "The old phone is not told." in reply


async def test_the_old_phone_gets_no_reminder_and_nothing_else(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """A reminder already due for the old phone's unfinished start questions is not sent
    once the new phone has joined; later sweeps remind only the new phone. The old phone
    gets no message at all after the new phone joins (it is not told), and staff's
    /checkin goes to the new phone."""
    await old_phone_answered(app, fake_bot_api)
    clock.now = NOON + timedelta(hours=25)
    [old_reminder] = await sweep(app, clock.now)
    before = len(texts_to(fake_bot_api, PERSON))
    await new_phone_joins(app, fake_bot_api)
    assert False is await remind(app, old_reminder, clock.now)
    clock.now = NOON + timedelta(hours=50)
    [new_reminder] = await sweep(app, clock.now)
    assert True is await remind(app, new_reminder, clock.now)
    await say(app, PRACTITIONER, "/checkin REF-1")
    assert [] == texts_to(fake_bot_api, PERSON)[before:]
    assert [REMINDER] == [t for t in texts_to(fake_bot_api, NEW_PHONE) if t == REMINDER]
    assert NEW_PHONE == invite_sent_to(fake_bot_api, NEW_PHONE)["chat"]["id"]


async def test_the_old_phones_messages_get_the_strangers_reply(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """After the new phone joins, text typed and a button tapped on the old phone get the
    same reply a chat that never had a link gets, and nothing is recorded."""
    new, person = await old_phone_answered(app, fake_bot_api)
    question = person.keyboard()
    await new_phone_joins(app, fake_bot_api)
    store = svc(app).store
    answers_before = len(await store.answers.for_case(new.case.id))
    await say(app, STRANGER, "hello")
    [stranger_reply] = texts_to(fake_bot_api, STRANGER)
    before = len(texts_to(fake_bot_api, PERSON))
    await person.type("hello")
    await person.tap_text(question["reply_markup"]["inline_keyboard"][0][0]["text"], question)
    assert [stranger_reply, stranger_reply] == texts_to(fake_bot_api, PERSON)[before:]
    assert answers_before == len(await store.answers.for_case(new.case.id))
    assert None is await store.participant_for_chat(PERSON)


async def test_the_case_still_shows_the_old_phones_answers(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/case REF-1 still lists the safety answer given on the old phone, and both phones
    as the person having joined."""
    await old_phone_answered(app, fake_bot_api)
    await new_phone_joins(app, fake_bot_api)
    await say(app, PRACTITIONER, "/case REF-1")
    shown = "\n".join(texts_to(fake_bot_api, PRACTITIONER))
    assert staff_text("case.answer", measure="safety", value="2") in shown
    assert 2 == shown.count("Person joined")


async def test_contact_unsafe_carries_to_the_new_phone(
    app: Application, clock: Clock, fake_bot_api: FakeBotApi
) -> None:
    """Contact was flagged unsafe on the old phone: the new phone's participant is flagged
    too, so /checkin sends nothing to either phone and no reminder is made for it."""
    await old_phone_answered(app, fake_bot_api)
    await record(app, PERSON, ContactUnsafe("start"))
    await new_phone_joins(app, fake_bot_api)
    assert True is (await svc(app).store.participant_for_chat(NEW_PHONE)).contact_unsafe
    await say(app, PRACTITIONER, "/checkin REF-1")
    assert staff_text("checkin.unsafe", ref="REF-1") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert [] == await sweep(app, NOON + timedelta(hours=50))
    assert [] == [m for m in fake_bot_api.sent if m["chat"]["id"] in (PERSON, NEW_PHONE)
                  and "reply_markup" in m and "url" in str(m["reply_markup"])]  # fmt: skip


async def test_a_representatives_new_phone_leaves_the_person_alone(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The representative's new phone replaces the representative's old phone only: the
    person's phone is still the person, and /checkin still reaches it."""
    new, _ = await old_phone_answered(app, fake_bot_api)
    store = svc(app).store
    await say(app, REPRESENTATIVE, f"/start {new.representative_token}")
    await new_phone_joins(app, fake_bot_api, "representative")
    assert None is await store.participant_for_chat(REPRESENTATIVE)
    joined = await store.participant_for_chat(REPRESENTATIVE_NEW_PHONE)
    assert "representative" == joined.kind
    assert "person" == (await store.participant_for_chat(PERSON)).kind
    await say(app, PRACTITIONER, "/checkin REF-1")
    assert PERSON == invite_sent_to(fake_bot_api, PERSON)["chat"]["id"]
