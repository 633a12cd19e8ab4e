"""Understand a typed answer to a button question, where it is unambiguous.

A number picks the option shown at that position; otherwise the words are compared with
each option's label and key, ignoring case, spacing, punctuation and pictures. Anything
that matches no option, or more than one, is not understood (the engine re-asks kindly).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from dialogs.types import Option
from dialogs.wording import strip_emoji


def normalise(text: str) -> str:
    """Lower-case words only: no pictures, accents kept, punctuation and underscores as spaces."""
    text = unicodedata.normalize("NFKC", strip_emoji(text)).casefold()
    text = text.replace("'", "").replace("\u2019", "")
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(cleaned.split())


def match_option(text: str, shown: Sequence[Option], every: Sequence[Option]) -> str | None:
    """The key of the option ``text`` names, or None when it is unclear.

    ``shown`` are the buttons on screen (numbers count these); ``every`` also holds options
    on other pages, which can still be named by their label.
    """
    said = normalise(text)
    if not said:
        return None
    if said.isdigit():
        position = int(said) if len(said) < 6 else 0
        return shown[position - 1].key if 1 <= position <= len(shown) else None
    found = {
        option.key
        for option in every
        if said == normalise(option.label)
        or (not option.key.isdigit() and said == normalise(option.key))
    }
    return found.pop() if len(found) == 1 else None
