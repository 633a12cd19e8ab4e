"""The yes_no variant with the shipped content, screen by screen, for the person and for a
representative: no question is asked twice on one screen (the representative's wording of
a question is the whole question, and its first yes/no step asks it again), and "how much
safer?" does not start by asking again whether the help made them feel safer."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Choose, Outcome, Text, Turn
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()
OUTCOMES = (Outcome("o1", "I want to feel safe at home", "common:safe_at_home"),
            Outcome("o2", "my son to give my card back", "own_words"))  # fmt: skip


def _questions_on(turn: Turn) -> list[str]:
    """Every line that asks something, over all the messages of one turn."""
    return [line.strip() for r in turn.replies for line in r.text.splitlines()
            if line.rstrip().endswith("?")]  # fmt: skip


def _press(turn: Turn, answered_by: str, unsafe: bool = False) -> Choose | Text:
    """Yes to everything (keep, Done, the first side of the re-check), a few typed words
    where only words are taken; yes_no and the same answerer when asked how and who; with
    ``unsafe``, "not safe at all" (no, no, the second side), which asks danger_now."""
    keys = [option.key for option in last_question(turn).options]
    wanted = {"how_to_ask": "yes_no", "who_answering": answered_by}.get(turn.state.step)
    if unsafe and turn.state.step == "safety":
        wanted = "no" if "no" in keys else "second"
    for key in (wanted, "done", "next", "yes", "keep", "first"):
        if key in keys:
            return Choose(key)
    return Text("some words")


def _walk(timepoint: str, language: str, answered_by: str, unsafe: bool = False) -> list[Turn]:
    """A whole survey in yes_no, every turn of it."""
    turns = [begin(CATALOGUE, timepoint, variant="yes_no", language=language,
                   answered_by=answered_by, outcomes=OUTCOMES, consent_given=True)]  # fmt: skip
    while turns[-1].state.status == "active":
        assert len(turns) < 80, f"the survey did not end (at {turns[-1].state.step})"
        event = _press(turns[-1], answered_by, unsafe)
        turns.append(handle(CATALOGUE, turns[-1].state, event))
    return turns


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("answered_by", ["self", "representative"])
@pytest.mark.parametrize("timepoint", ["start", "checkin", "end"])
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "not_safe_at_all"])
def test_no_question_is_asked_twice_on_one_screen(
    timepoint: str, language: str, answered_by: str, unsafe: bool
) -> None:
    """Each turn of a whole survey shows each question line at most once, and the message
    just before a question repeats none of its lines ("One more question." twice)."""
    turns = _walk(timepoint, language, answered_by, unsafe)
    assert unsafe == any(turn.state.step == "danger_now" for turn in turns)
    for turn in turns:
        asked = _questions_on(turn)
        assert sorted(set(asked)) == sorted(asked), asked
        for before, question in zip(turn.replies, turn.replies[1:], strict=False):
            if question.kind == "question":
                lines = {line.strip() for line in question.text.splitlines()}
                assert [] == [line for line in before.text.splitlines() if line.strip() in lines]


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("answered_by", ["self", "representative"])
def test_how_much_safer_does_not_ask_made_safer_again(language: str, answered_by: str) -> None:
    """After "yes, the help made me feel safer", the first yes/no step of "how much safer?"
    is a different question from made_safer's own step."""
    content = CATALOGUE[language]
    made_safer = content.questions["made_safer"].yes_no
    how_much = content.questions["how_much_safer"].yes_no
    assert made_safer is not None and how_much is not None
    first_words = {getattr(how_much.steps[how_much.start].text, form)
                   for form in ("yes_no", "representative")}  # fmt: skip
    made_words = {getattr(step.text, form) for step in made_safer.steps.values()
                  for form in ("yes_no", "representative")}  # fmt: skip
    assert set() == first_words & made_words
    for turn in _walk("end", language, answered_by):
        if turn.state.step == "how_much_safer":
            assert last_question(turn).text.splitlines()[0] not in made_words
