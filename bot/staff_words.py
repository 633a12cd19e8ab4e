"""The words the bot says to staff, from ``bot/staff_words.toml`` (content, not code).

``staff_text("section.key", field=value)`` fills in the ``{field}`` placeholders. A key that
is missing is a ``ContentError`` naming it, and every key the code uses is checked by a test.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from dialogs.errors import ContentError

WORDS_PATH = Path(__file__).with_name("staff_words.toml")


@functools.cache
def _load(path: Path = WORDS_PATH) -> dict[str, dict[str, str]]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: staff words are not valid TOML: {exc}") from exc


def staff_text(key: str, **fields: Any) -> str:
    """The staff message ``section.key`` with its fields filled in."""
    section, _, name = key.partition(".")
    try:
        template = _load()[section][name]
    except KeyError:
        raise ContentError(f"{WORDS_PATH}: staff words have no {key!r}") from None
    try:
        return template.format(**fields)
    except KeyError as exc:
        raise ContentError(
            f"{WORDS_PATH}: {key!r} needs a field {exc} the bot did not give"
        ) from None
