"""Understand a typed answer to a button question, where it is unambiguous.

A number picks the option shown at that position; otherwise the words are compared with
each option's label and key, ignoring case, spacing, punctuation and pictures; a message of
pictures only picks the button on screen with that picture. Anything
that matches no option, or more than one, is not understood (the engine re-asks kindly).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from dialogs.types import Option
from dialogs.wording import CharacterTable, strip_emoji

# People's words are never kept (no cache of texts): only each character's fate is remembered.
_SHORT = 256
_APOSTROPHES = "'\u2019"  # dropped, not spaced: "don't" -> "dont"
# What each ASCII character becomes: itself (letters, digits), nothing, or a space.
_ASCII_WORDS: dict[int, str | None] = {
    code: None if chr(code) in _APOSTROPHES else " "
    for code in range(128)
    if not chr(code).isalnum()
}
# Plain ASCII input (most answers) skips strip_emoji: also drop the ASCII characters it drops
# (^ and `); its tidying of spaces changes nothing that the final split does not.
_ASCII_INPUT = _ASCII_WORDS | {
    ord(char): None for char in map(chr, range(128)) if strip_emoji(f"a{char}a") == "aa"
}


def normalise(text: str) -> str:
    """Lower-case words only: no pictures, accents kept, punctuation and underscores as spaces."""
    if text.isascii():  # already NFKC; casefold is lower() for ASCII
        return " ".join(text.translate(_ASCII_INPUT).lower().split())
    text = unicodedata.normalize("NFKC", strip_emoji(text)).casefold()
    if text.isascii():
        table: dict[int, str | None] = _ASCII_WORDS
    elif len(text) <= _SHORT:
        table = _WORD_CHARACTERS
    else:  # long texts repeat their characters: decide once per distinct one
        table = {ord(ch): _word_character(ch) for ch in set(text) if not ch.isalnum()}
    return " ".join(text.translate(table).split())


def _word_character(char: str) -> str | None:
    if char in _APOSTROPHES:
        return None
    return char if char.isalnum() else " "


_WORD_CHARACTERS = CharacterTable(_word_character)


def spelled_number(text: str, number_words: Sequence[Sequence[str]]) -> str:
    """``text`` as digits when it is a number in words ("two", "Two." -> "2"), else as it is:
    screen-reader users dictate answers, and dictation often writes the number out."""
    said = normalise(text)
    for position, words in enumerate(number_words, start=1):
        if said and said in (normalise(word) for word in words):
            return str(position)
    return text


def match_option(text: str, shown: Sequence[Option], every: Sequence[Option]) -> str | None:
    """The key of the option ``text`` names, or None when it is unclear.

    ``shown`` are the buttons on screen (numbers count these); ``every`` also holds options
    on other pages, which can still be named by their label.
    """
    said = normalise(text)
    if not said:
        return _by_picture(text, shown)
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


def _pictures(text: str) -> str:
    """The pictures in ``text`` without skin tones or joiners ("👍🏽" -> "👍")."""
    return "".join(char for char in text if unicodedata.category(char) == "So")


def _by_picture(text: str, shown: Sequence[Option]) -> str | None:
    """A message of pictures only ("👍") names the one button on screen with exactly that
    picture: easy-read buttons each carry one, and sending it is a natural way to answer."""
    sent = _pictures(text)
    if not sent or len(text) > _SHORT:
        return None
    found = {option.key for option in shown if _pictures(option.label) == sent}
    return found.pop() if len(found) == 1 else None
