"""The lint for the transport's own words (``bot/content/<language>/transport.toml`` and
``nudges.toml``): every survey language has both files, with exactly English's keys, and
every wording follows the survey content's text rules (``dialogs.lint.wording_problems``:
sentence lengths, one question in easy read, no emoji for screen readers, a neutral first
line, only the ``{label}`` placeholder where the transport fills it). The ``[profile]`` table
of ``transport.toml`` (command menu and descriptions, one text each) gets the stricter
profile rules instead (``bot.profile_words.profile_problems``: neutral throughout and
within Telegram's limits).

Without these files a language silently falls back to English (``load_words``), so a
missing or incomplete file is a problem here, not at run time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.profile_words import PROFILE_KEY, profile_problems
from bot.transport_words import CONTENT_ROOT, DEFAULT_LANGUAGE
from dialogs.content import Problem
from dialogs.lint import wording_problems
from dialogs.lint_walk import TextItem
from dialogs.schema import Wording

WORD_FILES = ("transport.toml", "nudges.toml")
PLACEHOLDERS = {"you_chose": frozenset({"label"})}  # the only name the transport fills


def _read(path: Path) -> dict | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None


def _file_problems(path: Path, table: dict, english: dict) -> Iterator[Problem]:
    name = f"{path.parent.name}/{path.name}"
    for key in sorted(set(english) - set(table)):
        yield Problem(name, key, "missing (English has it)")
    for key in sorted(set(table) - set(english)):
        yield Problem(name, key, "not in English (a key the transport does not use)")
    for key in sorted(set(table) & set(english)):
        if key == PROFILE_KEY and path.name == "transport.toml":
            yield from profile_problems(name, table[key])
            continue
        try:
            wording = Wording.model_validate(table[key])
        except ValueError:
            yield Problem(name, key, "needs exactly the five wordings, each a text")
            continue
        # start_button is a link button, not an answer option: the message rules apply
        item = TextItem(name, key, "", wording, "message", PLACEHOLDERS.get(key, frozenset()))
        yield from (Problem(name, key, problem) for problem in wording_problems(item))


def lint_bot_words(languages: Iterable[str], root: Path = CONTENT_ROOT) -> list[Problem]:
    """Every problem in the transport and nudge words of ``languages`` (English included)."""
    problems: list[Problem] = []
    for file in WORD_FILES:
        english = _read(root / DEFAULT_LANGUAGE / file) or {}
        for language in sorted({DEFAULT_LANGUAGE, *languages}):
            path = root / language / file
            table = _read(path)
            if table is None:
                problems.append(Problem(f"{language}/{file}", "-", "missing or not valid TOML"))
                continue
            problems.extend(_file_problems(path, table, english))
    return problems
