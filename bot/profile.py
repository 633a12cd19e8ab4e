"""The bot's public face: its command list and a neutral description.

Anyone glancing at the person's phone may see these, so they say nothing about harm,
safety or safeguarding. Staff commands are not listed for everyone: ``staff_commands`` is
for setting them on a staff member's own chat only.
"""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeChat
from telegram.ext import Application

PERSON_COMMANDS: tuple[tuple[str, str], ...] = (
    ("help", "What you can do here"),
    ("pause", "Stop for now and come back later"),
    ("resume", "Carry on from where you stopped"),
    ("back", "Go back one question"),
    ("skip", "Skip this question"),
    ("howtoask", "Change how questions are asked"),
    ("language", "Change the language"),
    ("hide", "Clear this chat from your phone"),
    ("stop", "Stop taking part"),
)
STAFF_COMMANDS: tuple[tuple[str, str], ...] = (
    ("newcase", "Open a case and get an invite link"),
    ("cases", "List open cases"),
    ("case", "Show one case: /case REF"),
    ("checkin", "Send a check-in: /checkin REF"),
    ("close", "Close a case: /close REF"),
    ("summary", "Before and after figures"),
)
DESCRIPTION = (
    "Short questions, at your own pace. You can pause, skip, go back or clear the chat "
    "at any time. Start with the link you were given."
)
SHORT_DESCRIPTION = "Short questions, at your own pace."


def bot_commands(pairs: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    """``BotCommand`` objects for (command, description) pairs."""
    return [BotCommand(command, description) for command, description in pairs]


async def announce_profile(application: Application) -> None:
    """Set the command list and descriptions (run once at start, as ``post_init``)."""
    bot = application.bot
    await bot.set_my_commands(bot_commands(PERSON_COMMANDS))
    await bot.set_my_description(DESCRIPTION)
    await bot.set_my_short_description(SHORT_DESCRIPTION)


async def show_staff_commands(application: Application, chat_id: int) -> None:
    """List the person's and staff commands in one staff member's private chat."""
    await application.bot.set_my_commands(
        bot_commands(PERSON_COMMANDS + STAFF_COMMANDS), scope=BotCommandScopeChat(chat_id)
    )
