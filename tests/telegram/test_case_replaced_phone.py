"""An old phone after a new one replaced it, end to end through Telegram updates on the
recording fake Bot API (the person answers on the old phone, staff send /checkin there,
then /newlink, and the new phone joins):

- ``/case REF`` marks the old phone's row plainly as the old phone that gets nothing;
- the check-in link the bot had sent to the old phone, opened there, gets the plain "link
  not working" reply any refused link gets, joins nothing and shows nothing; the refusal
  is audited as ``replaced_phone``; the hub alert chat gets its own neutral note naming
  only the case reference (not the "opened from another account, make a new link" one).
The store runs on a test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.staff_words import staff_text
from bot.transport_words import load_words
from storage import generate_key
from storage.store import open_store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.staff_setup import (
    HUB_CHAT,
    PERSON,
    PRACTITIONER,
    add_staff,
    say,
    settings_for,
    started,
    stopped,
    svc,
    texts_to,
)
from tests.telegram.test_new_phone_replaces import (
    NEW_PHONE,
    NOON,
    REPRESENTATIVE,
    Clock,
    new_phone_joins,
    old_phone_answered,
)
from tests.telegram.test_staff_close_checkin import invite_sent_to, token_of

JOINED = "10 Mar 2026"  # the test clock's day
LINK_NOT_WORKING = load_words("en").link_not_working.standard


@pytest.fixture
async def app(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    settings = settings_for(tmp_path, generate_key())
    async with open_store(settings.database_path, settings.data_key.get_secret_value(),
                          clock=Clock(NOON)) as store:  # fmt: skip
        application = await started(settings, fake_bot_api, store)
        await add_staff(application)
        yield application
        await stopped(application)


def person_line(replaced: bool) -> str:
    line = staff_text("case.participant", kind="Person", joined=JOINED, variant="standard",
                      unsafe="")  # fmt: skip
    return f"{line} {staff_text('case.replaced')}" if replaced else line


async def case_shown(app: Application, fake: FakeBotApi) -> list[str]:
    """The lines of the reply to /case REF-1."""
    await say(app, PRACTITIONER, "/case REF-1")
    return texts_to(fake, PRACTITIONER)[-1].split("\n")


async def old_checkin_link(app: Application, fake: FakeBotApi) -> str:
    """The old phone answers, /checkin REF-1 sends it a check-in link (its token is
    returned), then the new phone joins through /newlink."""
    await old_phone_answered(app, fake)
    await say(app, PRACTITIONER, "/checkin REF-1")
    token = token_of(invite_sent_to(fake, PERSON))
    await new_phone_joins(app, fake)
    return token


async def test_case_marks_the_old_phone_and_only_it(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """/case REF-1 lists the old phone's row with the words that say it is the old phone,
    replaced, getting nothing; the new phone's row is the plain one."""
    await old_phone_answered(app, fake_bot_api)
    assert [person_line(replaced=False)] == [
        line for line in await case_shown(app, fake_bot_api) if line.startswith("Person")
    ]
    await new_phone_joins(app, fake_bot_api)
    assert [person_line(replaced=True), person_line(replaced=False)] == [
        line for line in await case_shown(app, fake_bot_api) if line.startswith("Person")
    ]


async def test_case_marks_a_representatives_old_phone_not_the_persons(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """A representative's new phone: only the representative's old row is marked."""
    new, _ = await old_phone_answered(app, fake_bot_api)
    await say(app, REPRESENTATIVE, f"/start {new.representative_token}")
    await new_phone_joins(app, fake_bot_api, "representative")
    shown = await case_shown(app, fake_bot_api)
    marked = [line for line in shown if line.endswith(staff_text("case.replaced"))]
    assert 1 == len(marked) and marked[0].startswith("Representative")
    assert [person_line(replaced=False)] == [line for line in shown if line.startswith("Person")]


async def test_the_old_phones_checkin_link_is_refused_and_the_hub_told(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The old phone taps the check-in link the bot had sent it: it gets only the plain
    "link not working" reply (no question, nothing of the case); no one joins and nothing
    is recorded; the refusal is audited against the case as replaced_phone; the hub alert
    chat gets the replaced-phone note, which names only the case reference."""
    token = await old_checkin_link(app, fake_bot_api)
    store = svc(app).store
    case = await store.cases.get("REF-1")
    participants = await store.participants.for_case(case.id)
    answers = await store.answers.for_case(case.id)
    to_old, to_hub = len(texts_to(fake_bot_api, PERSON)), len(texts_to(fake_bot_api, HUB_CHAT))
    await say(app, PERSON, f"/start {token}")
    assert [LINK_NOT_WORKING] == texts_to(fake_bot_api, PERSON)[to_old:]
    assert None is await store.participant_for_chat(PERSON)
    assert participants == await store.participants.for_case(case.id)
    assert answers == await store.answers.for_case(case.id)
    refusals = await store.audit.entries(action="invite_refused")
    assert [(case.id, {"reason": "replaced_phone"})] == [(e.case_id, e.detail) for e in refusals]
    note = staff_text("invite.replaced_phone", ref="REF-1", organisation="Police")
    assert [note] == texts_to(fake_bot_api, HUB_CHAT)[to_hub:]
    assert "REF-1" in note and "Police" not in note and str(PERSON) not in note


async def test_the_new_phone_carries_on_after_the_old_link_is_refused(
    app: Application, fake_bot_api: FakeBotApi
) -> None:
    """The refusal changes nothing for the new phone: it is still the case's person and
    staff's next /checkin reaches it (and not the old phone)."""
    token = await old_checkin_link(app, fake_bot_api)
    await say(app, PERSON, f"/start {token}")
    store = svc(app).store
    assert "person" == (await store.participant_for_chat(NEW_PHONE)).kind
    before = len(texts_to(fake_bot_api, PERSON))
    await say(app, PRACTITIONER, "/checkin REF-1")
    assert NEW_PHONE == invite_sent_to(fake_bot_api, NEW_PHONE)["chat"]["id"]
    assert [] == texts_to(fake_bot_api, PERSON)[before:]
