"""Skip inside the outcome steps skips only the small question on screen (one common outcome
in yes_no, one "help me decide" prompt, typing own words, one outcome to review) and never
throws away the choices already made."""

from __future__ import annotations

from dialogs.engine import begin
from dialogs.types import Choose, Command, Outcome, OutcomesRevised, Text
from tests.dialogs.engine_fixtures import TINY, last_question, reach, send, tiny_person

KNOWN = (Outcome("o1", "I want home", "common:home"), Outcome("o4", "My cat", "own_words"))


def _revisions(turn) -> list[OutcomesRevised]:
    return [r for r in turn.records if isinstance(r, OutcomesRevised)]


def test_skip_one_common_outcome_in_yes_no_keeps_the_earlier_yes() -> None:
    """yes_no: "yes" to the first common outcome, then Skip on the second: the second is
    left out, the third is asked, and Done records the first."""
    turn = send(reach("outcomes", tiny_person(how_to_ask="yes_no")), Choose("yes"))
    turn = send(turn, Choose("skip"))
    assert ("YN [skipped]", "YN Do you want friends?") == (
        turn.replies[0].text, last_question(turn).text)  # fmt: skip
    turn = send(turn, Choose("no"), Choose("done"))
    [revised] = _revisions(turn)
    assert ["common:home"] == [o.source for o in revised.outcomes]


def test_skip_a_help_prompt_moves_to_the_next_prompt() -> None:
    """The help prompt says "or press Skip": Skip moves to the next prompt, keeping the
    outcome picked before."""
    turn = send(reach("outcomes"), Choose("c:money"), Choose("help_me_decide"))
    turn = send(turn, Command("skip"))
    assert ("outcomes", "Anything to keep?") == (turn.state.step, last_question(turn).text)
    turn = send(turn, Choose("skip"))
    assert "What would be good?" == last_question(turn).text
    [revised] = _revisions(send(turn, Choose("done")))
    assert ["common:money"] == [o.source for o in revised.outcomes]


def test_skip_the_confirmation_and_the_own_words_add_nothing() -> None:
    """Skip at "is this right?" adds nothing and goes on; Skip when asked to type own words
    returns to the menu."""
    turn = send(reach("outcomes"), Choose("help_me_decide"), Command("repeat"))
    turn = send(turn, Choose("pskip"))
    turn = send(turn, Choose("own_words"), Choose("skip"))
    assert ("outcomes", "What would be good?") == (turn.state.step, last_question(turn).text)
    turn = send(turn, Choose("help_me_decide"))
    turn = send(turn, Text("the noise"), Choose("skip"))
    assert "Anything to keep?" == last_question(turn).text
    assert () == turn.state.pending


def test_skip_at_the_menu_keeps_the_choices_made() -> None:
    """Choices made, then Skip instead of Done: they are recorded, not lost; with nothing
    chosen Skip skips the question and records nothing."""
    turn = send(reach("outcomes"), Choose("c:home"), Choose("skip"))
    [revised] = _revisions(turn)
    assert (["common:home"], "how_will_we_know") == (
        [o.source for o in revised.outcomes], turn.state.step)  # fmt: skip
    empty = send(reach("outcomes"), Choose("skip"))
    assert ([], "how_will_we_know") == (_revisions(empty), empty.state.step)


def test_skip_while_reviewing_keeps_that_outcome_and_the_earlier_removal() -> None:
    """Check-in: drop the first outcome, Skip the second (kept as it is), then Skip at the
    add-more menu: the removal is recorded."""
    turn = begin(TINY, "checkin", variant="standard", language="en", answered_by="self",
                 outcomes=KNOWN, consent_given=True)  # fmt: skip
    turn = send(turn, Choose("yes"), Choose("next"), Choose("3"), Choose("drop"))
    turn = send(turn, Choose("skip"))
    assert "You chose: My cat" == last_question(turn).text
    turn = send(turn, Choose("skip"))
    [revised] = _revisions(turn)
    assert (["o4"], ("o1",)) == ([o.ref for o in revised.outcomes], revised.dropped)
    assert "completed" == turn.state.status
