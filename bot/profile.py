"""The bot's public face: its command list and a neutral description, in every language.

The words are content (``[profile]`` in ``bot/content/<language>/transport.toml``, checked
by ``checkin dialogs check``). Anyone glancing at the person's phone may see them, so they
say nothing about harm, safety or safeguarding. English is the default for everyone; each
other language with its own words is set for apps in that language (``language_code``),
and ``show_person_commands`` sets a person's own chat to the language they chose.

Staff commands are never listed for everyone: ``bot.staff_menus`` gives each staff
member their own.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application

from bot.profile_words import PERSON_COMMAND_NAMES
from bot.transport_words import CONTENT_ROOT, DEFAULT_LANGUAGE, load_words
from storage.models import Role

# setMyCommands and friends take "a two-letter ISO 639-1 language code"
_TELEGRAM_LANGUAGE = re.compile(r"[a-z]{2}")
_LOGGER = logging.getLogger(__name__)


def person_commands(language: str = DEFAULT_LANGUAGE) -> list[BotCommand]:
    """The person's command menu in ``language`` (English when it has no words yet)."""
    words = load_words(language).profile.commands
    return [BotCommand(name, getattr(words, name)) for name in PERSON_COMMAND_NAMES]


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
    for everyone, then each other language for apps set to it; then start setting the
    staff's own menus in the background (when the bot has its store: ``bot.services``)."""
    await _announce(application.bot, DEFAULT_LANGUAGE, language_code=None)
    for language in profile_languages():
        await _announce(application.bot, language, language_code=language)
    # imported here: bot.services imports bot.app, which imports this module; and
    # bot.staff_menus builds on this module's person_commands
    from bot.services import SERVICES_KEY
    from bot.staff_menus import schedule_menu_refresh, start_staff_menus

    services = application.bot_data.get(SERVICES_KEY)
    if services is not None:
        start_staff_menus(application, services.store)
        schedule_menu_refresh(application, services.store)


async def _announce(bot: Bot, language: str, language_code: str | None) -> None:
    profile = load_words(language).profile
    await bot.set_my_commands(person_commands(language), language_code=language_code)
    await bot.set_my_description(profile.description, language_code=language_code)
    await bot.set_my_short_description(profile.short_description, language_code=language_code)


async def show_person_commands(
    bot: Bot, chat_id: int, language: str, staff_role: Role | None = None
) -> bool:
    """Show the person's menu in the language they chose, in their own chat (a chat's own
    list wins over the app-language lists). ``staff_role``: the chat is also a staff
    member's own, so their role's staff commands follow the person's, as at start. The menu
    is a convenience and the choice is already saved, so a Telegram failure is logged (no
    chat id) and returned as False."""
    from bot.staff_menus import staff_commands  # it builds on person_commands, here

    commands = person_commands(language)
    if staff_role is not None:
        commands += staff_commands(staff_role)
    try:
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        _LOGGER.warning("The command menu was not changed to a language (%s)", type(exc).__name__)
        return False
    return True
