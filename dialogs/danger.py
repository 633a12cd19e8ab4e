"""Spot danger phrases in free text, tolerant of case, punctuation, spacing and small slips.

Phrases come from the content (``danger.phrases``). Words are compared after the same
normalising as typed answers; a word of 5+ letters may be one edit away (two for 9+; a
swap of neighbours counts as one), a phrase word of 4+ letters also matches a longer form
("hurt" -> "hurting"), and phrases match with their spaces left out ("killme"). Phrases of
12+ letters may also have one slip in a short word ("scared for my lfie").

Every free-text answer passes through here, so the work is arranged to be cheap with the same
answers: each phrase list is prepared once, each typed word is looked up against all phrase
words at once (and remembered), and letters are only compared where a match is possible.
tests/dialogs/danger_reference.py keeps the plain original; test_danger_equivalence.py
compares the two.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from dialogs.matching import normalise

# Telegram messages are at most 4096 characters; anything longer is cut before checking.
_MAX_CHECKED = 20_000
_LONGER_FORM = 4  # at most this many extra letters: hurt -> hurting, not hurt -> hurtleberry
# Whole phrases this long (without spaces) may have one slip anywhere, twice this long two;
# shorter ones would turn ordinary talk into alerts ("want to dine" is one letter from "die").
_FUZZY_PHRASE = 12
_FUZZY_TOKENS = 300  # only the first words of very long texts get the slower whole-phrase check
_LONGEST_RUN = 6  # a phrase written without spaces spans at most this many typed words


@dataclass(frozen=True, eq=False)  # one per phrase list (see _prepare), compared by identity
class _Prepared:
    joined: tuple[str, ...]  # every phrase without spaces
    by_first_word: dict[str, tuple[tuple[str, ...], ...]]  # phrases' words by the first one
    words: frozenset[str]  # every phrase word, for exact and longer-form look-ups
    longest_word: int
    # Phrase words of 5+ letters a typed word could be a slip of, by the typed word's length
    # and its first (0) or second (1) letter: a plausible slip keeps one of the two.
    slips_of: dict[tuple[int, int, str], tuple[str, ...]]
    # Long phrases cut into 2 * allowed + 1 pieces: (piece, its offset, phrase, allowed).
    # Each slip spoils at most two pieces (a swap may straddle a cut), so a near match holds
    # one piece unchanged, at most ``allowed`` letters from its place.
    pieces: tuple[tuple[str, int, str, int], ...]


def contains_danger(text: str, phrases: Iterable[str]) -> bool:
    """True when ``text`` contains any of ``phrases`` (see the module docstring)."""
    tokens = normalise(text[:_MAX_CHECKED]).split()
    if not tokens:
        return False
    prepared = _prepare(tuple(phrases))
    squashed = _Squashed(tokens)
    return (
        squashed.has_any_run(prepared.joined)
        or _any_phrase_found(prepared, tokens)
        or squashed.near_any(prepared.pieces)
    )


@functools.lru_cache(maxsize=32)
def _prepare(phrases: tuple[str, ...]) -> _Prepared:
    """Everything about a phrase list that does not depend on the text (lists are static)."""
    phrase_words = [words for words in (tuple(normalise(p).split()) for p in phrases) if words]
    joined = {"".join(words): words for words in phrase_words}
    every_word = frozenset(word for words in phrase_words for word in words)
    by_first_word: dict[str, set[tuple[str, ...]]] = {}
    for words in phrase_words:
        by_first_word.setdefault(words[0], set()).add(words)
    slips_of: dict[tuple[int, int, str], list[str]] = {}
    for word in sorted(every_word):
        allowed = _word_slips(word)
        for length in range(len(word) - allowed, len(word) + allowed + 1) if allowed else ():
            for letter in (0, 1):
                slips_of.setdefault((length, letter, word[letter]), []).append(word)
    pieces = []
    for whole in joined:
        if len(whole) >= _FUZZY_PHRASE:
            allowed = 1 if len(whole) < 2 * _FUZZY_PHRASE else 2
            cuts = [len(whole) * part // (2 * allowed + 1) for part in range(2 * allowed + 2)]
            pieces += [(whole[a:b], a, whole, allowed) for a, b in pairwise(cuts)]
    return _Prepared(
        joined=tuple(joined),
        by_first_word={first: tuple(sorted(found)) for first, found in by_first_word.items()},
        words=every_word,
        longest_word=max(map(len, every_word), default=0),
        slips_of={key: tuple(words) for key, words in slips_of.items()},
        pieces=tuple(pieces),
    )


def _word_slips(word: str) -> int:
    """Edits allowed in a typed word: none under 5 letters, one under 9, else two."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


class _Squashed:
    """The text's words written without spaces and where each starts, so that a run of
    neighbouring words ("kill" "me" -> "killme") is found by searching one string."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.flat = "".join(tokens)
        self.starts = list(accumulate(map(len, tokens), initial=0))
        self.words = len(tokens)
        self.nearby_words = min(len(tokens), _FUZZY_TOKENS)

    def is_run(self, start: int, end: int, last_word: int) -> bool:
        """Whether flat[start:end] is 1 to 6 whole neighbouring words, ending by ``last_word``."""
        starts = self.starts
        first, after = bisect_left(starts, start), bisect_left(starts, end)
        if first > self.words or starts[first] != start or after > last_word:
            return False
        return starts[after] == end and 0 < after - first <= _LONGEST_RUN

    def next_start(self, offset: int) -> int:
        """Where the first word starting after ``offset`` starts (len(flat) if none)."""
        return self.starts[min(bisect_right(self.starts, offset), self.words)]

    def has_any_run(self, forms: Iterable[str]) -> bool:
        """Whether one of ``forms`` is exactly some run of neighbouring words."""
        for joined in forms:
            at = self.flat.find(joined)
            while at != -1:
                if self.is_run(at, at + len(joined), self.words):
                    return True
                at = self.flat.find(joined, self.next_start(at))  # a run starts at a word
        return False

    def runs_around(self, start: int, length: int, slack: int) -> Iterator[tuple[int, int]]:
        """Runs among the first words that start within ``slack`` of ``start`` and are
        ``length`` letters long, give or take ``slack``."""
        for first in range(start - slack, start + slack + 1):
            for end in range(first + length - slack, first + length + slack + 1):
                if self.is_run(first, end, self.nearby_words):
                    yield first, end

    def near_any(self, pieces: Iterable[tuple[str, int, str, int]]) -> bool:
        """A long phrase with a slip ("scared for my lfie") among the first words: only runs
        of words starting near an unchanged piece of it can be that close."""
        flat, limit = self.flat, self.starts[self.nearby_words]
        tried: set[tuple[str, int, int]] = set()
        for piece, offset, joined, allowed in pieces:
            at = flat.find(piece, 0, limit)
            while at != -1:
                for start, end in self.runs_around(at - offset, len(joined), allowed):
                    if (joined, start, end) not in tried:
                        tried.add((joined, start, end))
                        if _slip(joined, flat[start:end], allowed):
                            return True
                # The next useful place has a word starting within ``allowed`` of its start.
                after = self.next_start(at - offset + allowed) + offset - allowed
                at = flat.find(piece, max(at + 1, after), limit)
        return False


def _any_phrase_found(prepared: _Prepared, tokens: Sequence[str]) -> bool:
    """Whether some phrase's words match neighbouring typed words one by one."""
    too_long = prepared.longest_word + _LONGER_FORM  # close to no phrase word: not remembered
    close = {
        token: words
        for token in set(tokens)
        if len(token) <= too_long and (words := _close_words(prepared, token))
    }
    if not close:
        return False
    for start in [at for at, token in enumerate(tokens) if token in close]:
        for first in close[tokens[start]]:
            for words in prepared.by_first_word.get(first, ()):
                if start + len(words) <= len(tokens) and all(
                    words[i] in close.get(tokens[start + i], ()) for i in range(1, len(words))
                ):
                    return True
    return False


def _close_words(prepared: _Prepared, typed: str) -> frozenset[str]:
    """Every phrase word that ``word_matches`` ``typed``, found without trying them all."""
    found = {typed} if typed in prepared.words else set()
    # Longer forms: the phrase word is a beginning of ``typed`` at most 4 letters shorter.
    for size in range(max(4, len(typed) - _LONGER_FORM), len(typed)):
        if typed[:size] in prepared.words:
            found.add(typed[:size])
    # Misspellings: only phrase words of a near length sharing the first or second letter.
    for letter in (0, 1):
        for word in prepared.slips_of.get((len(typed), letter, typed[letter : letter + 1]), ()):
            if word not in found and _slip(word, typed, _word_slips(word)):
                found.add(word)
    return frozenset(found)


def word_matches(expected: str, typed: str) -> bool:
    """True when ``typed`` is ``expected``, a longer form of it, or a small misspelling."""
    if expected == typed:
        return True
    if len(expected) >= 4 and typed.startswith(expected):
        return len(typed) - len(expected) <= _LONGER_FORM
    if len(expected) < 5:
        return False
    return _slip(expected, typed, _word_slips(expected))


def _slip(expected: str, typed: str, allowed: int) -> bool:
    """Within ``allowed`` edits, and a plausible slip: they rarely change both first letters."""
    return (
        abs(len(expected) - len(typed)) <= allowed
        and (expected[0] == typed[0] or expected[1:2] == typed[1:2])
        and (_one_edit(expected, typed) if allowed == 1 else _within_edits(expected, typed, 2))
    )


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (lengths at most one apart) are equal or one change, insertion,
    deletion or neighbour swap apart: the edit, if any, is where they first differ."""
    if len(a) < len(b):
        a, b = b, a
    at = 0
    while at < len(b) and a[at] == b[at]:
        at += 1
    if len(a) != len(b):
        return a[at + 1 :] == b[at:]
    swapped = a[at : at + 1] == b[at + 1 : at + 2] and a[at + 1 : at + 2] == b[at : at + 1]
    return a[at + 1 :] == b[at + 1 :] or (swapped and a[at + 2 :] == b[at + 2 :])


def _within_edits(a: str, b: str, allowed: int) -> bool:
    """Whether the optimal string alignment distance (insertions, deletions, changes,
    neighbour swaps) is at most ``allowed``. Values are capped at ``allowed + 1``, only cells
    near the diagonal are worked out (the rest are further than that), and the work stops
    once a whole row is over: rows never get smaller going down."""
    cap = allowed + 1
    previous2: list[int] = []
    previous = [min(j, cap) for j in range(len(b) + 1)]
    for i, char_a in enumerate(a, start=1):
        current = [min(i, cap)] + [cap] * len(b)
        for j in range(max(1, i - allowed), min(len(b), i + allowed) + 1):
            char_b = b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = min(value, cap)
        if min(current) >= cap:
            return False
        previous2, previous = previous, current
    return previous[len(b)] <= allowed
