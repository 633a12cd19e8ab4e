"""The bot's public face: its command list and a neutral description, in every language.

The words are content (``[profile]`` in ``bot/content/<language>/transport.toml``, checked
by ``checkin dialogs check``). Anyone glancing at the person's phone may see them, so they
say nothing about harm, safety or safeguarding. English is the default for everyone; each
other language with its own words is set for apps in that language (``language_code``),
and ``show_person_commands`` sets a person's own chat to the language they chose. Staff
commands are not listed for everyone: ``show_staff_commands`` is for a staff member's own
chat only.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application

from bot.profile_words import PERSON_COMMAND_NAMES
from bot.staff_words import staff_text
from bot.transport_words import CONTENT_ROOT, DEFAULT_LANGUAGE, load_words

STAFF_COMMAND_NAMES: tuple[str, ...] = (
    "newcase", "cases", "case", "checkin", "newlink", "close", "summary",
)  # fmt: skip
# setMyCommands and friends take "a two-letter ISO 639-1 language code"
_TELEGRAM_LANGUAGE = re.compile(r"[a-z]{2}")
_LOGGER = logging.getLogger(__name__)


def person_commands(language: str = DEFAULT_LANGUAGE) -> list[BotCommand]:
    """The person's command menu in ``language`` (English when it has no words yet)."""
    words = load_words(language).profile.commands
    return [BotCommand(name, getattr(words, name)) for name in PERSON_COMMAND_NAMES]


def staff_commands() -> list[BotCommand]:
    """The staff commands (staff words, ``[staff_commands]`` in bot/staff_words.toml)."""
    return [BotCommand(name, staff_text(f"staff_commands.{name}")) for name in STAFF_COMMAND_NAMES]


def profile_languages(root: Path = CONTENT_ROOT) -> list[str]:
    """The languages besides English with their own transport words that Telegram can
    target (two-letter codes; any other folder's people see the English profile)."""
    return sorted(
        folder.name
        for folder in root.iterdir()
        if (folder / "transport.toml").is_file()
        and folder.name != DEFAULT_LANGUAGE
        and _TELEGRAM_LANGUAGE.fullmatch(folder.name)
    )


async def announce_profile(application: Application) -> None:
    """Set the command list and descriptions (run once at start, as ``post_init``): English
    for everyone, then each other language for apps set to it."""
    await _announce(application.bot, DEFAULT_LANGUAGE, language_code=None)
    for language in profile_languages():
        await _announce(application.bot, language, language_code=language)


async def _announce(bot: Bot, language: str, language_code: str | None) -> None:
    profile = load_words(language).profile
    await bot.set_my_commands(person_commands(language), language_code=language_code)
    await bot.set_my_description(profile.description, language_code=language_code)
    await bot.set_my_short_description(profile.short_description, language_code=language_code)


async def show_person_commands(bot: Bot, chat_id: int, language: str) -> bool:
    """Show the person's menu in the language they chose, in their own chat (a chat's own
    list wins over the app-language lists). The menu is a convenience and the choice is
    already saved, so a Telegram failure is logged (no chat id) and returned as False."""
    try:
        await bot.set_my_commands(person_commands(language), scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        _LOGGER.warning("The command menu was not changed to a language (%s)", type(exc).__name__)
        return False
    return True


async def show_staff_commands(application: Application, chat_id: int) -> None:
    """List the person's and staff commands in one staff member's private chat."""
    await application.bot.set_my_commands(
        person_commands() + staff_commands(), scope=BotCommandScopeChat(chat_id)
    )
