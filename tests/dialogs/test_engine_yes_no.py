"""The yes_no variant: each closed question as yes / no / not sure steps landing on the same
scale as the standard question, and the either/or re-check on safety."""

from __future__ import annotations

import pytest

from dialogs.content import CONTENT_ROOT, load_language
from dialogs.engine import begin, handle
from dialogs.types import Answer, Choose
from tests.dialogs.engine_fixtures import Person, last_question, reach, send, tiny_person

CATALOGUE = {"en": load_language(CONTENT_ROOT / "en")}


def _safety_answer(variant: str, level: str) -> list[tuple]:
    """Run the shipped start survey up to safety in ``variant``; the safety answers kept."""
    person = Person(
        CATALOGUE,
        choices={"safe_to_talk": "yes", "consent": "yes", "how_to_ask": variant,
                 "who_answering": "self", "practice": "no", "safety": level, "danger_now": "no"},
    )  # fmt: skip
    turn = begin(CATALOGUE, "start", variant="standard", language="en", answered_by="self")
    records = []
    for _ in range(40):
        if turn.state.step == "outcomes":
            break
        turn = handle(CATALOGUE, turn.state, person.respond(turn))
        records.extend(turn.records)
    return [(r.value, r.rechecked) for r in records if isinstance(r, Answer)]


@pytest.mark.parametrize("level", ["4", "3", "2", "1"])
def test_every_safety_level_reachable_and_equal_to_standard(level: str) -> None:
    """Each of the four levels is reached by yes/no steps (agreeing at the re-check) and is
    recorded with the same value the standard question records."""
    standard = _safety_answer("standard", level)
    yes_no = _safety_answer("yes_no", level)
    assert [(level, False)] == standard[:1]
    assert standard[:1] == yes_no[:1]


def test_safety_tree_leaves_are_the_standard_scale() -> None:
    """The shipped safety tree lands exactly on the standard options' values."""
    question = CATALOGUE["en"].questions["safety"]
    leaves = {
        target[1:]
        for step in question.yes_no.steps.values()
        for target in (step.yes, step.no, step.not_sure)
        if target.startswith("=")
    }
    assert {o.value for o in question.options} == leaves | {"prefer_not_to_say"}


def test_recheck_disagreement_asks_full_choice_and_marks_rechecked() -> None:
    """Tree says 4 but the either/or side says "not safe": the person is told, sees the full
    choice once more (yes_no labels; the question in easy-read words, as the yes_no wording of
    a question with steps is only an introduction), and the final answer is recorded as
    re-checked."""
    turn = reach("safety", tiny_person(how_to_ask="yes_no"))
    turn = send(turn, Choose("yes"), Choose("yes"))
    assert ["first", "second"] == [o.key for o in last_question(turn).options]
    turn = send(turn, Choose("second"))
    assert ["YN [rechecked]", "ER How safe?"] == [r.text for r in turn.replies]
    full = last_question(turn)
    assert ["4", "3", "2", "1", "more"] == [o.key for o in full.options]
    assert "🙂 4" == full.options[0].label
    turn = send(turn, Choose("2"))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    got = (answer.measure, answer.value, answer.rechecked, answer.context.variant)
    assert got == ("safety", "2", True, "yes_no")


def test_recheck_agreement_records_tree_value() -> None:
    """When the either/or side contains the tree's value, it is recorded as is."""
    turn = reach("safety", tiny_person(how_to_ask="yes_no"))
    turn = send(turn, Choose("no"), Choose("yes"), Choose("second"))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert ("2", False) == (answer.value, answer.rechecked)


NOT_SURE_CASES = [("not_sure", "dont_know"), ("prefer_not_to_say", "prefer_not_to_say")]


@pytest.mark.parametrize(("key", "value"), NOT_SURE_CASES)
def test_not_sure_and_prefer_not_to_say_skip_the_recheck(key: str, value: str) -> None:
    """Not sure lands on don't know and "prefer not to say" on itself, with no re-check."""
    turn = send(reach("safety", tiny_person(how_to_ask="yes_no")), Choose(key))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert (value, False, "outcomes") == (answer.value, answer.rechecked, turn.state.step)


def test_back_inside_the_tree_returns_to_the_previous_step() -> None:
    """Back after the first yes/no step asks that step again."""
    turn = send(reach("safety", tiny_person(how_to_ask="yes_no")), Choose("yes"))
    assert "YN step as_safe?" == last_question(turn).text
    assert "YN step safe?" == last_question(send(turn, Choose("back"))).text
