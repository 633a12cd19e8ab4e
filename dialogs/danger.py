"""Spot danger phrases in free text, tolerant of case, punctuation, spacing and small slips.

Phrases come from the content (``danger.phrases``). Words are compared after the same
normalising as typed answers; a word of 5+ letters may be one edit away (two for 9+; a
swap of neighbours counts as one), a phrase word of 4+ letters also matches a longer form
("hurt" -> "hurting"), and phrases match with their spaces left out ("killme").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dialogs.matching import normalise

# Telegram messages are at most 4096 characters; anything longer is cut before checking.
_MAX_CHECKED = 20_000
_LONGER_FORM = 4  # at most this many extra letters: hurt -> hurting, not hurt -> hurtleberry


def contains_danger(text: str, phrases: Iterable[str]) -> bool:
    """True when ``text`` contains any of ``phrases`` (see the module docstring)."""
    tokens = normalise(text[:_MAX_CHECKED]).split()
    if not tokens:
        return False
    squashed = _squashed_runs(tokens)
    for phrase in phrases:
        words = normalise(phrase).split()
        if words and ("".join(words) in squashed or _phrase_found(words, tokens)):
            return True
    return False


def _squashed_runs(tokens: Sequence[str], longest: int = 6) -> set[str]:
    """Every run of up to ``longest`` neighbouring words written without spaces."""
    return {
        "".join(tokens[start : start + size])
        for size in range(1, longest + 1)
        for start in range(len(tokens) - size + 1)
    }


def _phrase_found(words: Sequence[str], tokens: Sequence[str]) -> bool:
    distinct = set(tokens)
    close = [{t for t in distinct if word_matches(word, t)} for word in words]
    if not all(close):
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
    return abs(len(expected) - len(typed)) <= allowed and _edits(expected, typed) <= allowed


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
