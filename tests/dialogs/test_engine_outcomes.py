"""Outcomes: pick several, own words, not sure yet, help me decide, the yes_no variant one at
a time; keep / drop / add at a check-in; "did it happen" once per outcome at the end."""

from __future__ import annotations

from dialogs.engine import begin
from dialogs.types import Answer, Choose, Command, Outcome, OutcomesRevised, Text
from tests.dialogs.engine_fixtures import TINY, last_question, reach, send, tiny_person

KNOWN = (Outcome("o1", "I want home", "common:home"), Outcome("o4", "My cat", "own_words"))


def _revised(turn) -> OutcomesRevised:
    [revised] = [r for r in turn.records if isinstance(r, OutcomesRevised)]
    return revised


def _begin(timepoint: str, variant: str = "standard", outcomes=KNOWN):
    return begin(TINY, timepoint, variant=variant, language="en", answered_by="self",
                 outcomes=outcomes, consent_given=True)  # fmt: skip


def test_pick_several_toggle_and_own_words() -> None:
    """Buttons toggle common outcomes (a second press removes one), typed words become an
    own-words outcome, and Done records one revision with refs o1, o2, ..."""
    turn = reach("outcomes")
    assert "done" not in [o.key for o in last_question(turn).options]
    turn = send(turn, Choose("c:home"), Choose("c:money"), Choose("c:home"))
    assert "You chose: I want money" == turn.replies[0].text
    turn = send(turn, Text("A dog"), Choose("own_words"), Text("A garden"), Choose("done"))
    revised = _revised(turn)
    assert [("o1", "I want money", "common:money"), ("o2", "A dog", "own_words"),
            ("o3", "A garden", "own_words")] == [
        (o.ref, o.text, o.source) for o in revised.outcomes]  # fmt: skip
    assert ("expressed", ()) == (revised.status, revised.dropped)
    assert "how_will_we_know" == turn.state.step


def test_not_sure_yet() -> None:
    """ "Not sure yet" records an empty revision with status not_sure_yet."""
    revised = _revised(send(reach("outcomes"), Choose("not_sure_yet")))
    assert ((), "not_sure_yet") == (revised.outcomes, revised.status)


def test_help_me_decide_walks_the_prompts() -> None:
    """Each typed answer fills the prompt's statement; confirmed ones become outcomes, a "no"
    or skipped prompt adds nothing; then back to the menu."""
    turn = send(reach("outcomes"), Choose("help_me_decide"))
    assert "Anything to stop?" == last_question(turn).text
    turn = send(turn, Text("the shouting"))
    assert "Is this right? Stop the shouting" == last_question(turn).text
    turn = send(turn, Choose("yes"), Text("my job"), Choose("no"))
    assert "outcomes" == turn.state.step and "done" in [o.key for o in last_question(turn).options]
    revised = _revised(send(turn, Choose("done")))
    assert [("o1", "Stop the shouting", "help_decide")] == [
        (o.ref, o.text, o.source) for o in revised.outcomes]  # fmt: skip


def test_yes_no_variant_asks_each_common_outcome() -> None:
    """In yes_no each common outcome is its own question; then own words and Done."""
    turn = reach("outcomes", tiny_person(how_to_ask="yes_no"))
    asked = []
    for key in ("yes", "no", "yes"):
        asked.append(last_question(turn).text)
        turn = send(turn, Choose(key))
    assert ["YN Do you want home?", "YN Do you want money?", "YN Do you want friends?"] == asked
    assert "c:home" not in [o.key for o in last_question(turn).options]
    revised = _revised(send(turn, Choose("done")))
    assert ["common:home", "common:friends"] == [o.source for o in revised.outcomes]


def test_going_back_into_outcomes_does_not_duplicate_them() -> None:
    """Back from the next question returns to the menu with the choices still pending; Done
    again records the same list (with fresh refs), never twice the outcomes."""
    turn = send(reach("outcomes"), Choose("c:home"), Choose("done"))
    turn = send(turn, Choose("back"))
    assert ("outcomes", ("common:home|I want home",)) == (turn.state.step, turn.state.pending)
    revised = _revised(send(turn, Choose("done")))
    assert [("o2", "I want home")] == [(o.ref, o.text) for o in revised.outcomes]


def test_checkin_review_keep_drop_then_add() -> None:
    """A check-in asks keep or drop for each outcome in their words, then offers to add;
    the revision lists what remains, the dropped refs, and new refs after the highest."""
    turn = send(_begin("checkin"), Choose("yes"), Choose("next"), Choose("3"))
    assert "Still want: I want home?" == last_question(turn).text
    turn = send(turn, Choose("keep"))
    assert "Still want: My cat?" == last_question(turn).text
    turn = send(turn, Choose("drop"))
    assert "You chose: I want home" == last_question(turn).text
    assert "c:home" not in [o.key for o in last_question(turn).options]
    revised = _revised(send(turn, Choose("c:friends"), Choose("done")))
    assert [("o1", "common:home"), ("o5", "common:friends")] == [
        (o.ref, o.source) for o in revised.outcomes]  # fmt: skip
    assert ("o4",) == revised.dropped


def test_end_asks_about_each_outcome_in_their_words() -> None:
    """At the end, "did it happen" is asked once per outcome with its words, and recorded
    with the outcome's ref; skip moves to the next outcome without recording."""
    turn = send(_begin("end"), Choose("yes"), Choose("next"), Choose("4"))
    assert "Did it happen: I want home?" == last_question(turn).text
    turn = send(turn, Choose("partly"))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert ("outcome_achieved", "partly", "o1") == (
        answer.measure, answer.value, answer.outcome_ref)  # fmt: skip
    assert "Did it happen: My cat?" == last_question(turn).text
    turn = send(turn, Command("skip"))
    assert ("made_safer", ()) == (turn.state.step, turn.records)


def test_end_in_yes_no_names_the_outcome_before_the_steps() -> None:
    """In yes_no, the outcome's words come first, then the yes/no steps."""
    turn = send(_begin("end", "yes_no"), Choose("yes"), Choose("next"),
                Choose("not_sure"))  # fmt: skip
    # a common outcome is read back in the current variant's words ("YN I want home")
    assert ["YN Did it happen: YN I want home?", "YN step happened?"] == [
        r.text for r in turn.replies]  # fmt: skip
    turn = send(turn, Choose("yes"), Choose("no"))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert ("partly", "o1") == (answer.value, answer.outcome_ref)


def test_typed_words_in_the_menu_press_buttons_or_become_own_words() -> None:
    """In the outcome menu, words naming a button press it ("done", "home"); other words
    are the person's own outcome; in help me decide, "not sure" skips the prompt."""
    turn = send(reach("outcomes"), Text("HOME"), Text("2"))
    assert ("common:home|I want home", "common:money|I want money") == turn.state.pending
    turn = send(turn, Choose("help_me_decide"), Text("not sure"))
    assert "Anything to keep?" == last_question(turn).text
    revised = _revised(send(turn, Choose("pskip"), Text("Done")))
    assert ["common:home", "common:money"] == [o.source for o in revised.outcomes]


def test_switching_to_yes_no_in_the_menu_asks_outcomes_one_by_one() -> None:
    """Changing to yes_no at the outcome menu asks each common outcome as yes/no."""
    turn = send(reach("outcomes"), Command("variant", "yes_no"))
    assert "YN Do you want home?" == last_question(turn).text
    turn = send(turn, Command("variant", "standard"))
    assert "c:home" in [o.key for o in last_question(turn).options]


def test_yes_no_checkin_does_not_ask_again_about_an_outcome_just_removed() -> None:
    """yes_no check-in: "I want home" removed, then the common outcomes are asked one by one
    without asking "Do you want home?" again; the removal is recorded."""
    turn = send(_begin("checkin", "yes_no"), Choose("yes"), Choose("next"),
                Choose("yes"), Choose("yes"), Choose("first"))  # fmt: skip
    assert "YN Still want: YN I want home?" == last_question(turn).text
    turn = send(turn, Choose("drop"), Choose("keep"))
    asked = []
    while "done" not in [o.key for o in last_question(turn).options]:
        asked.append(last_question(turn).text)
        turn = send(turn, Choose("no"))
    assert ["YN Do you want money?", "YN Do you want friends?"] == asked
    revised = _revised(send(turn, Choose("done")))
    assert (["o4"], ("o1",)) == ([o.ref for o in revised.outcomes], revised.dropped)


def test_pressing_the_only_choice_again_says_nothing_is_chosen() -> None:
    """A second press takes the only choice off the list; the person is told nothing is
    chosen now (the "you chose" list, their only feedback, would just vanish)."""
    turn = send(reach("outcomes"), Choose("c:home"))
    assert ["You chose: I want home", "What would be good?"] == [r.text for r in turn.replies]
    turn = send(turn, Choose("c:home"))
    assert ((), ["[no_outcomes_yet]", "What would be good?"]) == (
        turn.state.pending, [r.text for r in turn.replies])  # fmt: skip


def test_typing_done_with_nothing_chosen_is_not_an_outcome_called_done() -> None:
    """Before anything is chosen there is no Done button; typing "Done" says nothing is
    chosen yet instead of recording an outcome in the person's words called "Done"."""
    turn = send(reach("outcomes"), Text("Done"))
    assert ((), ["[no_outcomes_yet]", "What would be good?"]) == (
        turn.state.pending, [r.text for r in turn.replies])  # fmt: skip
