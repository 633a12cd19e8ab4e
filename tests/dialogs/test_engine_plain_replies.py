"""Typed plain replies where an outcome in the person's own words is expected, with the
shipped content: "I don't know" is "Not sure yet" (never an outcome called "I don't know",
read back at the end as "At the start you said: I don't know"); a bare yes or no is asked
again; at a help-me-decide prompt "no" or "not sure" goes on to the next prompt."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Choose, Outcome, OutcomesRevised, Text, Turn
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()


def _revision(turn: Turn) -> OutcomesRevised:
    [revised] = [r for r in turn.records if isinstance(r, OutcomesRevised)]
    return revised


def _at_outcomes(language: str = "en") -> Turn:
    turn = begin(CATALOGUE, "start", variant="standard", language=language,
                 answered_by="self", consent_given=True)  # fmt: skip
    for key in ("yes", "next", "standard", "self", "4"):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    assert "outcomes" == turn.state.step
    return turn


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "I don't know"), ("en", "not sure"), ("en", "Prefer not to say"),
     ("en", "I do not know"), ("en", "No idea."), ("pl", "Nie wiem"),
     ("pl", "Wolę nie odpowiadać"), ("pl", "nie mam pojęcia")],
)  # fmt: skip
def test_i_dont_know_at_the_menu_is_not_sure_yet(language: str, typed: str) -> None:
    """The words of a don't-know button, or another way of saying it the language lists
    (meta.unsure_words), finish the step as "Not sure yet" does."""
    turn = handle(CATALOGUE, _at_outcomes(language).state, Text(typed))
    [revised] = [r for r in turn.records if isinstance(r, OutcomesRevised)]
    assert ((), "not_sure_yet", "how_will_we_know") == (
        revised.outcomes, revised.status, turn.state.step)  # fmt: skip


@pytest.mark.parametrize("typed", ["yes", "No", "done"])
def test_a_bare_yes_no_or_done_at_the_menu_is_not_an_outcome(typed: str) -> None:
    """Nothing is added; the person is told nothing is chosen and sees the menu again."""
    turn = handle(CATALOGUE, _at_outcomes().state, Text(typed))
    no_outcomes = CATALOGUE["en"].messages.no_outcomes_yet.standard
    assert ((), no_outcomes, "outcomes") == (
        turn.state.pending, turn.replies[0].text, last_question(turn).question_id)  # fmt: skip


@pytest.mark.parametrize("typed", ["no", "I don't know"])
def test_no_at_a_help_prompt_goes_on_to_the_next_prompt(typed: str) -> None:
    """ "Is there something you want to stop?" "No": the next prompt, nothing drafted."""
    turn = handle(CATALOGUE, _at_outcomes().state, Choose("help_me_decide"))
    turn = handle(CATALOGUE, turn.state, Text(typed))
    second = CATALOGUE["en"].help_prompts[1].text.standard
    assert (second, ()) == (last_question(turn).text, turn.state.pending)


def test_no_more_once_something_is_chosen_is_done() -> None:
    """ "No" after choosing ("no more") records the choice as Done would; "yes" is asked
    again (the list stays); at a check-in "no" keeps the outcomes as they are."""
    turn = handle(CATALOGUE, _at_outcomes().state, Choose("c:stay_home"))
    again = handle(CATALOGUE, turn.state, Text("yes"))
    reask = CATALOGUE["en"].messages.reask.standard
    assert (reask, turn.state.pending) == (again.replies[0].text, again.state.pending)
    done = handle(CATALOGUE, turn.state, Text("no"))
    assert ["common:stay_home"] == [o.source for o in _revision(done).outcomes]
    kept = (Outcome("o1", "I want to feel safe at home", "common:safe_at_home"),)
    checkin = begin(CATALOGUE, "checkin", variant="standard", language="en",
                    answered_by="self", outcomes=kept, consent_given=True)  # fmt: skip
    for key in ("yes", "next", "4", "keep"):
        checkin = handle(CATALOGUE, checkin.state, Choose(key))
    finished = handle(CATALOGUE, checkin.state, Text("No"))
    assert (("o1",), "thanks_checkin") == (
        tuple(o.ref for o in _revision(finished).outcomes), finished.state.step)  # fmt: skip


def test_longer_words_that_start_like_i_do_not_know_are_an_outcome() -> None:
    """Only the whole reply counts: "I do not know what to do about my money" is the
    person's own words."""
    words = "I do not know what to do about my money"
    turn = handle(CATALOGUE, _at_outcomes().state, Text(words))
    assert (f"own_words|{words}",) == turn.state.pending


@pytest.mark.parametrize(("language", "typed"), [("en", "Nothing"), ("en", "none"), ("pl", "nic")])
def test_nothing_at_the_menu_records_that_no_outcome_is_wanted(language: str, typed: str) -> None:
    """ "Nothing" is not an outcome called "nothing" (read back later as "Did this
    happen?"): the step ends with no outcomes and status none; at a prompt it skips."""
    turn = handle(CATALOGUE, _at_outcomes(language).state, Text(typed))
    revised = _revision(turn)
    assert ((), "none", "how_will_we_know") == (
        revised.outcomes, revised.status, turn.state.step)  # fmt: skip
    prompt = handle(CATALOGUE, _at_outcomes(language).state, Choose("help_me_decide"))
    prompt = handle(CATALOGUE, prompt.state, Text(typed))
    second = CATALOGUE[language].help_prompts[1].text.standard
    assert (second, ()) == (last_question(prompt).text, prompt.state.pending)
