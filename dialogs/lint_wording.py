"""The text rules for one wording in its five forms: sentence length (standard,
representative and screen_reader 15 words, easy_read and yes_no 10), one question per
easy-read message, no acronyms in easy words, easy-read buttons of 1-2 words with exactly one
picture, no emoji for screen readers or representatives, no numbers on screen-reader buttons,
messages under Telegram's 4096 characters, only the placeholders the engine fills, and a
neutral first line (lock-screen previews). Used by ``dialogs.lint`` for the survey content
and by ``bot.words_lint`` for the transport's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dialogs import lint_text as t
from dialogs.lint_walk import TextItem
from dialogs.vocabulary import WORDINGS

MAX_WORDS = {"standard": 15, "representative": 15, "screen_reader": 15}
MAX_WORDS_EASY = 10
EASY = ("easy_read", "yes_no")
NO_EMOJI = ("screen_reader", "representative")
MAX_MESSAGE_CHARS = 4096
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def wording_problems(item: TextItem) -> Iterator[str]:
    """The text rules for one wording in its five forms (also used for the transport's own
    words, ``bot.words_lint``): ``field.form: problem`` for each problem."""
    return _item_problems(item)


def _item_problems(item: TextItem) -> Iterator[str]:
    for key in WORDINGS:
        text = getattr(item.wording, key)
        where = f"{item.field}.{key}" if item.field else key
        if not text.strip():
            yield f"{where}: is empty"
            continue
        if len(text) >= MAX_MESSAGE_CHARS:
            yield f"{where}: {len(text)} characters (a message must be under {MAX_MESSAGE_CHARS})"
        rules = _label_rules if item.use == "label" else _text_rules
        yield from (f"{where}: {problem}" for problem in rules(key, text))
        for name in sorted(set(PLACEHOLDER.findall(text)) - item.placeholders):
            yield f"{where}: unknown placeholder {{{name}}} (the bot would show it as typed)"
        if item.use == "message" and t.alarm_words(t.first_line(text)):
            found = ", ".join(t.alarm_words(t.first_line(text)))
            yield f"{where}: first line has an alarming word ({found}); start with a neutral line"


def _text_rules(key: str, text: str) -> Iterator[str]:
    limit = MAX_WORDS_EASY if key in EASY else MAX_WORDS.get(key, MAX_WORDS["standard"])
    count, sentence = t.longest_sentence(text)
    if count > limit:
        yield f"sentence of {count} words ({key} allows {limit}): {t.shorten(sentence)!r}"
    if key in EASY:
        if text.count("?") > 1:
            yield f"{text.count('?')} questions in one message ({key} allows one '?')"
        yield from _no_acronyms(text)
    if key in NO_EMOJI and t.has_emoji(text):
        yield f"has emoji ({key} must have none)"


def _label_rules(key: str, text: str) -> Iterator[str]:
    if key in EASY:
        count = len(t.words(text))
        if not 1 <= count <= 2:
            yield f"button has {count} words ({key} buttons have 1-2): {text!r}"
        pictures = t.count_pictures(text)
        if pictures != 1:
            yield f"button has {pictures} pictures ({key} buttons have exactly one emoji): {text!r}"
        yield from _no_acronyms(text)
    if key in NO_EMOJI and t.has_emoji(text):
        yield f"button has emoji ({key} must have none): {text!r}"
    if key == "screen_reader" and text.lstrip()[:1].isdigit():
        yield f"button starts with a number (the bot numbers screen_reader options): {text!r}"


def _no_acronyms(text: str) -> Iterator[str]:
    for acronym in t.acronyms(text):
        yield f"acronym {acronym!r} (spell it out in easy words)"
