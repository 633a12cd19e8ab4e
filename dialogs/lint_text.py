"""Plain-text measures for the content lint: sentences, words, pictures, acronyms, alarm words.

All of it is simple, local code on purpose: readability tools such as NLTK or textstat download
data at run time, and the rules we check (sentence length in words, one question per message,
one picture per button) need nothing more than splitting on punctuation and whitespace.
"""

from __future__ import annotations

import functools
import re

# Unicode blocks that hold emoji and pictographs. A character from these is a "picture".
EMOJI_RANGES: tuple[tuple[int, int], ...] = (
    (0x1F000, 0x1FAFF),  # mahjong .. symbols and pictographs extended-A (faces, objects, flags)
    (0x2600, 0x27BF),  # miscellaneous symbols and dingbats
    (0x2300, 0x23FF),  # miscellaneous technical (watch, hourglass, play buttons)
    (0x2B00, 0x2BFF),  # arrows and stars
    (0x2190, 0x21FF),  # arrows
    (0x25A0, 0x25FF),  # geometric shapes (play triangles, squares)
    (0x2900, 0x297F),  # supplemental arrows
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
)
# Parts of emoji sequences that are not pictures on their own (skin tones, joiners, selectors).
EMOJI_COMPONENTS: frozenset[int] = frozenset(
    [0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400)]
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+")
_CACHED_LINE = 256  # longer lines are checked afresh rather than remembered
_ALLOWED_CAPITALS = frozenset({"OK", "I"})

# Words that must not appear in the first line of a message (lock-screen previews), as stems:
# a word that starts with a stem matches ("abus" catches abuse, abused, abuser, abusive).
ALARM_STEMS: tuple[str, ...] = (
    # English
    "abus", "harm", "hurt", "safeguard", "danger", "police", "violen", "assault", "neglect",
    "exploit", "rape", "raped", "kill", "murder", "victim", "weapon", "knife", "suicid",
    "domestic", "crime", "criminal", "attack", "threat", "emergenc", "999",
    # what people write about being hurt, read back to them at the start of a message
    # (a screen-reader "Earlier you said: he hits me. ..." is all one line)
    "hit", "beat", "kick", "punch", "slap", "strangl", "chok",
    # Polish (stems, because Polish words change their endings)
    "przemoc", "krzywd", "niebezpiecz", "policj", "napaś", "napad", "zaniedb", "wykorzyst",
    "znęca", "gwałt", "zabij", "zabić", "zabit", "zagroż", "nadużyc", "przestęp", "ofiar",
    "nóż", "noż", "samobój", "ratunk", "bije", "bił", "uderz", "kopn", "dusi",
)  # fmt: skip


def is_picture(char: str) -> bool:
    """Whether one character is an emoji picture (not a joiner, selector or skin tone)."""
    code = ord(char)
    if code in EMOJI_COMPONENTS:
        return False
    return any(low <= code <= high for low, high in EMOJI_RANGES)


def count_pictures(text: str) -> int:
    """How many emoji pictures a text holds (a joined sequence counts each part)."""
    return sum(1 for char in text if is_picture(char))


def has_emoji(text: str) -> bool:
    """Whether a text has any emoji picture or emoji-only component in it."""
    return any(is_picture(char) or ord(char) in EMOJI_COMPONENTS for char in text)


def sentences(text: str) -> list[str]:
    """Split on line breaks and on ., ! or ? followed by a space; drop empty pieces."""
    found: list[str] = []
    for line in text.splitlines():
        found.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return found


def words(text: str) -> list[str]:
    """Whitespace-separated tokens with at least one letter or digit (pictures are not words)."""
    return [token for token in text.split() if any(char.isalnum() for char in token)]


def longest_sentence(text: str) -> tuple[int, str]:
    """The number of words in the longest sentence, and that sentence."""
    best = (0, "")
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > best[0]:
            best = (count, sentence)
    return best


def acronyms(text: str) -> list[str]:
    """Runs of two or more capital letters ("NHS", "MSP"), except OK."""
    runs: list[str] = []
    current = ""
    for char in text + " ":
        if char.isupper():
            current += char
            continue
        if len(current) >= 2 and current not in _ALLOWED_CAPITALS:
            runs.append(current)
        current = ""
    return runs


def first_line(text: str) -> str:
    """The first non-empty line: what a lock-screen preview shows."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def alarm_words(text: str) -> list[str]:
    """Words in ``text`` that start with an alarm stem (case-insensitive)."""
    # The bot checks the first line of every message it sends; those lines come from the
    # content and repeat, so short ones are remembered (a fresh list each time: callers own it).
    if len(text) <= _CACHED_LINE:
        return list(_alarm_words_in_line(text))
    return list(_alarm_words(text))


@functools.lru_cache(maxsize=2048)
def _alarm_words_in_line(text: str) -> tuple[str, ...]:
    return _alarm_words(text)


def _alarm_words(text: str) -> tuple[str, ...]:
    # str.startswith with a tuple tries every stem in C: the same as any(...) over the stems.
    return tuple(token for token in _WORD.findall(text.lower()) if token.startswith(ALARM_STEMS))


def shorten(text: str, limit: int = 40) -> str:
    """A one-line excerpt for problem messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
