"""Staff see their commands in Telegram's menu: when the bot starts, after the public profile,
each active staff member's own chat gets the person's commands plus only the staff commands
their role may use (bot.roles), and a removed member's chat loses its own list. The menus are
set in the background: the bot answers before they are done, a stop cancels them, and nothing
they raise reaches the bot. A member Telegram refuses is skipped with a log line that names
no one. A staff member who is also a participant keeps their staff commands when they choose
a language."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application, CallbackContext

from bot.config import Settings
from bot.profile import person_commands
from bot.profile_words import PERSON_COMMAND_NAMES
from bot.roles import ALLOWED
from bot.staff_menus import (
    REFRESH_JOB,
    STAFF_COMMAND_NAMES,
    STAFF_MENUS_TASK,
    StaffMenus,
    staff_menus_set,
)
from bot.staff_words import staff_text
from bot.transport_words import load_words
from dialogs.content import CONTENT_ROOT, load_language
from storage import generate_key, open_store
from storage.errors import StorageError
from storage.store import Store
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.journey_driver import CONTENT, Person
from tests.telegram.spec_check import spec_problems
from tests.telegram.staff_setup import (
    BOARD_USER,
    HUB_USER,
    OTHER_PRACTITIONER,
    PRACTITIONER,
    say,
    settings_for,
    started,
    stopped,
    texts_to,
)

REMOVED_USER = OTHER_PRACTITIONER
EVERY_STAFF_COMMAND = ["newcase", "cases", "case", "checkin", "newlink", "close", "summary"]
_REFUSALS = {
    403: "Forbidden: bot was blocked by the user",
    400: "Bad Request: chat not found",
}


@dataclass
class ChatRefusingApi(FakeBotApi):
    """The recording fake Bot API that also refuses menu calls scoped to chosen chats (as
    Telegram does for a user who blocked the bot, or never started it), and that can hold
    every chat-scoped call (recorded, not yet answered) until ``held`` is set."""

    refused: dict[int, int] = field(default_factory=dict)  # chat id -> 403 or 400
    held: asyncio.Event | None = None

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        before = len(self.requests)
        answer = await super().do_request(url, method, *args, **kwargs)
        recorded = len(self.requests) > before  # file downloads are not Bot API calls
        scope = self.requests[-1].params.get("scope") if recorded else None
        if isinstance(scope, dict) and self.held is not None:
            await self.held.wait()
        status = self.refused.get(scope.get("chat_id")) if isinstance(scope, dict) else None
        if status is None:
            return answer
        body = {"ok": False, "error_code": status, "description": _REFUSALS[status]}
        return status, json.dumps(body).encode()


@pytest.fixture
def fake_bot_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatRefusingApi]:
    """As tests/conftest.py's fake: every request is checked against the Bot API spec at
    teardown."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    fake = ChatRefusingApi()
    yield fake
    problems = spec_problems(fake.requests)
    assert not problems, "Requests that break the Bot API spec:\n" + "\n".join(problems)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[tuple[Settings, Store]]:
    """A store with a hub, a practitioner, a board member and a removed practitioner."""
    settings = settings_for(tmp_path, generate_key())
    async with open_store(settings) as opened:
        await opened.staff.add(HUB_USER, "hub")
        await opened.staff.add(PRACTITIONER, "practitioner", "Police")
        await opened.staff.add(BOARD_USER, "board")
        removed = await opened.staff.add(REMOVED_USER, "practitioner", "Housing")
        await opened.staff.deactivate(removed.id)
        yield settings, opened


def staff_part(staff_command_names: list[str]) -> list[dict[str, str]]:
    """The named staff commands, described in staff words."""
    return [
        {"command": n, "description": staff_text(f"staff_commands.{n}")}
        for n in staff_command_names
    ]


def menu(staff_command_names: list[str]) -> list[dict[str, str]]:
    """The English person's menu, then the named staff commands in staff words."""
    person_words = load_words("en").profile.commands
    person = [{"command": n, "description": getattr(person_words, n)} for n in PERSON_COMMAND_NAMES]
    return person + staff_part(staff_command_names)


def chat_scoped(fake: FakeBotApi, method: str) -> list[dict[str, Any]]:
    return [call for call in fake.calls(method) if "scope" in call]


def scope(chat_id: int) -> dict[str, Any]:
    return {"type": "chat", "chat_id": chat_id}


async def test_start_shows_each_role_its_own_menu_and_clears_a_removed_members(
    store: tuple[Settings, Store], fake_bot_api: ChatRefusingApi
) -> None:
    """At start the hub and the practitioner get every staff command, the board member only
    /summary (bot.roles refuses them the rest), each in their own chat; the removed member's
    chat-scoped list is deleted; and all of it comes after the public profile."""
    settings, opened = store
    app = await started(settings, fake_bot_api, opened)
    assert StaffMenus(shown=3, removed=1, failed=0) == await staff_menus_set(app)
    await stopped(app)
    expected = [
        {"commands": menu(EVERY_STAFF_COMMAND), "scope": scope(HUB_USER)},
        {"commands": menu(EVERY_STAFF_COMMAND), "scope": scope(PRACTITIONER)},
        {"commands": menu(["summary"]), "scope": scope(BOARD_USER)},
    ]
    assert expected == chat_scoped(fake_bot_api, "setMyCommands")
    assert [{"scope": scope(REMOVED_USER)}] == fake_bot_api.calls("deleteMyCommands")
    methods = fake_bot_api.methods()
    last_public = max(i for i, m in enumerate(methods) if m == "setMyShortDescription")
    first_staff = min(i for i, r in enumerate(fake_bot_api.requests) if "scope" in r.params)
    assert last_public < first_staff


async def test_a_member_telegram_refuses_is_skipped_and_the_bot_still_starts(
    store: tuple[Settings, Store],
    fake_bot_api: ChatRefusingApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The hub blocked the bot (403) and the removed member never started it (400): the
    practitioner and board member still get their menus, the bot starts and answers staff
    commands, and the log has one warning per failure and a count, with no user id."""
    settings, opened = store
    fake_bot_api.refused.update({HUB_USER: 403, REMOVED_USER: 400})
    with caplog.at_level(logging.INFO, logger="bot.staff_menus"):
        app = await started(settings, fake_bot_api, opened)
        await say(app, PRACTITIONER, "/cases")
        assert StaffMenus(shown=2, removed=0, failed=2) == await staff_menus_set(app)
    await stopped(app)
    assert [scope(c) for c in (HUB_USER, PRACTITIONER, BOARD_USER)] == [
        call["scope"] for call in chat_scoped(fake_bot_api, "setMyCommands")
    ]
    assert [staff_text("cases.none")] == texts_to(fake_bot_api, PRACTITIONER)
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.staff_menus"]
    assert [
        "A staff command menu was not shown (Forbidden)",
        "A staff command menu was not removed (BadRequest)",
        "Staff command menus: 2 shown, 0 removed, 2 failed",
    ] == logged
    every_line = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    ids = (HUB_USER, PRACTITIONER, BOARD_USER, REMOVED_USER)
    assert [] == [user for user in ids if str(user) in every_line]


async def refresh_menus(app: Application) -> None:
    """Run the running bot's periodic menu refresh once, now (its job queue is not started
    in tests)."""
    [job] = app.job_queue.get_jobs_by_name(REFRESH_JOB)
    await job.callback(CallbackContext.from_job(job, app))


async def test_staff_changed_while_the_bot_runs_get_their_menu_at_the_next_refresh(
    store: tuple[Settings, Store], fake_bot_api: ChatRefusingApi
) -> None:
    """Someone added to the staff after the start gets their menu at the next refresh, and a
    member removed meanwhile loses theirs; a refresh with nothing new asks nothing of
    Telegram."""
    settings, opened = store
    app = await started(settings, fake_bot_api, opened)
    await refresh_menus(app)
    before = len(fake_bot_api.requests)
    await refresh_menus(app)
    assert before == len(fake_bot_api.requests)  # nothing changed: no request
    newcomer = 83_100_099
    await opened.staff.add(newcomer, "board")
    board_member = await opened.staff.by_telegram_id(BOARD_USER)
    await opened.staff.deactivate(board_member.id)
    await refresh_menus(app)
    await stopped(app)
    new_calls = [(request.method, request.params.get("scope", {}).get("chat_id"))
                 for request in fake_bot_api.requests[before:]]  # fmt: skip
    assert [("deleteMyCommands", BOARD_USER), ("setMyCommands", newcomer)] == new_calls
    newcomer_menu = chat_scoped(fake_bot_api, "setMyCommands")[-1]
    assert {"commands": menu(["summary"]), "scope": scope(newcomer)} == newcomer_menu


async def test_a_member_added_back_gets_their_menu_again(
    store: tuple[Settings, Store], fake_bot_api: ChatRefusingApi
) -> None:
    """A removed member added back (as hub) gets the hub's menu at the next start, and their
    list is no longer deleted."""
    settings, opened = store
    await opened.staff.add(REMOVED_USER, "hub")
    await stopped(await started(settings, fake_bot_api, opened))
    scoped = {call["scope"]["chat_id"]: call for call in chat_scoped(fake_bot_api, "setMyCommands")}
    assert menu(EVERY_STAFF_COMMAND) == scoped[REMOVED_USER]["commands"]
    assert [] == fake_bot_api.calls("deleteMyCommands")


async def test_a_removed_members_list_is_removed_once_until_they_are_removed_again(
    store: tuple[Settings, Store], fake_bot_api: ChatRefusingApi
) -> None:
    """A removal Telegram refused (400) is tried again at the next start; once it worked, the
    starts after it leave that chat alone; added back and removed once more, the member's
    list is removed again, once. The audit holds staff row ids, never a Telegram id."""
    settings, opened = store

    async def deletions_at_a_start() -> int:
        before = len(fake_bot_api.calls("deleteMyCommands"))
        await stopped(await started(settings, fake_bot_api, opened))
        return len(fake_bot_api.calls("deleteMyCommands")) - before

    fake_bot_api.refused[REMOVED_USER] = 400
    refused = await deletions_at_a_start()
    fake_bot_api.refused.clear()
    first_starts = [refused, await deletions_at_a_start(), await deletions_at_a_start()]
    member = await opened.staff.add(REMOVED_USER, "board")
    assert 0 == await deletions_at_a_start()
    await opened.staff.deactivate(member.id)
    later_starts = [await deletions_at_a_start(), await deletions_at_a_start()]
    assert ([1, 1, 0], [1, 0]) == (first_starts, later_starts)
    audited = [entry.detail for entry in await opened.audit.entries(action="staff_menu_removed")]
    assert [{"staff_ids": [member.id]}, {"staff_ids": [member.id]}] == audited


def test_every_menu_command_is_a_roles_action_and_every_action_is_in_the_menu() -> None:
    """Who sees a staff command is decided by bot.roles alone: each menu command is an
    action there, and no staff action is left out of the menu."""
    assert sorted(ALLOWED) == sorted(STAFF_COMMAND_NAMES)


async def test_the_bot_answers_before_the_menus_are_set_and_a_stop_cancels_them(
    store: tuple[Settings, Store],
    fake_bot_api: ChatRefusingApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With Telegram holding every menu call, the start still returns and the bot answers
    /cases while the menus wait; stopping then cancels them quietly (nothing logged) and
    leaves no task behind. Once released, a second start finishes them all."""
    settings, opened = store
    fake_bot_api.held = asyncio.Event()
    with caplog.at_level(logging.INFO, logger="bot.staff_menus"):
        async with asyncio.timeout(5):  # the menus set in post_init would hold it for ever
            app = await started(settings, fake_bot_api, opened, wait_for_staff_menus=False)
        await say(app, PRACTITIONER, "/cases")
        task = app.bot_data[STAFF_MENUS_TASK]
        assert [staff_text("cases.none")] == texts_to(fake_bot_api, PRACTITIONER)
        assert False is task.done()
        await stopped(app)
    assert True is task.cancelled()
    assert STAFF_MENUS_TASK not in app.bot_data
    assert [] == [r.getMessage() for r in caplog.records if r.name == "bot.staff_menus"]
    fake_bot_api.held.set()
    app = await started(settings, fake_bot_api, opened)
    assert StaffMenus(shown=3, removed=1, failed=0) == await staff_menus_set(app)
    await stopped(app)


async def test_an_error_in_the_menus_is_logged_by_type_and_the_bot_carries_on(
    store: tuple[Settings, Store],
    fake_bot_api: ChatRefusingApi,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The staff list cannot be read (an error whose message names a user): the menus stop
    with one warning naming only the error's type, no menu is set, and the bot answers."""
    settings, opened = store

    async def unreadable() -> list[Any]:
        raise RuntimeError(f"staff row for user {PRACTITIONER} is unreadable")

    monkeypatch.setattr(opened.staff, "list", unreadable)
    with caplog.at_level(logging.INFO, logger="bot.staff_menus"):
        app = await started(settings, fake_bot_api, opened)
        assert None is await staff_menus_set(app)
    monkeypatch.undo()
    await say(app, PRACTITIONER, "/cases")
    await stopped(app)
    assert [staff_text("cases.none")] == texts_to(fake_bot_api, PRACTITIONER)
    assert [] == chat_scoped(fake_bot_api, "setMyCommands")
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.staff_menus"]
    assert ["The staff command menus stopped (RuntimeError)"] == logged


async def staff_member_chooses_polish_as_a_participant(
    settings: Settings, fake: ChatRefusingApi, opened: Store, member: int = PRACTITIONER
) -> None:
    """A staff member (the practitioner) tries a person link from their own account, then
    types /language pl."""
    polish = {"en": CONTENT, "pl": load_language(CONTENT_ROOT / "pl")}
    app = await started(settings, fake, opened, catalogue=polish)  # start's menus set
    new = await opened.create_case("Police", "North", "REF-S1")
    staff_as_person = Person(app, fake, member)
    await staff_as_person.up_to_safety(new.person_token)
    await staff_as_person.type("/language pl")
    await stopped(app)


async def test_a_staff_member_who_chose_a_language_as_a_participant_keeps_staff_commands(
    store: tuple[Settings, Store], fake_bot_api: ChatRefusingApi
) -> None:
    """A staff member who chose Polish as a participant: their chat's menu becomes the
    Polish person menu followed by the practitioner's staff commands (staff words), not the
    person menu alone."""
    settings, opened = store
    await staff_member_chooses_polish_as_a_participant(settings, fake_bot_api, opened)
    polish_person = [command.to_dict() for command in person_commands("pl")]
    assert polish_person != menu([])  # the change is visible: Polish is not the fallback
    expected = {"commands": polish_person + staff_part(EVERY_STAFF_COMMAND),
                "scope": scope(PRACTITIONER)}  # fmt: skip
    assert expected == chat_scoped(fake_bot_api, "setMyCommands")[-1]


async def test_a_removed_staff_member_who_chose_a_language_gets_no_staff_commands(
    store: tuple[Settings, Store], fake_bot_api: ChatRefusingApi
) -> None:
    """A removed member is no longer staff: choosing Polish as a participant gives their
    chat the Polish person menu alone (their staff commands were taken away at start)."""
    settings, opened = store
    await staff_member_chooses_polish_as_a_participant(
        settings, fake_bot_api, opened, member=REMOVED_USER
    )
    polish_person = [command.to_dict() for command in person_commands("pl")]
    expected = {"commands": polish_person, "scope": scope(REMOVED_USER)}
    assert expected == chat_scoped(fake_bot_api, "setMyCommands")[-1]


async def test_when_the_store_cannot_say_who_is_staff_the_menu_is_left_alone(
    store: tuple[Settings, Store],
    fake_bot_api: ChatRefusingApi,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The staff look-up fails after the language change (saved and answered): the chat keeps
    the menu the start gave it (staff commands and all), and one warning names the error's
    type only."""
    settings, opened = store

    async def unreadable(telegram_user_id: int) -> None:
        raise StorageError(f"user {telegram_user_id} could not be read")

    monkeypatch.setattr(opened.staff, "by_telegram_id", unreadable)
    with caplog.at_level(logging.WARNING, logger="bot.journey"):
        await staff_member_chooses_polish_as_a_participant(settings, fake_bot_api, opened)
    practitioners = [c for c in chat_scoped(fake_bot_api, "setMyCommands")
                     if c["scope"] == scope(PRACTITIONER)]  # fmt: skip
    assert [menu(EVERY_STAFF_COMMAND)] == [call["commands"] for call in practitioners]
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.journey"]
    assert ["The command menu was not changed to a language (StorageError)"] == logged
