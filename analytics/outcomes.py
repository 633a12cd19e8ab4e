"""Outcomes: the SAC SG4a table, and how far the outcomes people named were achieved.

A case's achievement comes from its per-outcome end answers (yes / partly / no): fully
achieved when all are yes, not achieved when all are no, otherwise partially (SAC SG4a).
Don't know, prefer not to say and unanswered outcomes are set aside, never scored: a case
with one yes and one don't know counts as fully achieved and is also counted in
``with_non_answers``, so the reader can see how often that happened. A case with no yes,
partly or no answer at all is ``not_known`` and outside the base.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from analytics.schema import Outcomes
from analytics.suppress import Presenter
from storage.reporting import AchievementCell

# "not_recorded": the bot was never used in the case, or its answers were erased (the case
# was, or its people withdrew), so the bot cannot say whether the person was asked (SAC
# "not recorded"); "not_asked" is only for cases where the bot was used and did not ask.
SG4A_KEYS: tuple[str, ...] = ("expressed", "none_expressed", "not_asked", "not_recorded")
Achievement = Literal["fully", "partially", "not_achieved", "not_known"]


def classify(cell: AchievementCell) -> Achievement:
    """Which SG4a achievement class a case with these per-outcome answers falls in."""
    answered = (cell.any_yes, cell.any_partly, cell.any_no)
    if not any(answered):
        return "not_known"
    if answered == (True, False, False):
        return "fully"
    if answered == (False, False, True):
        return "not_achieved"
    return "partially"


def achievement_counts(cells: Iterable[AchievementCell]) -> dict[str, int]:
    """Cases per class, plus ``with_non_answers`` among the classified ones."""
    counts = dict.fromkeys(("fully", "partially", "not_achieved", "not_known"), 0)
    counts["with_non_answers"] = 0
    for cell in cells:
        achieved = classify(cell)
        counts[achieved] += cell.count
        if achieved != "not_known" and cell.any_non_answer:
            counts["with_non_answers"] += cell.count
    return counts


def summarise_outcomes(
    sg4a: dict[str, int],
    cells: Iterable[AchievementCell],
    present: Presenter,
    without_end_survey: int = 0,
) -> Outcomes:
    """The outcomes section for one group of cases, as ``present`` may show it;
    ``without_end_survey``: cases with outcomes expressed and no end survey."""
    counts = achievement_counts(cells)
    base = counts["fully"] + counts["partially"] + counts["not_achieved"]
    classes = ("fully", "partially", "not_achieved")
    return Outcomes(
        sg4a=present.counts({key: sg4a.get(key, 0) for key in SG4A_KEYS}),
        achieved_base=present.count(base),
        **{key: present.count(counts[key]) for key in classes},
        **{
            f"{key}_percent": n
            for key, n in present.percents({k: counts[k] for k in classes}, base).items()
        },
        not_known=present.count(counts["not_known"]),
        with_non_answers=present.count(counts["with_non_answers"]),
        no_end_survey=present.count(without_end_survey),
    )
