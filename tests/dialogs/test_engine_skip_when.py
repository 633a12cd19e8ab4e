""" "How much safer?" is not asked after "No, the help has not made me feel safer" (that answer
already says it), in every variant and language of the shipped content; a changed answer
after Back brings it back; the content check catches a ``skip_when`` that cannot work."""

from __future__ import annotations

import pytest

from dialogs.content import Sources, load_catalogue
from dialogs.engine import begin, handle
from dialogs.schema import SkipWhen
from dialogs.skip_checks import check_skip_when
from dialogs.types import Answer, Choose, Command, Turn
from dialogs.vocabulary import VARIANTS

CATALOGUE = load_catalogue()
# safety "as safe as I want": one tap, or yes, yes and the re-check in yes_no
SAFE = {variant: ("4",) for variant in VARIANTS} | {"yes_no": ("yes", "yes", "first")}


def _at_made_safer(language: str, variant: str) -> Turn:
    turn = begin(CATALOGUE, "end", variant=variant, language=language, answered_by="self",
                 consent_given=True)  # fmt: skip
    for key in ("yes", "next", *SAFE[variant]):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    assert "made_safer" == turn.state.step
    return turn


def _measures(turn: Turn) -> list[tuple[str, str]]:
    return [(r.measure, r.value) for r in turn.records if isinstance(r, Answer)]


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("variant", VARIANTS)
def test_no_to_made_safer_goes_straight_to_listened_to(language: str, variant: str) -> None:
    """ "No" is recorded and the next question is listened_to; how_much_safer records nothing."""
    turn = handle(CATALOGUE, _at_made_safer(language, variant).state, Choose("no"))
    assert ([("made_safer", "no")], "listened_to") == (_measures(turn), turn.state.step)


@pytest.mark.parametrize("value", ["yes", "dont_know", "prefer_not_to_say"])
def test_other_answers_to_made_safer_ask_how_much(value: str) -> None:
    """Yes, don't know and prefer not to say leave "how much safer?" to be asked."""
    turn = handle(CATALOGUE, _at_made_safer("en", "standard").state, Choose(value))
    assert "how_much_safer" == turn.state.step


def test_back_and_a_changed_answer_asks_how_much_after_all() -> None:
    """ "No", then Back from listened_to and "Yes": how_much_safer is asked; skipping
    made_safer after a "No" forgets that "No" too."""
    turn = handle(CATALOGUE, _at_made_safer("en", "standard").state, Choose("no"))
    turn = handle(CATALOGUE, turn.state, Command("back"))
    assert "made_safer" == turn.state.step
    changed = handle(CATALOGUE, turn.state, Choose("yes"))
    assert "how_much_safer" == changed.state.step
    skipped = handle(CATALOGUE, turn.state, Command("skip"))
    assert "how_much_safer" == skipped.state.step


def _with_rule(rule: SkipWhen, timepoint_steps: list[str] | None = None):
    content = CATALOGUE["en"]
    question = content.questions["how_much_safer"].model_copy(update={"skip_when": rule})
    update = {"questions": {**content.questions, "how_much_safer": question}}
    if timepoint_steps is not None:
        end = content.surveys.end.model_copy(update={"steps": timepoint_steps})
        update["surveys"] = content.surveys.model_copy(update={"end": end})
    return content.model_copy(update=update)


def test_the_content_check_names_a_rule_that_cannot_work() -> None:
    """A rule on a question that does not exist, on a value that is not an answer, or on a
    question asked later: one problem each, naming the question."""
    sources = Sources(folder="en")
    steps = list(CATALOGUE["en"].surveys.end.steps)
    steps.remove("made_safer")
    steps.insert(steps.index("how_much_safer") + 1, "made_safer")
    cases = [
        (SkipWhen(question="nope", values=["no"]), None, "is not a choice question"),
        (SkipWhen(question="made_safer", values=["never"]), None, "'never' is not an answer"),
        (SkipWhen(question="made_safer", values=["no"]), steps, "is not asked before it"),
    ]
    for rule, order, words in cases:
        problems = list(check_skip_when(_with_rule(rule, order), sources))
        assert [("how_much_safer", True)] == [(p.question, words in p.problem) for p in problems]
    assert [] == list(check_skip_when(CATALOGUE["en"], sources))
