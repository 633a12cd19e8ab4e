"""The yes_no variant with the shipped content, as a person sees it: the question asked once
more after a re-check that disagrees is a real question, and the kind re-ask never names
buttons that are not on screen."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.matching import normalise
from dialogs.types import Choose, Text, Turn
from dialogs.wording import pick
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()


def _end_survey(language: str, answered_by: str = "self") -> Turn:
    """The shipped end survey in yes_no, consent given, at its first question."""
    return begin(CATALOGUE, "end", variant="yes_no", language=language,
                 answered_by=answered_by, consent_given=True)  # fmt: skip


def _send(turn: Turn, *keys: str) -> Turn:
    for key in keys:
        turn = handle(CATALOGUE, turn.state, Choose(key))
    return turn


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("answered_by", ["self", "representative"])
def test_the_full_safety_question_after_a_disagreeing_recheck_is_a_question(
    language: str, answered_by: str
) -> None:
    """ "Not safe" by the steps, then "safe" at the either/or: the full choice is asked with
    the easy-read question (the yes_no wording is only an introduction with no question)."""
    turn = _send(_end_survey(language, answered_by), "yes", "next", "no", "no", "first")
    safety = CATALOGUE[language].questions["safety"]
    shown = last_question(turn)
    assert ("safety", pick(safety.text, "easy_read", answered_by)) == (
        shown.question_id, shown.text)  # fmt: skip
    assert "?" in shown.text
    turn = _send(turn, "3")
    assert "outcomes_achieved" != turn.state.step  # no outcomes named: on to made_safer
    assert "made_safer" == turn.state.step


@pytest.mark.parametrize("language", sorted(CATALOGUE))
def test_the_yes_no_reask_names_no_button_that_is_not_shown(language: str) -> None:
    """A typed answer not understood on a Next-only screen: the re-ask does not tell the
    person to press Yes or Not sure (those buttons are not there)."""
    turn = _send(_end_survey(language), "yes")
    assert "end_intro" == turn.state.step
    turn = handle(CATALOGUE, turn.state, Text("what"))
    said = f" {normalise(turn.replies[0].text)} "
    labels = CATALOGUE[language].labels
    # "No" is left out: in Polish it is also the word for "not" ("nie rozumiem").
    named = [
        label.standard
        for label in (labels.yes, labels.not_sure)
        if f" {normalise(label.standard)} " in said
    ]
    assert [] == named
