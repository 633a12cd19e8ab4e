"""Pick the words to show: the variant's wording, or the representative's once someone answers
on the person's behalf; fill placeholders; shape option labels for the variant.

The representative wording is used for every text when ``answered_by == "representative"``
(the representative is the one reading); the variant still decides how options look:
numbered and without pictures for screen readers.
"""

from __future__ import annotations

import unicodedata

from dialogs.schema import Wording
from dialogs.vocabulary import AnsweredBy, Variant

# Joiners and presentation selectors that glue emoji together; invisible on their own.
_EMOJI_GLUE = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def pick(wording: Wording, variant: Variant, answered_by: AnsweredBy) -> str:
    """The text of ``wording`` for this variant and whoever is answering."""
    key = "representative" if answered_by == "representative" else variant
    return getattr(wording, key)


def fill(text: str, **values: str) -> str:
    """Replace ``{name}`` placeholders; plain replacement, so braces in answers are harmless."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def strip_emoji(text: str) -> str:
    """``text`` without pictures (symbols, skin tones, joiners), spaces tidied."""
    kept = [
        ch
        for ch in text
        if ch not in _EMOJI_GLUE and unicodedata.category(ch) not in ("So", "Sk", "Cs")
    ]
    return " ".join("".join(kept).split())


def shown_label(label: str, variant: Variant, number: int) -> str:
    """How an option's label is shown: numbered and picture-free for screen readers."""
    if variant == "screen_reader":
        return f"{number}. {strip_emoji(label)}"
    return label
