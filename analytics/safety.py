"""Paired before/after safety: start level against last end level, per case.

The start level is the last safety answer of the case's first start survey: an answer the
person changed with Back counts, the one taken back does not (storage.reporting.corrections).

A pair is a case with a ``safety`` level (1-4) at the start and at the end; don't know and
prefer not to say are not levels and leave the case unpaired. Levels are ordinal: the only
arithmetic on them is the sign and the median of (end - start), and the Wilcoxon
signed-rank test from scipy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from analytics.schema import Safety, Share, Wilcoxon
from analytics.suppress import Presenter
from analytics.wilcoxon import ZERO_METHOD, wilcoxon_test
from storage.reporting import SafetyCell

LEVELS: tuple[str, ...] = ("1", "2", "3", "4")
AS_SAFE_AS_WANTED = "4"

PairTable = dict[tuple[int, int], int]


def pair_table(cells: Iterable[SafetyCell]) -> PairTable:
    """(start level, end level) -> cases, over the cases that have a level at both ends."""
    table: Counter[tuple[int, int]] = Counter()
    for cell in cells:
        if cell.start in LEVELS and cell.end in LEVELS and cell.count:
            table[(int(cell.start), int(cell.end))] += cell.count
    return dict(table)


def unpaired_reasons(cells: Iterable[SafetyCell]) -> dict[str, int]:
    """Cases left out of the pairs, by the first reason that applies."""
    reasons = dict.fromkeys(
        ("no_start_answer", "start_not_a_level", "no_end_answer", "end_not_a_level"), 0
    )
    for cell in cells:
        if cell.start is None:
            reasons["no_start_answer"] += cell.count
        elif cell.start not in LEVELS:
            reasons["start_not_a_level"] += cell.count
        elif cell.end is None:
            reasons["no_end_answer"] += cell.count
        elif cell.end not in LEVELS:
            reasons["end_not_a_level"] += cell.count
    return reasons


def differences(table: PairTable) -> np.ndarray:
    """Every pair's (end - start), rebuilt from the at most 16 cells of the table."""
    keys = sorted(table)
    values = np.array([end - start for start, end in keys], dtype=float)
    return np.repeat(values, [table[key] for key in keys])


def median_change(table: PairTable) -> float | None:
    """The median of (end level - start level) over all pairs, or None with no pairs."""
    diffs = differences(table)
    return float(np.median(diffs)) if diffs.size else None


def summarise_safety(cells: Iterable[SafetyCell], present: Presenter) -> Safety:
    """The paired safety section for one group of cases, as ``present`` may show it."""
    cells = list(cells)
    table = pair_table(cells)
    pairs = sum(table.values())
    direction = {
        "safer": sum(n for (s, e), n in table.items() if e > s),
        "same": sum(n for (s, e), n in table.items() if e == s),
        "less_safe": sum(n for (s, e), n in table.items() if e < s),
    }
    start = {level: sum(n for (s, _), n in table.items() if s == int(level)) for level in LEVELS}
    end = {level: sum(n for (_, e), n in table.items() if e == int(level)) for level in LEVELS}
    shown = present.base_ok(pairs)
    return Safety(
        pairs=present.count(pairs),
        **present.counts(direction),
        **{f"{key}_percent": n for key, n in present.percents(direction, pairs).items()},
        median_change=median_change(table) if shown else None,
        start_distribution=present.counts(start),
        end_distribution=present.counts(end),
        as_safe_as_wanted_start=_share(start[AS_SAFE_AS_WANTED], pairs, present),
        as_safe_as_wanted_end=_share(end[AS_SAFE_AS_WANTED], pairs, present),
        wilcoxon=_test_for(table, present),
        unpaired=present.counts(unpaired_reasons(cells)),
    )


def _share(count: int, base: int, present: Presenter) -> Share:
    return Share(
        count=present.count(count), base=present.count(base), percent=present.percent(count, base)
    )


def _test_for(table: PairTable, present: Presenter) -> Wilcoxon:
    """The test as ``present`` may show it: withheld on a suppressed base, counts protected."""
    pairs = sum(table.values())
    if not present.exact and not present.base_ok(pairs):
        return Wilcoxon(
            performed=False,
            reason="Too few pairs to show: withheld to protect small numbers.",
            zero_method=ZERO_METHOD,
        )
    test = wilcoxon_test(differences(table))
    if present.exact or not test.performed:
        return test
    # The rank statistic, or an exact p-value (1/64 says: at least 7 changed, all but one
    # the same way), can be worked back to people's changes: the board sees the p-value
    # to 3 decimal places. The pairs with and without change are not shown either: they
    # are safer + less safe and same, shown beside them, and a second rounding of the sum
    # can pin the hidden parts (8 changed shows as 10, which two [c] cells reach only as
    # 4 + 4).
    return test.model_copy(
        update={
            "statistic": None,
            **board_p_value(test.p_value),
            "pairs_with_change": None,
            "pairs_without_change": None,
        }
    )


def board_p_value(p_value: float | None) -> dict[str, float | str | None]:
    """The p-value fields as the board sees them: 3 decimal places, or "< 0.001"."""
    if p_value is None:
        return {"p_value": None, "p_value_shown": None}
    if p_value < 0.001:
        return {"p_value": None, "p_value_shown": "< 0.001"}
    rounded = round(p_value, 3)
    return {"p_value": rounded, "p_value_shown": f"{rounded:.3f}"}
