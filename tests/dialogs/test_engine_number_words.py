"""A number typed (or dictated) in words picks the option at that place, as a typed digit
does, with the shipped content: "two", "Two.", "second", Polish "dwa"; elsewhere the words
are kept as words."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Answer, Choose, OutcomesRevised, Text, Turn
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()


def _at_safety(language: str = "en", variant: str = "screen_reader") -> Turn:
    turn = begin(CATALOGUE, "checkin", variant=variant, language=language,
                 answered_by="self", consent_given=True)  # fmt: skip
    for key in ("yes", "next"):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    return turn


def _safety_value(turn: Turn) -> str | None:
    values = [r.value for r in turn.records if isinstance(r, Answer) and r.measure == "safety"]
    return values[0] if values else None


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [("en", "two", "3"), ("en", " Two. ", "3"), ("en", "second", "3"), ("en", "FOUR", "1"),
     ("en", "six", "prefer_not_to_say"), ("pl", "dwa", "3"), ("pl", "Trzy.", "2"),
     ("pl", "pierwsza", "4")],
)  # fmt: skip
def test_a_number_in_words_picks_the_option_at_that_place(
    language: str, typed: str, value: str
) -> None:
    """Safety (options 4, 3, 2, 1, don't know, prefer not to say): the n-th option."""
    turn = handle(CATALOGUE, _at_safety(language).state, Text(typed))
    assert value == _safety_value(turn)


def test_a_number_in_words_off_the_list_is_asked_again() -> None:
    """ "twelve" with six options: nothing recorded, the kind re-ask and the same question."""
    turn = handle(CATALOGUE, _at_safety().state, Text("twelve"))
    assert (None, "safety") == (_safety_value(turn), last_question(turn).question_id)


def test_in_the_outcome_menu_a_number_in_words_picks_not_own_words() -> None:
    """The outcome menu takes own words too: "two" picks the second option instead of
    becoming an outcome called "two"."""
    turn = handle(CATALOGUE, _at_safety().state, Choose("4"))
    turn = handle(CATALOGUE, turn.state, Text("two"))
    turn = handle(CATALOGUE, turn.state, Choose("done"))
    [revised] = [r for r in turn.records if isinstance(r, OutcomesRevised)]
    second = CATALOGUE["en"].common_outcomes[1]
    assert [f"common:{second.id}"] == [o.source for o in revised.outcomes]


def test_a_free_text_answer_that_is_a_number_word_stays_words() -> None:
    """How will we know (free text only): "two" is the answer, as typed."""
    turn = begin(CATALOGUE, "start", variant="standard", language="en", answered_by="self",
                 consent_given=True)  # fmt: skip
    for key in ("yes", "next", "standard", "self", "4", "not_sure_yet"):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    assert "how_will_we_know" == turn.state.step
    turn = handle(CATALOGUE, turn.state, Text("two"))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert ("how_will_we_know", "two") == (answer.measure, answer.text)
