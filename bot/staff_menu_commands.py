"""What a staff member's own command menu lists: the person's commands, then the staff
commands their role may use (``bot.roles.ALLOWED``: a board member sees /summary, not
/newcase), in staff words. Keeping every member's menu up to date is ``bot.staff_menus``."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat

from bot.profile import person_commands
from bot.roles import ALLOWED
from bot.staff_words import staff_text
from storage.models import Role

# The staff menu, in order; each is a bot.roles action, which says who may see it.
STAFF_COMMAND_NAMES: tuple[str, ...] = (
    "newcase", "cases", "case", "checkin", "newlink", "close", "summary",
)  # fmt: skip


def staff_commands(role: Role) -> list[BotCommand]:
    """The staff commands ``role`` may use (``bot.roles.ALLOWED``), in menu order, in staff
    words (``[staff_commands]`` in bot/staff_words.toml)."""
    return [
        BotCommand(name, staff_text(f"staff_commands.{name}"))
        for name in STAFF_COMMAND_NAMES
        if role in ALLOWED[name]
    ]


# Commands that name a case: shown with it, as staff type them.
_TAKES_REFERENCE = frozenset({"case", "checkin", "newlink", "close"})


def staff_help(role: Role) -> str:
    """What a staff member is told when they send their own chat something that is not one
    of their commands: their role and the commands it may use, with /cancel where it has
    a step-by-step command to stop (a board member is not shown /newcase)."""
    usable = [name for name in STAFF_COMMAND_NAMES if role in ALLOWED[name]]
    shown = [f"/{name} REFERENCE" if name in _TAKES_REFERENCE else f"/{name}" for name in usable]
    if {"newcase", "close"} & set(usable):
        shown.append("/cancel")
    return staff_text("refused.person_command", role=role, commands=", ".join(shown))


async def show_staff_commands(bot: Bot, chat_id: int, role: Role) -> None:
    """List the person's commands and the staff commands ``role`` may use in one staff
    member's private chat (raises Telegram's error)."""
    await bot.set_my_commands(
        person_commands() + staff_commands(role), scope=BotCommandScopeChat(chat_id)
    )
