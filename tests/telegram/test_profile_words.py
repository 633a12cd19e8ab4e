"""The bot's command menu, description and short description are content: they come from
``[profile]`` in bot/content/<language>/transport.toml, English for everyone and each other
language by ``language_code``; a person's own chat follows the language they chose; and the
content check refuses profile words over Telegram's limits or that are not neutral, naming
the file and the key."""

from __future__ import annotations

import logging
import re
import shutil
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.profile import profile_languages, show_person_commands
from bot.profile_words import PERSON_COMMAND_NAMES
from bot.staff_menus import show_staff_commands
from bot.staff_words import staff_text
from bot.transport_words import CONTENT_ROOT, TransportWords, load_word_file
from bot.words_lint import lint_bot_words
from dialogs.errors import ContentError
from tests.telegram.fake_bot_api import FakeBotApi

PERSON_CHAT = 83100017


def _profile_table(language: str, root: Path = CONTENT_ROOT) -> dict:
    """The ``[profile]`` table as written in the file (read here, not through the loader)."""
    text = (root / language / "transport.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["profile"]


def _menu(language: str) -> list[dict[str, str]]:
    commands = _profile_table(language)["commands"]
    return [{"command": name, "description": commands[name]} for name in PERSON_COMMAND_NAMES]


async def test_start_sets_english_for_everyone_and_polish_for_polish_apps(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> None:
    """announce_profile sends setMyCommands, setMyDescription and setMyShortDescription once
    with the English words and no language_code, then once per other language (Polish) with
    its own words and language_code; every request passes the Bot API spec check."""
    app = build_application(telegram_settings, request=fake_bot_api)
    async with app:
        await app.post_init(app)
    assert "pl" in profile_languages()
    others = [(language, {"language_code": language}) for language in profile_languages()]
    announced = [("en", {}), *others]
    expected_commands = [{"commands": _menu(lang), **code} for lang, code in announced]
    assert expected_commands == fake_bot_api.calls("setMyCommands")
    expected_descriptions = [
        {"description": _profile_table(lang)["description"], **code} for lang, code in announced
    ]
    assert expected_descriptions == fake_bot_api.calls("setMyDescription")
    expected_short = [
        {"short_description": _profile_table(lang)["short_description"], **code}
        for lang, code in announced
    ]
    assert expected_short == fake_bot_api.calls("setMyShortDescription")
    english, polish = fake_bot_api.calls("setMyDescription")[:2]
    assert english["description"] != polish["description"]  # Polish is not the fallback


@pytest.fixture
async def running_app(
    telegram_settings: Settings, fake_bot_api: FakeBotApi
) -> AsyncIterator[Application]:
    app = build_application(telegram_settings, request=fake_bot_api)
    async with app:
        yield app


async def test_a_persons_chat_menu_follows_the_language_they_chose(
    running_app: Application, fake_bot_api: FakeBotApi
) -> None:
    """show_person_commands sets the Polish menu in that one chat (chat scope, no
    language_code: it applies whatever the app's language); a language with no words yet
    gets the English menu."""
    assert True is await show_person_commands(running_app.bot, PERSON_CHAT, "pl")
    assert True is await show_person_commands(running_app.bot, PERSON_CHAT, "xx")
    scope = {"type": "chat", "chat_id": PERSON_CHAT}
    expected = [
        {"commands": _menu("pl"), "scope": scope},
        {"commands": _menu("en"), "scope": scope},
    ]
    assert expected == fake_bot_api.calls("setMyCommands")


async def test_a_menu_that_telegram_refuses_is_logged_without_the_chat_id(
    running_app: Application, fake_bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """A failed setMyCommands does not raise (the choice is already saved): it answers
    False and logs one warning that holds no chat id."""
    fake_bot_api.fail("setMyCommands", "400")
    with caplog.at_level(logging.WARNING, logger="bot.profile"):
        assert False is await show_person_commands(running_app.bot, PERSON_CHAT, "pl")
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.profile"]
    assert ["The command menu was not changed to a language (BadRequest)"] == warnings


async def test_staff_menu_is_the_english_person_menu_then_staff_words(
    running_app: Application, fake_bot_api: FakeBotApi
) -> None:
    """show_staff_commands lists the person's commands, then the staff commands the role may
    use, whose descriptions are staff words ([staff_commands] in bot/staff_words.toml): all
    of them for the hub, /summary alone for a board member. A staff member's chat that
    follows a language (show_person_commands with staff_role) keeps them after the Polish
    person's commands."""
    await show_staff_commands(running_app.bot, PERSON_CHAT, "hub")
    await show_staff_commands(running_app.bot, PERSON_CHAT, "board")
    assert True is await show_person_commands(running_app.bot, PERSON_CHAT, "pl", "board")
    hub, board, polish_board = fake_bot_api.calls("setMyCommands")
    staff = ["newcase", "cases", "case", "checkin", "newlink", "close", "summary"]
    staff_menu = [{"command": n, "description": staff_text(f"staff_commands.{n}")} for n in staff]
    assert _menu("en") + staff_menu == hub["commands"]
    assert _menu("en") + staff_menu[-1:] == board["commands"]
    assert _menu("pl") + staff_menu[-1:] == polish_board["commands"]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped bot words, to break."""
    root = tmp_path / "content"
    for language in ("en", "pl"):
        shutil.copytree(CONTENT_ROOT / language, root / language)
    return root


def _rewrite(root: Path, language: str, key: str, value: str) -> None:
    """Set one ``key = "..."`` line of a transport.toml (the first such line)."""
    path = root / language / "transport.toml"
    pattern = re.compile(rf'^{re.escape(key)} = ".*"$', re.MULTILINE)
    line = f'{key} = "{value}"'  # a function, so re leaves the TOML escapes alone
    text, count = pattern.subn(lambda _: line, path.read_text(encoding="utf-8"), count=1)
    assert 1 == count, key
    path.write_text(text, encoding="utf-8")


def test_profile_words_over_telegrams_limits_are_refused(content_copy: Path) -> None:
    """A Polish description of 513 characters, an English short description of 121 and an
    empty command description are each refused, naming the file and the key."""
    _rewrite(content_copy, "pl", "description", "Krótkie pytania. " * 30 + "x" * 3)
    _rewrite(content_copy, "en", "short_description", "Short questions. " * 7 + "x" * 2)
    _rewrite(content_copy, "en", "skip", "")
    found = [str(problem) for problem in lint_bot_words(["pl"], content_copy)]
    assert "pl/transport.toml: profile.description: 513 characters (Telegram takes 1-512)" in found
    short = "en/transport.toml: profile.short_description: 121 characters (Telegram takes 1-120)"
    assert short in found
    assert "en/transport.toml: profile.commands.skip: 0 characters (Telegram takes 1-256)" in found


def test_profile_words_that_are_not_neutral_are_refused(content_copy: Path) -> None:
    """An alarm word anywhere in a profile text (not only its first line), in either
    language, and a calm word about safety, are refused naming the file and the key."""
    _rewrite(content_copy, "pl", "help", "Co możesz tu zrobić. Pomoc po przemocy")
    _rewrite(content_copy, "en", "description", "Short questions.\\nAbout abuse and your safety.")
    found = [str(problem) for problem in lint_bot_words(["pl"], content_copy)]
    neutral = "anyone glancing at the phone sees it"
    assert f"pl/transport.toml: profile.commands.help: not neutral (przemocy): {neutral}" in found
    assert (
        f"en/transport.toml: profile.description: not neutral (abuse, safety): {neutral}" in found
    )


def test_a_missing_or_unknown_command_is_refused(content_copy: Path) -> None:
    """A Polish file that describes a command the bot does not have, and lacks one it has,
    is refused naming both keys."""
    path = content_copy / "pl" / "transport.toml"
    text = path.read_text(encoding="utf-8").replace('\nhide = "', '\nhidden = "')
    path.write_text(text, encoding="utf-8")
    found = [str(problem) for problem in lint_bot_words(["pl"], content_copy)]
    assert "pl/transport.toml: profile.commands.hidden: not a command the bot has" in found
    assert "pl/transport.toml: profile.commands.hide: missing (a text is needed)" in found


def test_shipped_profile_words_pass_and_an_oversized_one_stops_loading(
    content_copy: Path,
) -> None:
    """The shipped profile words have no problem; a description over 512 characters also
    stops the loader with a ContentError naming the file (it is never sent)."""
    assert [] == [str(p) for p in lint_bot_words(["pl"], CONTENT_ROOT) if "profile" in str(p)]
    _rewrite(content_copy, "en", "description", "x" * 513)
    path = content_copy / "en" / "transport.toml"
    with pytest.raises(ContentError, match=re.escape(str(path))):
        load_word_file(TransportWords, "en", "transport.toml", content_copy)


def test_only_two_letter_languages_with_their_own_words_are_announced(tmp_path: Path) -> None:
    """Telegram takes two-letter language codes: a folder such as pt-br, or one without a
    transport.toml, is left to the English default (and English is never doubled)."""
    for folder, has_words in (("en", True), ("pl", True), ("pt-br", True), ("cy", False)):
        (tmp_path / folder).mkdir()
        if has_words:
            (tmp_path / folder / "transport.toml").write_text("", encoding="utf-8")
    assert ["pl"] == profile_languages(tmp_path)
