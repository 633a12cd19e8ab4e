"""Small-number protection for every figure that leaves the hub.

Rules (board audience, every format meant for sharing, and the bot's ``/summary``):

- a count of 0 to 4 is shown as ``[c]``; any other count is rounded to the nearest 5;
- percentages are computed from the rounded counts shown beside them, and withheld (None)
  where the base or the part is a suppressed count. A percentage of the exact counts would
  pin them down (76.9% beside a rounded 15 can only be 10 of 13), and with them the [c]
  cells beside it by subtraction (13 - 10 = 3 people not safer). A percentage of rounded
  counts tells the reader nothing the rounded counts do not (parts of one whole are taken
  of the shown parts' sum when that is larger, so they never add up to more than 100);
- any figure derived from a group (a median, a test) is withheld when its base is
  suppressed, so no row ever describes fewer than 5 cases; a test's p-value is given to 3
  decimal places (``analytics.safety``).

Known limit: a [c] cell can still be bounded by its rounded neighbours. When every other
part of a whole is rounded down by 2 and the whole up by 2, subtraction leaves only 4 for
the hidden part (18 pairs: 7 safer, 4 same, 7 less safe show as 20, 5, [c], 5). Ruling that
out needs secondary suppression or perturbation across every linked table: a design choice.

The hub audience sees exact counts and every percentage with a non-zero base.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Audience = Literal["hub", "board"]
AUDIENCES: tuple[Audience, ...] = ("hub", "board")
SUPPRESSED = "[c]"
SMALLEST_SHOWN = 5
ROUND_TO = 5

Shown = int | str  # an exact or rounded count, or SUPPRESSED


def is_small(count: int) -> bool:
    """True for a count that must not be shown outside the hub (0 to 4)."""
    return count < SMALLEST_SHOWN


def protect_count(count: int) -> Shown:
    """``[c]`` for 0-4, otherwise the count rounded to the nearest 5 (7 -> 5, 8 -> 10)."""
    if is_small(count):
        return SUPPRESSED
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


class Presenter:
    """Turns exact counts into what one audience may see. ``exact`` is True for the hub."""

    def __init__(self, audience: Audience) -> None:
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}")
        self.audience = audience
        self.exact = audience == "hub"

    def count(self, count: int) -> Shown:
        """The count as this audience may see it."""
        return count if self.exact else protect_count(count)

    def counts(self, counts: Mapping[str, int]) -> dict[str, Shown]:
        """Each count of a mapping as this audience may see it (keys kept in order)."""
        return {key: self.count(value) for key, value in counts.items()}

    def base_ok(self, base: int) -> bool:
        """Whether a figure derived from ``base`` cases may be shown at all."""
        return base > 0 if self.exact else not is_small(base)

    def percent(self, part: int, base: int) -> float | None:
        """``part`` as a percentage of ``base``, one decimal, or None: of the exact counts for
        the hub, of the rounded counts for everyone else (withheld if either is 0-4)."""
        if not self.base_ok(base):
            return None
        if self.exact:
            return round(100.0 * part / base, 1)
        if is_small(part):
            return None
        return round(100.0 * protect_count(part) / protect_count(base), 1)

    def percents(self, counts: Mapping[str, int], base: int) -> dict[str, float | None]:
        """Each count of a mapping (parts of ``base``) as a percentage of ``base``.

        For the board, rounding can make the shown parts add up to more than the shown base
        (8 + 8 of 16 show as 10 + 10 of 15); the percentages are then of the shown parts'
        sum, so they never add up to more than 100 (still nothing but the shown counts)."""
        if self.exact or not self.base_ok(base):
            return {key: self.percent(value, base) for key, value in counts.items()}
        shown = {key: protect_count(value) for key, value in counts.items()}
        whole = max(protect_count(base), sum(n for n in shown.values() if isinstance(n, int)))
        return {
            key: None if n == SUPPRESSED else round(100.0 * int(n) / whole, 1)
            for key, n in shown.items()
        }


def protect_counts(counts: Mapping[str, int]) -> dict[str, Shown]:
    """The board's view of a {label: count} mapping: for the bot's ``/summary``."""
    return Presenter("board").counts(counts)
