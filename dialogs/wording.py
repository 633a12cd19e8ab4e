"""Pick the words to show: the variant's wording, or the representative's once someone answers
on the person's behalf; fill placeholders; shape option labels for the variant.

The representative wording is used for every text when ``answered_by == "representative"``
(the representative is the one reading); the variant still decides how options look:
numbered and without pictures for screen readers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from dialogs.schema import Wording
from dialogs.vocabulary import AnsweredBy, Variant

# Joiners and presentation selectors that glue emoji together; invisible on their own.
_EMOJI_GLUE = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}
# Unicode categories of pictures: other symbols, modifier symbols (skin tones), lone surrogates.
_PICTURE_CATEGORIES = ("So", "Sk", "Cs")
_SHORT = 256
# Plain ASCII text (most answers) needs no per-character look-up: only ^ and ` are in those.
_ASCII_PICTURES = str.maketrans(
    "",
    "",
    "".join(c for c in map(chr, range(128)) if unicodedata.category(c) in _PICTURE_CATEGORIES),
)


def pick(wording: Wording, variant: Variant, answered_by: AnsweredBy) -> str:
    """The text of ``wording`` for this variant and whoever is answering."""
    key = "representative" if answered_by == "representative" else variant
    return getattr(wording, key)


def fill(text: str, **values: str) -> str:
    """Replace ``{name}`` placeholders; plain replacement, so braces in answers are harmless."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


class CharacterTable(dict[int, str | None]):
    """A ``str.translate`` table that works out what each character becomes the first time it
    is met (``decide`` returns the replacement, or None to drop it), up to ``size`` of them."""

    def __init__(self, decide: Callable[[str], str | None], size: int = 4096) -> None:
        super().__init__()
        self.decide, self.size = decide, size

    def __missing__(self, code: int) -> str | None:
        if len(self) >= self.size:  # any unicode may arrive: stay small
            self.clear()
        replacement = self[code] = self.decide(chr(code))
        return replacement


def _without_pictures(char: str) -> str | None:
    if char in _EMOJI_GLUE or unicodedata.category(char) in _PICTURE_CATEGORIES:
        return None
    return char


_PICTURES = CharacterTable(_without_pictures)


def strip_emoji(text: str) -> str:
    """``text`` without pictures (symbols, skin tones, joiners), spaces tidied."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_PICTURES).split())
    if len(text) <= _SHORT:  # the table remembers each character's fate, never the text
        return " ".join(text.translate(_PICTURES).split())
    # Long texts repeat their characters: decide once per distinct character.
    dropped = {ord(ch): None for ch in set(text) if _without_pictures(ch) is None}
    return " ".join(text.translate(dropped).split())


def shown_label(label: str, variant: Variant, number: int) -> str:
    """How an option's label is shown: numbered and picture-free for screen readers."""
    if variant == "screen_reader":
        return f"{number}. {strip_emoji(label)}"
    return label
