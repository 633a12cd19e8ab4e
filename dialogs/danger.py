"""Spot danger phrases in free text, tolerant of case, punctuation, spacing and small slips.

Phrases come from the content (``danger.phrases``). Words are compared after the same
normalising as typed answers; a word of 5+ letters may be one edit away (two for 9+; a
swap of neighbours counts as one), a phrase word of 4+ letters also matches a longer form
("hurt" -> "hurting"), and phrases match with their spaces left out ("killme"). Phrases of
12+ letters may also have one slip in a short word ("scared for my lfie").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dialogs.matching import normalise

# Telegram messages are at most 4096 characters; anything longer is cut before checking.
_MAX_CHECKED = 20_000
_LONGER_FORM = 4  # at most this many extra letters: hurt -> hurting, not hurt -> hurtleberry
# Whole phrases this long (without spaces) may have one slip anywhere, twice this long two;
# shorter ones would turn ordinary talk into alerts ("want to dine" is one letter from "die").
_FUZZY_PHRASE = 12
_FUZZY_TOKENS = 300  # only the first words of very long texts get the slower whole-phrase check


def contains_danger(text: str, phrases: Iterable[str]) -> bool:
    """True when ``text`` contains any of ``phrases`` (see the module docstring)."""
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
    """A long phrase written with a slip in a short word ("scared for my lfie")."""
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
    """Every run of up to ``longest`` neighbouring words written without spaces."""
    return {
        "".join(tokens[start : start + size])
        for size in range(1, longest + 1)
        for start in range(len(tokens) - size + 1)
    }


def _phrase_found(words: Sequence[str], tokens: Sequence[str]) -> bool:
    distinct = set(tokens)
    close: dict[int, set[str]] = {}
    # Short words are matched exactly, so they rule most phrases out cheaply; do them first.
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
    """Cheap pre-check before counting edits: slips rarely change both first letters."""
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
