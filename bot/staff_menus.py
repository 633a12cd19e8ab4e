"""Each staff member's own command menu, set at start in the background.

Staff commands are never listed for everyone. At start, after the public profile, each
active staff member's own chat gets the person's commands plus the staff commands their role
may use (``bot.roles.ALLOWED``: a board member sees /summary, not /newcase), and each removed
member's chat loses its own list once (audited as ``staff_menu_removed``: not again at each
start), so they are back to the public one. In a private chat the chat id is the user id.
That is a request per member under the overall rate limit (about a second per 30), so it
runs in the background (``start_staff_menus``) and the bot answers people at once. A member
Telegram refuses (never started the bot, blocked it) is logged without any id and skipped;
anything else that stops the menus is logged by its type alone. The start always lists the
person's commands in English, even for a member who chose another language as a participant.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application

from bot.profile import person_commands
from bot.roles import ALLOWED
from bot.staff_words import staff_text
from storage.models import Role, StaffMember
from storage.store import Store

# The staff menu, in order; each is a bot.roles action, which says who may see it.
STAFF_COMMAND_NAMES: tuple[str, ...] = (
    "newcase", "cases", "case", "checkin", "newlink", "close", "summary",
)  # fmt: skip
# bot_data key of the background task that sets the staff menus (await it to know they are set)
STAFF_MENUS_TASK = "staff_menus_task"
# audit action: these removed members' own lists are gone (detail: staff row ids, never users)
MENU_REMOVED = "staff_menu_removed"
_LOGGER = logging.getLogger(__name__)


def staff_commands(role: Role) -> list[BotCommand]:
    """The staff commands ``role`` may use (``bot.roles.ALLOWED``), in menu order, in staff
    words (``[staff_commands]`` in bot/staff_words.toml)."""
    return [
        BotCommand(name, staff_text(f"staff_commands.{name}"))
        for name in STAFF_COMMAND_NAMES
        if role in ALLOWED[name]
    ]


async def show_staff_commands(bot: Bot, chat_id: int, role: Role) -> None:
    """List the person's commands and the staff commands ``role`` may use in one staff
    member's private chat (raises Telegram's error)."""
    await bot.set_my_commands(
        person_commands() + staff_commands(role), scope=BotCommandScopeChat(chat_id)
    )


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
        _staff_menus_in_background(application.bot, store), name="staff command menus"
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


async def staff_menus_set(application: Application) -> StaffMenus | None:
    """Wait for the background staff menus; their counts, or None (none started, or they
    stopped on an error, already logged)."""
    task = application.bot_data.get(STAFF_MENUS_TASK)
    return None if task is None else await task


async def _staff_menus_in_background(bot: Bot, store: Store) -> StaffMenus | None:
    """``announce_staff_menus``, where nothing it raises can reach the bot: the error is
    logged by its type alone (its message may name someone) and the task ends."""
    try:
        return await announce_staff_menus(bot, store)
    except Exception as exc:  # a background task: there is no caller left to tell
        _LOGGER.warning("The staff command menus stopped (%s)", type(exc).__name__)
        return None


async def announce_staff_menus(bot: Bot, store: Store) -> StaffMenus:
    """Show each active staff member their menu and remove a removed member's own list,
    unless that was done since they were removed (a refused removal is tried again)."""
    done = await _lists_already_removed(store)
    staff = [m for m in await store.staff.list() if m.active or m.id not in done]
    menus = await set_staff_menus(bot, staff)
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


async def set_staff_menus(bot: Bot, staff: Iterable[StaffMember]) -> StaffMenus:
    """One request per member, one after another (the rate limiter paces them); a member
    Telegram refuses is logged by error type only and the rest carry on."""
    shown = failed = 0
    removed: list[int] = []
    for member in staff:
        chat_id = member.telegram_user_id  # a private chat's id is the user's id
        try:
            if member.active:
                await show_staff_commands(bot, chat_id, member.role)
                shown += 1
            else:
                await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
                removed.append(member.id)
        except TelegramError as exc:
            failed += 1
            done = "shown" if member.active else "removed"
            _LOGGER.warning("A staff command menu was not %s (%s)", done, type(exc).__name__)
    return StaffMenus(shown, len(removed), failed, tuple(removed))
