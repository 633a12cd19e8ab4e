"""Spot danger phrases in free text, tolerant of case, punctuation, spacing and small slips.

Phrases come from the content (``danger.phrases``). Words are compared after the same
normalising as typed answers; a word of 5+ letters may be one edit away (two for 9+; a
swap of neighbours counts as one), a phrase word of 4+ letters also matches a longer form
("hurt" -> "hurting"), and phrases match with their spaces left out ("killme"). Phrases of
12+ letters may also have one slip in a short word ("scared for my lfie").

Every free-text answer passes through here, so the work is arranged to be cheap with the same
answers: each phrase list is prepared once, each typed word is looked up against all phrase
words at once (and remembered), and letters are only compared where a match is possible.
Word-level tolerance lives in ``dialogs.typing_slips``, the search of the text's words
written without spaces in ``dialogs.squashed_text``. tests/dialogs/danger_reference.py keeps
the plain original; test_danger_equivalence.py compares the two.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from dialogs.matching import normalise
from dialogs.squashed_text import SquashedText
from dialogs.typing_slips import LONGER_FORM, is_slip, slips_allowed, word_matches

__all__ = ["contains_danger", "word_matches"]  # word_matches: callers import it from here

# Telegram messages are at most 4096 characters; anything longer is cut before checking.
_MAX_CHECKED = 20_000
# Whole phrases this long (without spaces) may have one slip anywhere, twice this long two;
# shorter ones would turn ordinary talk into alerts ("want to dine" is one letter from "die").
_FUZZY_PHRASE = 12


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
    squashed = SquashedText(tokens)
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
        allowed = slips_allowed(word)
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


def _any_phrase_found(prepared: _Prepared, tokens: Sequence[str]) -> bool:
    """Whether some phrase's words match neighbouring typed words one by one."""
    too_long = prepared.longest_word + LONGER_FORM  # close to no phrase word: not remembered
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
    for size in range(max(4, len(typed) - LONGER_FORM), len(typed)):
        if typed[:size] in prepared.words:
            found.add(typed[:size])
    # Misspellings: only phrase words of a near length sharing the first or second letter.
    for letter in (0, 1):
        for word in prepared.slips_of.get((len(typed), letter, typed[letter : letter + 1]), ()):
            if word not in found and is_slip(word, typed, slips_allowed(word)):
                found.add(word)
    return frozenset(found)
