"""Pre-optimisation reference: the danger matcher, ``normalise``, ``strip_emoji`` and
``alarm_words`` as they were at commit f4afaa7, before they were made faster (the code is
unchanged; some docstrings and comments are shortened).

This copy is the oracle for ``test_danger_equivalence.py`` (the fast versions must give the
same answer for every input) and the "old" figures in ``bench/danger_bench.py``. Do not
"improve" it: its whole value is that it is the slow, obviously-correct original. From
``dialogs`` it takes only the alarm stems, which are data (the lint's word list), not code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from dialogs.lint_text import ALARM_STEMS

# --- dialogs/wording.py: strip_emoji ---------------------------------------------------------

_EMOJI_GLUE = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def strip_emoji(text: str) -> str:
    """``text`` without pictures (symbols, skin tones, joiners), spaces tidied."""
    kept = [
        ch
        for ch in text
        if ch not in _EMOJI_GLUE and unicodedata.category(ch) not in ("So", "Sk", "Cs")
    ]
    return " ".join("".join(kept).split())


# --- dialogs/matching.py: normalise ----------------------------------------------------------


def normalise(text: str) -> str:
    """Lower-case words only: no pictures, accents kept, punctuation and underscores as spaces."""
    text = unicodedata.normalize("NFKC", strip_emoji(text)).casefold()
    text = text.replace("'", "").replace("\u2019", "")
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(cleaned.split())


# --- dialogs/lint_text.py: first_line, alarm_words -------------------------------------------


def first_line(text: str) -> str:
    """The first non-empty line: what a lock-screen preview shows."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def alarm_words(text: str) -> list[str]:
    """Words in ``text`` that start with an alarm stem (case-insensitive)."""
    found = []
    for token in re.findall(r"\w+", text.lower()):
        if any(token.startswith(stem) for stem in ALARM_STEMS):
            found.append(token)
    return found


# --- dialogs/danger.py -----------------------------------------------------------------------

_MAX_CHECKED = 20_000
_LONGER_FORM = 4
_FUZZY_PHRASE = 12
_FUZZY_TOKENS = 300


def contains_danger(text: str, phrases: Iterable[str]) -> bool:
    """True when ``text`` contains any of ``phrases``."""
    tokens = normalise(text[:_MAX_CHECKED]).split()
    if not tokens:
        return False
    squashed = _squashed_runs(tokens)
    nearby = squashed if len(tokens) <= _FUZZY_TOKENS else _squashed_runs(tokens[:_FUZZY_TOKENS])
    for phrase in phrases:
        words = normalise(phrase).split()
        if not words:
            continue
        joined = "".join(words)
        if joined in squashed or _phrase_found(words, tokens) or _near(joined, nearby):
            return True
    return False


def _near(joined: str, squashed: set[str]) -> bool:
    if len(joined) < _FUZZY_PHRASE:
        return False
    allowed = 1 if len(joined) < 2 * _FUZZY_PHRASE else 2
    return any(
        abs(len(run) - len(joined)) <= allowed
        and _plausible_slip(joined, run)
        and _edits(joined, run) <= allowed
        for run in squashed
    )


def _squashed_runs(tokens: Sequence[str], longest: int = 6) -> set[str]:
    return {
        "".join(tokens[start : start + size])
        for size in range(1, longest + 1)
        for start in range(len(tokens) - size + 1)
    }


def _phrase_found(words: Sequence[str], tokens: Sequence[str]) -> bool:
    distinct = set(tokens)
    close: dict[int, set[str]] = {}
    for index in sorted(range(len(words)), key=lambda i: len(words[i])):
        close[index] = {t for t in distinct if word_matches(words[index], t)}
        if not close[index]:
            return False
    last_start = len(tokens) - len(words)
    return any(
        all(tokens[start + i] in close[i] for i in range(len(words)))
        for start in range(last_start + 1)
    )


def word_matches(expected: str, typed: str) -> bool:
    """True when ``typed`` is ``expected``, a longer form of it, or a small misspelling."""
    if expected == typed:
        return True
    if len(expected) >= 4 and typed.startswith(expected):
        return len(typed) - len(expected) <= _LONGER_FORM
    if len(expected) < 5:
        return False
    allowed = 1 if len(expected) < 9 else 2
    return (
        abs(len(expected) - len(typed)) <= allowed
        and _plausible_slip(expected, typed)
        and _edits(expected, typed) <= allowed
    )


def _plausible_slip(expected: str, typed: str) -> bool:
    return expected[0] == typed[0] or expected[1:2] == typed[1:2]


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, changes, neighbour swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
