"""A text's words written without spaces, for finding phrases typed as one word ("killme")
and long phrases with one or two slips anywhere ("scared for my lfie").

Used by the danger matcher (``dialogs.danger``): searching one joined string, then checking
that a find starts and ends on word boundaries, is much cheaper than trying every run of
neighbouring words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

from dialogs.typing_slips import is_slip

FUZZY_TOKENS = 300  # only the first words of very long texts get the slower whole-phrase check
_LONGEST_RUN = 6  # a phrase written without spaces spans at most this many typed words


class SquashedText:
    """The text's words written without spaces and where each starts, so that a run of
    neighbouring words ("kill" "me" -> "killme") is found by searching one string."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.flat = "".join(tokens)
        self.starts = list(accumulate(map(len, tokens), initial=0))
        self.words = len(tokens)
        self.nearby_words = min(len(tokens), FUZZY_TOKENS)

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
                        if is_slip(joined, flat[start:end], allowed):
                            return True
                # The next useful place has a word starting within ``allowed`` of its start.
                after = self.next_start(at - offset + allowed) + offset - allowed
                at = flat.find(piece, max(at + 1, after), limit)
        return False
