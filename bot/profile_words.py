"""The bot's public profile words: its command menu, description and short description.

They are the ``[profile]`` table of ``bot/content/<language>/transport.toml`` (content, not
code; one text per language, not five wordings: Telegram shows one list and one description
per app language). The code owns which commands exist (``PersonCommandWords``'s fields, in
menu order); the files own what they say.

Anyone glancing at the person's phone may see these (the chat list, the empty chat, the
command menu), so ``profile_problems`` holds them to more than a message's first line: no
alarm word anywhere in them, nothing about safety, risk or protection either, sentences of
at most 15 words, and Telegram's limits (``setMyCommands``: a command description 1-256
characters; ``setMyDescription``: at most 512; ``setMyShortDescription``: at most 120).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from dialogs import lint_text as t
from dialogs.content import Problem
from dialogs.schema import Strict

PROFILE_KEY = "profile"
# (least, most) characters Telegram takes; an empty description would remove it, so 1 here
COMMAND_CHARS = (1, 256)
DESCRIPTION_CHARS = (1, 512)
SHORT_DESCRIPTION_CHARS = (1, 120)
MAX_SENTENCE_WORDS = 15
# Beyond the alarm words: profile words are seen without any context, so even calm words
# about safety, risk or protection would tell an onlooker what the chat is for. Matched
# anywhere inside a word ("unsafe", "niebezpieczny", "ochrony").
QUIET_STEMS = ("safe", "risk", "protect", "bezpiecz", "ryzyk", "ochron")
_WORD = re.compile(r"\w+")

CommandText = Annotated[str, Field(min_length=COMMAND_CHARS[0], max_length=COMMAND_CHARS[1])]


class PersonCommandWords(Strict):
    """What each command in the person's menu says, in menu order."""

    help: CommandText
    pause: CommandText
    resume: CommandText
    back: CommandText
    skip: CommandText
    howtoask: CommandText
    language: CommandText
    hide: CommandText
    stop: CommandText


class ProfileWords(Strict):
    """The ``[profile]`` table of a transport word file."""

    description: Annotated[str, Field(min_length=1, max_length=DESCRIPTION_CHARS[1])]
    short_description: Annotated[str, Field(min_length=1, max_length=SHORT_DESCRIPTION_CHARS[1])]
    commands: PersonCommandWords


PERSON_COMMAND_NAMES: tuple[str, ...] = tuple(PersonCommandWords.model_fields)


def profile_problems(file: str, table: Any) -> Iterator[Problem]:
    """Every problem in one file's ``[profile]`` table, each naming ``file`` and the key."""
    if not isinstance(table, dict):
        yield Problem(
            file, PROFILE_KEY, "must be a table of description, short_description, commands"
        )
        return
    for key in sorted(set(table) - {"description", "short_description", "commands"}):
        yield Problem(file, f"{PROFILE_KEY}.{key}", "not a profile key the bot uses")
    yield from _text_problems(file, "description", table.get("description"), DESCRIPTION_CHARS)
    short = table.get("short_description")
    yield from _text_problems(file, "short_description", short, SHORT_DESCRIPTION_CHARS)
    commands = table.get("commands")
    if not isinstance(commands, dict):
        yield Problem(file, f"{PROFILE_KEY}.commands", "missing (a table: command = description)")
        return
    for name in sorted(set(commands) - set(PERSON_COMMAND_NAMES)):
        yield Problem(file, f"{PROFILE_KEY}.commands.{name}", "not a command the bot has")
    for name in PERSON_COMMAND_NAMES:
        yield from _text_problems(file, f"commands.{name}", commands.get(name), COMMAND_CHARS)


def _text_problems(file: str, key: str, text: Any, limits: tuple[int, int]) -> Iterator[Problem]:
    where = f"{PROFILE_KEY}.{key}"
    if not isinstance(text, str):
        yield Problem(file, where, "missing (a text is needed)")
        return
    least, most = limits
    if not least <= len(text) <= most:
        yield Problem(file, where, f"{len(text)} characters (Telegram takes {least}-{most})")
    alarming = list(dict.fromkeys([*t.alarm_words(text), *_quiet_words(text)]))
    if alarming:
        found = ", ".join(alarming)
        yield Problem(file, where, f"not neutral ({found}): anyone glancing at the phone sees it")
    count, sentence = t.longest_sentence(text)
    if count > MAX_SENTENCE_WORDS:
        shown = t.shorten(sentence)
        yield Problem(
            file, where, f"sentence of {count} words (at most {MAX_SENTENCE_WORDS}): {shown!r}"
        )
    if "{" in text or "}" in text:
        yield Problem(file, where, "has { or }: nothing is filled in here, it would show as typed")


def _quiet_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if any(s in word for s in QUIET_STEMS)]
