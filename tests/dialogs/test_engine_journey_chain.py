"""Start, check-in and end one after another, as a case goes, with the shipped content: the
end survey asks "did it happen?" exactly once for each outcome the check-in left (kept,
added in own words), never for one removed, in every variant."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Answer, Choose, Event, OutcomesRevised, Text, Turn
from dialogs.vocabulary import VARIANTS

CATALOGUE = load_catalogue()
SAFE = {variant: ("4",) for variant in VARIANTS} | {"yes_no": ("yes", "yes", "first")}


def _send(turn: Turn, *events: Event | str) -> Turn:
    for event in events:
        turn = handle(CATALOGUE, turn.state, Choose(event) if isinstance(event, str) else event)
    return turn


def _revision(turn: Turn) -> OutcomesRevised:
    [revised] = [r for r in turn.records if isinstance(r, OutcomesRevised)]
    return revised


def _begin(timepoint: str, variant: str, outcomes=()) -> Turn:
    return begin(CATALOGUE, timepoint, variant=variant, language="en", answered_by="self",
                 outcomes=outcomes, consent_given=True)  # fmt: skip


def _pick_at_start(variant: str) -> tuple:
    """Feel safe at home (a button, or yes in yes_no) and own words."""
    turn = _send(_begin("start", variant), "yes", "next", variant, "self")
    if variant in ("easy_read", "yes_no"):
        turn = _send(turn, "yes")  # the practice question
    turn = _send(turn, *SAFE[variant])
    if variant == "yes_no":  # each common outcome in turn: yes to the first only
        turn = _send(turn, "yes", *["no"] * (len(CATALOGUE["en"].common_outcomes) - 1))
    else:
        turn = _send(turn, "c:safe_at_home")
    turn = _send(turn, "own_words", Text("my son to give my card back"), "done")
    return _revision(turn).outcomes


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_end_asks_about_what_the_check_in_left(variant: str) -> None:
    """Start: two outcomes. Check-in: the first removed, the second kept, a third added in
    own words. End: one answer for each of the two left, by ref, none for the removed one."""
    first, second = _pick_at_start(variant)
    turn = _send(_begin("checkin", variant, (first, second)), "yes", "next", *SAFE[variant])
    turn = _send(turn, "drop", "keep")
    if variant == "yes_no":  # the common outcomes one by one, none wanted
        while "done" not in [o.key for r in turn.replies for o in r.options]:
            turn = _send(turn, "no")
    turn = _send(turn, "own_words", Text("to see my grandson"), "done")
    revised = _revision(turn)
    assert ((first.ref,), [second.text, "to see my grandson"]) == (
        revised.dropped, [o.text for o in revised.outcomes])  # fmt: skip
    turn = _send(_begin("end", variant, revised.outcomes), "yes", "next", *SAFE[variant])
    records = []
    for _ in range(2):  # "did it happen?": yes for each (in yes_no: yes, yes)
        turn = _send(turn, "yes", "yes") if variant == "yes_no" else _send(turn, "yes")
        records += [r for r in turn.records if isinstance(r, Answer)]
    assert [(o.ref, "yes") for o in revised.outcomes] == [
        (r.outcome_ref, r.value) for r in records if r.measure == "outcome_achieved"]  # fmt: skip
    assert "made_safer" == turn.state.step
