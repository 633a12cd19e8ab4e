"""Outcomes read back at a check-in or at the end, with the shipped content: a common outcome
is worded for whoever answers now, in the current language (no "They want ..." said to the
person as their own words); own words are shown exactly as typed."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.lint_text import alarm_words, first_line
from dialogs.types import Choose, Outcome, OutcomesRevised, Text, Turn
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()
OWN = "my son to give my bank card back"


def _picked_at_start(language: str, answered_by: str) -> tuple[Outcome, ...]:
    """The outcomes recorded when "feel safe at home" is picked at the start, plus own words."""
    turn = begin(CATALOGUE, "start", variant="standard", language=language,
                 answered_by=answered_by, consent_given=True)  # fmt: skip
    who = "representative" if answered_by == "representative" else "self"
    for key in ("yes", "next", "standard", who, "4", "c:safe_at_home"):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    turn = handle(CATALOGUE, turn.state, Choose("own_words"))
    turn = handle(CATALOGUE, handle(CATALOGUE, turn.state, Text(OWN)).state, Choose("done"))
    [revised] = [r for r in turn.records if isinstance(r, OutcomesRevised)]
    return revised.outcomes


def _first_outcome_question(timepoint: str, outcomes, language: str, answered_by: str) -> Turn:
    turn = begin(CATALOGUE, timepoint, variant="standard", language=language,
                 answered_by=answered_by, outcomes=outcomes, consent_given=True)  # fmt: skip
    for key in ("yes", "next", "4"):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    return turn


@pytest.mark.parametrize("timepoint", ["checkin", "end"])
def test_picked_by_a_representative_read_to_the_person_in_their_own_voice(timepoint) -> None:
    """A representative picked "Feel safe at home" (recorded as "They want ..."); the person,
    answering later themselves, is shown "I want to feel safe at home"."""
    outcomes = _picked_at_start("en", "representative")
    assert "They want to feel safe at home" == outcomes[0].text
    shown = last_question(_first_outcome_question(timepoint, outcomes, "en", "self")).text
    assert "I want to feel safe at home" in shown
    assert "They want" not in shown


def test_own_words_are_read_back_exactly_and_in_order() -> None:
    """Own words are shown as typed, after the common outcome, whoever answers."""
    outcomes = _picked_at_start("en", "self")
    turn = _first_outcome_question("end", outcomes, "en", "representative")
    assert "They want to feel safe at home" in last_question(turn).text
    turn = handle(CATALOGUE, turn.state, Choose("yes"))
    assert OWN in last_question(turn).text


def test_a_common_outcome_picked_in_polish_is_read_in_english_after_a_change() -> None:
    """Picked in Polish, the end survey in English shows the English statement."""
    outcomes = _picked_at_start("pl", "self")
    english = CATALOGUE["en"].common_outcomes[0].statement.standard
    shown = last_question(_first_outcome_question("end", outcomes, "en", "self")).text
    assert english in shown
    assert outcomes[0].text not in shown


def test_own_words_about_being_hit_read_back_are_seen_as_alarming() -> None:
    """Screen reader, check-in: "Earlier you said: he hits me. ..." is one line, so what a
    locked phone shows; its alarm words are found, which is how the transport knows to put
    a neutral line first."""
    outcomes = (Outcome("o1", "he hits me and I want it to stop", "own_words"),)
    turn = begin(CATALOGUE, "checkin", variant="screen_reader", language="en",
                 answered_by="self", outcomes=outcomes, consent_given=True)  # fmt: skip
    for key in ("yes", "next", "4"):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    shown = last_question(turn).text
    assert ["hits"] == alarm_words(first_line(shown))
