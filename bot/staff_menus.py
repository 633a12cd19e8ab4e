"""Keeping each staff member's own command menu up to date (what it lists is
``bot.staff_menu_commands``). Staff commands are never listed for everyone; in a private
chat the chat id is the user id.

At start, in the background so the bot answers people at once (a request per member under
the overall rate limit), each active member's chat gets their menu and each removed
member's chat loses its own list once (audited as ``staff_menu_removed``). Every
``REFRESH_MINUTES`` the running bot does the same for anyone added, given another role or
removed since. A member Telegram refuses (never started the bot, blocked it) is logged
without any id; anything else is logged by its type alone. The person's part is in English.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext

from bot.staff_menu_commands import STAFF_COMMAND_NAMES as STAFF_COMMAND_NAMES  # re-exported
from bot.staff_menu_commands import show_staff_commands
from bot.staff_menu_commands import staff_commands as staff_commands
from storage.models import StaffMember
from storage.store import Store

# bot_data key of the background task that sets the staff menus (await it to know they are set)
STAFF_MENUS_TASK = "staff_menus_task"
# audit action: these removed members' own lists are gone (detail: staff row ids, never users)
MENU_REMOVED = "staff_menu_removed"
# bot_data key: (staff id, role) pairs whose menu this run has set
SHOWN_KEY = "staff_menus_shown"
# how often a running bot looks for staff added, given another role or removed since
REFRESH_MINUTES = 10
REFRESH_JOB = "staff command menus"
_LOGGER = logging.getLogger(__name__)


def shown_menus(bot_data: MutableMapping[str, Any]) -> set[tuple[int, str]]:
    """The (staff id, role) pairs whose menu this run of the bot has set."""
    return bot_data.setdefault(SHOWN_KEY, set())


@dataclass(frozen=True)
class StaffMenus:
    """How the staff menus went at start: counts (logged, compared), and the staff rows
    whose list was removed (for the audit, never logged)."""

    shown: int = 0
    removed: int = 0
    failed: int = 0
    removed_staff: tuple[int, ...] = field(default=(), compare=False, repr=False)


def start_staff_menus(application: Application, store: Store) -> asyncio.Task[StaffMenus | None]:
    """Set the staff menus in a background task, kept in ``bot_data[STAFF_MENUS_TASK]``
    (``staff_menus_set`` awaits it) and cancelled when the bot shuts down, before its store
    closes: a member left out then gets their menu at the next start."""
    task = asyncio.create_task(
        _staff_menus_in_background(application.bot, store, shown_menus(application.bot_data)),
        name="staff command menus",
    )
    application.bot_data[STAFF_MENUS_TASK] = task
    previous_shutdown = application.post_shutdown

    async def cancel_staff_menus(app: Application) -> None:
        task.cancel()
        await asyncio.wait([task])  # not `await task`: that would raise CancelledError here
        app.bot_data.pop(STAFF_MENUS_TASK, None)
        if previous_shutdown is not None:
            await previous_shutdown(app)

    application.post_shutdown = cancel_staff_menus  # type: ignore[assignment]
    return task


def schedule_menu_refresh(application: Application, store: Store) -> None:
    """Every ``REFRESH_MINUTES`` while the bot runs, show the menu of anyone added to the
    staff (or given another role) since, and remove a removed member's: ``checkin staff``
    changes the store, not the running bot. A failure reaches the error handler (logged by
    type); the next run tries again."""
    if application.job_queue is None:
        return
    shown = shown_menus(application.bot_data)

    async def refresh(context: CallbackContext) -> None:
        await announce_staff_menus(context.bot, store, shown, quiet_if_none=True)

    interval = REFRESH_MINUTES * 60
    application.job_queue.run_repeating(refresh, interval=interval, first=interval,
                                        name=REFRESH_JOB)  # fmt: skip


async def staff_menus_set(application: Application) -> StaffMenus | None:
    """Wait for the background staff menus; their counts, or None (none started, or they
    stopped on an error, already logged)."""
    task = application.bot_data.get(STAFF_MENUS_TASK)
    return None if task is None else await task


async def _staff_menus_in_background(
    bot: Bot, store: Store, shown_now: set[tuple[int, str]]
) -> StaffMenus | None:
    """``announce_staff_menus``, where nothing it raises can reach the bot: the error is
    logged by its type alone (its message may name someone) and the task ends."""
    try:
        return await announce_staff_menus(bot, store, shown_now)
    except Exception as exc:  # a background task: there is no caller left to tell
        _LOGGER.warning("The staff command menus stopped (%s)", type(exc).__name__)
        return None


async def announce_staff_menus(
    bot: Bot, store: Store, shown_now: set[tuple[int, str]] | None = None,
    *, quiet_if_none: bool = False,
) -> StaffMenus:  # fmt: skip
    """Show each active staff member their menu (unless ``shown_now`` says this run already
    did, for their current role) and remove a removed member's own list, unless that was done
    since they were removed (a refused removal is tried again). The counts are logged, or
    with ``quiet_if_none`` only when there was something to do."""
    done = await _lists_already_removed(store)
    shown = shown_now if shown_now is not None else set()
    staff = [m for m in await store.staff.list()
             if ((m.id, m.role) not in shown if m.active else m.id not in done)]  # fmt: skip
    menus = await set_staff_menus(bot, staff, shown_now)
    if staff or not quiet_if_none:
        _LOGGER.info(
            "Staff command menus: %d shown, %d removed, %d failed",
            menus.shown, menus.removed, menus.failed,
        )  # fmt: skip
    if menus.removed_staff:
        await store.audit.record("system", MENU_REMOVED, staff_ids=list(menus.removed_staff))
    return menus


async def _lists_already_removed(store: Store) -> set[int]:
    """Staff rows whose list was removed after their latest removal from the staff (audit
    ids only grow, so a later entry is a later event)."""
    removed_from_staff = {
        entry.detail.get("staff_id"): entry.id
        for entry in await store.audit.entries(action="staff_deactivated")
    }
    list_removed = {
        staff_id: entry.id
        for entry in await store.audit.entries(action=MENU_REMOVED)
        for staff_id in entry.detail.get("staff_ids", [])
    }
    return {
        staff_id
        for staff_id, entry_id in list_removed.items()
        if entry_id > removed_from_staff.get(staff_id, 0)
    }


async def set_staff_menus(
    bot: Bot, staff: Iterable[StaffMember], shown_now: set[tuple[int, str]] | None = None
) -> StaffMenus:
    """One request per member, one after another (the rate limiter paces them); a member
    Telegram refuses is logged by error type only and the rest carry on. Each menu shown is
    added to ``shown_now`` (staff id, role), if given."""
    shown = failed = 0
    removed: list[int] = []
    for member in staff:
        chat_id = member.telegram_user_id  # a private chat's id is the user's id
        try:
            if member.active:
                await show_staff_commands(bot, chat_id, member.role)
                shown += 1
                if shown_now is not None:
                    shown_now.add((member.id, member.role))
            else:
                await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
                removed.append(member.id)
                if shown_now is not None:  # added back later: shown again
                    shown_now.discard((member.id, member.role))
        except TelegramError as exc:
            failed += 1
            done = "shown" if member.active else "removed"
            _LOGGER.warning("A staff command menu was not %s (%s)", done, type(exc).__name__)
    return StaffMenus(shown, len(removed), failed, tuple(removed))
