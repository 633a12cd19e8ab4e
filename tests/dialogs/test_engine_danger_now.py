""" "Not safe at all", with the shipped content in every language, variant and wording: the
person is asked whether they are in danger right now (a neutral first line), and whatever
they answer, or if they skip it, they are shown how to get help now (999, and 55 on a silent
call); only "yes" alerts the hub."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.lint_text import alarm_words, first_line
from dialogs.types import Answer, Choose, Command, DangerAlert, Event, Turn
from dialogs.vocabulary import VARIANTS
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()
WHO = ("self", "representative")
# How each variant says "not safe at all": one tap, or the yes/no steps and the re-check.
NOT_SAFE_AT_ALL = {variant: ("1",) for variant in VARIANTS} | {"yes_no": ("no", "no", "second")}
# danger_now's answers, as pressed in each variant (yes_no: the step's own buttons).
PRESSED = {"yes": "yes", "no": "no", "dont_know": "dont_know",
           "prefer_not_to_say": "prefer_not_to_say"}  # fmt: skip
PRESSED_YES_NO = PRESSED | {"dont_know": "not_sure"}


def _at_danger_now(language: str, variant: str, answered_by: str) -> Turn:
    turn = begin(CATALOGUE, "checkin", variant=variant, language=language,
                 answered_by=answered_by, consent_given=True)  # fmt: skip
    for key in ("yes", "next", *NOT_SAFE_AT_ALL[variant]):
        turn = handle(CATALOGUE, turn.state, Choose(key))
    return turn


def _signposts(turn: Turn) -> list[str]:
    return [r.text for r in turn.replies if r.kind == "signpost"]


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("answered_by", WHO)
def test_not_safe_at_all_asks_about_danger_with_a_neutral_first_line(
    language: str, variant: str, answered_by: str
) -> None:
    """Safety 1 is recorded and danger_now is asked; no message shown opens with an
    alarming word (lock-screen previews)."""
    turn = _at_danger_now(language, variant, answered_by)
    assert "danger_now" == turn.state.step
    assert [] == [word for r in turn.replies for word in alarm_words(first_line(r.text))]
    assert last_question(turn) is not None


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("value", sorted(PRESSED))
def test_every_answer_to_danger_now_shows_how_to_get_help(
    language: str, variant: str, value: str
) -> None:
    """Each answer is recorded as itself and followed by the signposting with 999 and 55;
    the hub is alerted for "yes" only; the survey goes on to the next question."""
    pressed = (PRESSED_YES_NO if variant == "yes_no" else PRESSED)[value]
    turn = handle(CATALOGUE, _at_danger_now(language, variant, "self").state, Choose(pressed))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert ("danger_now", value) == (answer.measure, answer.value)
    [signpost] = _signposts(turn)
    assert ("999" in signpost, "55" in signpost) == (True, True)
    alerts = [r.reason for r in turn.records if isinstance(r, DangerAlert)]
    assert (["in_danger_now"] if value == "yes" else []) == alerts
    assert "outcomes_review" == turn.state.step


@pytest.mark.parametrize("language", sorted(CATALOGUE))
@pytest.mark.parametrize("answered_by", WHO)
@pytest.mark.parametrize("skip", [Choose("skip"), Command("skip")], ids=["button", "command"])
def test_skipping_danger_now_still_shows_how_to_get_help(
    language: str, answered_by: str, skip: Event
) -> None:
    """Skipping the danger question records nothing and still shows the signposting."""
    turn = handle(CATALOGUE, _at_danger_now(language, "standard", answered_by).state, skip)
    assert [] == [r for r in turn.records if isinstance(r, Answer)]
    [signpost] = _signposts(turn)
    assert "999" in signpost and "55" in signpost
    assert "outcomes_review" == turn.state.step
