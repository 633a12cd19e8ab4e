"""Staff exchanges survive a restart: ``/newcase`` and ``/close`` half done, the bot stopped
and a new one built on the same database file, and the staff member's next typed answer or
tap carries on where they were. An exchange left too long is dropped with a plain word; one
staff member cannot carry on another's; a removed member's exchange ends, and a role
changed between steps is still refused at the last step."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.staff_words import staff_text
from storage import generate_key, open_store
from storage.staff_exchanges import EXCHANGE_MAX_AGE
from tests.storage.conftest import FakeClock
from tests.telegram.fake_bot_api import FakeBotApi, chat
from tests.telegram.staff_setup import (
    HUB_USER,
    OTHER_PRACTITIONER,
    PERSON,
    PRACTITIONER,
    add_staff,
    case_with_person,
    last_with_buttons,
    say,
    settings_for,
    started,
    stopped,
    svc,
    tap_label,
    texts_to,
)
from tests.telegram.updates import button, feed


class Restartable:
    """The bot on one database file, stopped and built again on demand."""

    def __init__(self, settings: Settings, fake: FakeBotApi) -> None:
        self.settings, self.fake = settings, fake
        self.app: Application | None = None

    async def start(self) -> Application:
        self.app = await started(self.settings, self.fake)
        return self.app

    async def restart(self) -> Application:
        assert self.app is not None
        await stopped(self.app)
        return await self.start()


@pytest.fixture
async def bot(tmp_path: Path, fake_bot_api: FakeBotApi) -> AsyncIterator[Restartable]:
    restartable = Restartable(settings_for(tmp_path, generate_key()), fake_bot_api)
    await add_staff(await restartable.start())
    yield restartable
    assert restartable.app is not None
    await stopped(restartable.app)


def exchanges_in(path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT staff_id, kind, step FROM staff_exchanges").fetchall()


async def test_newcase_carries_on_after_restarts(
    bot: Restartable, fake_bot_api: FakeBotApi
) -> None:
    """Hub staff pick the organisation and type the team; the bot restarts; the typed
    reference is taken; a concern type is ticked; the bot restarts again; Done and "an
    advocate" on the buttons sent before the restart work, and the case has every field
    given."""
    app = bot.app
    assert app is not None
    await say(app, HUB_USER, "/newcase")
    await tap_label(app, fake_bot_api, HUB_USER, "Police")
    await say(app, HUB_USER, "North")
    app = await bot.restart()
    await say(app, HUB_USER, "ASC-2041")
    assert staff_text("newcase.ask_concerns") == texts_to(fake_bot_api, HUB_USER)[-1]
    await tap_label(app, fake_bot_api, HUB_USER, "financial")
    app = await bot.restart()
    await tap_label(app, fake_bot_api, HUB_USER, "Done")
    await tap_label(app, fake_bot_api, HUB_USER, staff_text("buttons.rep_advocate"))
    case = await svc(app).store.cases.get("ASC-2041", "Police")
    assert ("Police", "North", ("financial",), True) == (
        case.organisation, case.team, case.concern_types, case.advocate_involved
    )  # fmt: skip
    assert 2 == len(fake_bot_api.calls("sendPhoto"))  # the person's and the representative's
    assert staff_text("exchange.expired") not in texts_to(fake_bot_api, HUB_USER)
    assert [] == exchanges_in(svc(app).store.path)  # finished: nothing left behind


async def test_close_carries_on_after_a_restart(bot: Restartable, fake_bot_api: FakeBotApi) -> None:
    """/close with risk and capacity given, the bot restarted, then the reason tapped on the
    button sent before the restart: the case is closed with all three fields."""
    app = bot.app
    assert app is not None
    case = await case_with_person(app)
    await say(app, HUB_USER, f"/close {case.local_ref}")
    await tap_label(app, fake_bot_api, HUB_USER, "Risk reduced")
    await tap_label(app, fake_bot_api, HUB_USER, "No")
    app = await bot.restart()
    await tap_label(app, fake_bot_api, HUB_USER, "Person declined")
    closed = await svc(app).store.cases.by_id(case.id)
    assert ("closed", "reduced", "no", "declined") == (
        closed.state, closed.sg2e_risk_outcome, closed.sg3a_capacity, closed.no_end_survey_reason
    )  # fmt: skip
    assert [] == exchanges_in(svc(app).store.path)


@pytest.mark.parametrize("carry_on", ["typed", "tap"])
async def test_an_exchange_left_too_long_is_dropped_with_a_plain_word(
    tmp_path: Path, fake_bot_api: FakeBotApi, carry_on: str
) -> None:
    """A /newcase left a moment longer than the limit: the next typed answer or tap gets
    'start again', no case is opened and the exchange is gone from the store."""
    key, clock = generate_key(), FakeClock()
    settings = settings_for(tmp_path, key)
    async with open_store(settings.database_path, key, clock=clock) as store:
        app = await started(settings, fake_bot_api, store)
        await add_staff(app)
        await say(app, HUB_USER, "/newcase")
        await tap_label(app, fake_bot_api, HUB_USER, "Police")
        await say(app, HUB_USER, "North")
        await say(app, HUB_USER, "ASC-1")  # now at the concern types (buttons)
        clock.advance(seconds=EXCHANGE_MAX_AGE.total_seconds() + 1)
        if carry_on == "typed":
            await say(app, HUB_USER, "ASC-2")
        else:
            await tap_label(app, fake_bot_api, HUB_USER, "Done")
        too_old = staff_text("exchange.too_old", command="newcase", hours=24)
        assert too_old == texts_to(fake_bot_api, HUB_USER)[-1]
        assert ([], []) == (await store.cases.list(), exchanges_in(store.path))
        await stopped(app)


async def test_one_staff_member_cannot_carry_on_anothers_exchange(
    bot: Restartable, fake_bot_api: FakeBotApi
) -> None:
    """Hub and a practitioner each half-way through /newcase: after a restart, the
    practitioner's typed reference goes to their own exchange, the hub's button copied
    into the practitioner's chat fails its signature, and each case ends with its own
    fields."""
    app = bot.app
    assert app is not None
    await say(app, HUB_USER, "/newcase")
    await tap_label(app, fake_bot_api, HUB_USER, "Police")
    await say(app, HUB_USER, "North")
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "South")
    app = await bot.restart()
    await say(app, PRACTITIONER, "P-1")
    await say(app, OTHER_PRACTITIONER, "H-1")  # no exchange: the person side's reply
    await say(app, HUB_USER, "ASC-1")
    hub_buttons = last_with_buttons(fake_bot_api, HUB_USER)
    done = hub_buttons["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    await feed(app, button(PRACTITIONER, done, {**hub_buttons, "chat": chat(PRACTITIONER)}))
    assert staff_text("newcase.ask_concerns") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    for who in (PRACTITIONER, HUB_USER):
        await tap_label(app, fake_bot_api, who, "Done")
        await tap_label(app, fake_bot_api, who, "No")
    store = svc(app).store
    opened = sorted((c.local_ref, c.organisation, c.team) for c in await store.cases.list())
    assert [("ASC-1", "Police", "North"), ("P-1", "Police", "South")] == opened


async def test_a_removed_staff_members_exchange_ends(
    bot: Restartable, fake_bot_api: FakeBotApi
) -> None:
    """A practitioner removed between two steps: the exchange is gone from the store, and
    their next tap on its button is refused as expired; no case is opened."""
    app = bot.app
    assert app is not None
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "South")
    await say(app, PRACTITIONER, "P-2")
    store = svc(app).store
    member = await store.staff.by_telegram_id(PRACTITIONER)
    assert member is not None
    await store.staff.deactivate(member.id)
    assert [] == exchanges_in(store.path)
    app = await bot.restart()
    await tap_label(app, fake_bot_api, PRACTITIONER, "Done")
    assert staff_text("exchange.expired") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert [] == await svc(app).store.cases.list()


async def test_a_role_changed_between_steps_is_refused_at_the_last_step(
    bot: Restartable, fake_bot_api: FakeBotApi
) -> None:
    """The role is checked again at the last step: a practitioner whose role became board
    (changed in the store while the bot was down) gets the refusal, no case is opened and
    the exchange is ended."""
    app = bot.app
    assert app is not None
    await say(app, PRACTITIONER, "/newcase")
    await say(app, PRACTITIONER, "South")
    await say(app, PRACTITIONER, "P-3")
    await tap_label(app, fake_bot_api, PRACTITIONER, "Done")
    path = svc(app).store.path
    await stopped(app)
    with sqlite3.connect(path) as conn:  # no command changes a role in place yet
        conn.execute("UPDATE staff SET role = 'board', organisation_id = NULL"
                     " WHERE role = 'practitioner'")  # fmt: skip
    app = await bot.start()
    await tap_label(app, fake_bot_api, PRACTITIONER, "No")
    assert staff_text("refused.not_for_role") == texts_to(fake_bot_api, PRACTITIONER)[-1]
    assert ([], []) == (await svc(app).store.cases.list(), exchanges_in(path))


async def test_cancel_after_a_restart_ends_the_exchange(
    bot: Restartable, fake_bot_api: FakeBotApi
) -> None:
    """/cancel after a restart still finds and ends the exchange; its buttons then say
    expired, and the person side is not involved."""
    app = bot.app
    assert app is not None
    await say(app, HUB_USER, "/newcase")
    app = await bot.restart()
    await say(app, HUB_USER, "/cancel")
    await tap_label(app, fake_bot_api, HUB_USER, "Police")
    assert [staff_text("exchange.cancelled"), staff_text("exchange.expired")] == texts_to(
        fake_bot_api, HUB_USER
    )[-2:]
    assert [] == exchanges_in(svc(app).store.path)
    assert None is await svc(app).store.participant_for_chat(PERSON)
