"""Withdrawing after a survey is over: /stop still explains and asks to confirm, and
confirming records WithdrawConfirmed (storage then erases what the person gave). Before,
a finished survey answered /stop with "you have already answered" and nothing more, so a
person who had finished the start questions could not take their answers back in the chat
until staff sent the next survey."""

from __future__ import annotations

import pytest

from dialogs.engine import begin, handle
from dialogs.types import Choose, Command, Text, Turn, WithdrawConfirmed
from tests.dialogs.engine_fixtures import TINY, last_question, run_survey, send, tiny_person


def _finished() -> Turn:
    """The tiny start survey answered to the end."""
    turns, _ = run_survey(TINY, tiny_person(), timepoint="start", variant="standard",
                          language="en", answered_by="self")  # fmt: skip
    assert "completed" == turns[-1].state.status
    return turns[-1]


def _declined() -> Turn:
    """Consent declined: the survey ends with nothing answered (the chat id is kept)."""
    turns, _ = run_survey(TINY, tiny_person(choices={"consent": "no"}), timepoint="start",
                          variant="standard", language="en", answered_by="self")  # fmt: skip
    assert "declined" == turns[-1].state.status
    return turns[-1]


@pytest.mark.parametrize("ended", [_finished, _declined])
def test_stop_after_the_end_asks_then_confirming_withdraws(ended) -> None:  # noqa: ANN001
    """A completed survey, and one whose consent was declined: /stop shows the stop
    question; confirming records WithdrawConfirmed, says stopped, and ends withdrawn."""
    asked = send(ended(), Command("stop"))
    shown = last_question(asked)
    assert ("stop", "[stop_explain]") == (shown.question_id, shown.text)
    assert ["confirm_stop", "cancel_stop"] == [o.key for o in shown.options]
    done = send(asked, Choose("confirm_stop"))
    assert [WithdrawConfirmed()] == list(done.records)
    assert (["[stopped]"], "withdrawn") == ([r.text for r in done.replies], done.state.status)


def test_cancelling_after_the_end_changes_nothing_and_asks_nothing() -> None:
    """Cancel after the end: "we will carry on", no question shown again, nothing recorded,
    the survey still completed; a later message gets "already answered" as before."""
    finished = _finished()
    cancelled = send(finished, Command("stop"), Choose("cancel_stop"))
    assert (["[stop_cancelled]"], [], "completed") == (
        [r.text for r in cancelled.replies], list(cancelled.records), cancelled.state.status,
    )  # fmt: skip
    later = handle(TINY, cancelled.state, Text("hello"))
    assert ["[finished_already]"] == [r.text for r in later.replies]


def test_typed_confirmation_after_the_end_also_withdraws() -> None:
    """Typing the confirm button's words works as tapping it (screen readers, typing)."""
    asked = send(_finished(), Command("stop"))
    typed = last_question(asked).options[0].label
    assert [WithdrawConfirmed()] == list(send(asked, Text(typed)).records)


def test_a_withdrawn_survey_has_nothing_left_to_stop() -> None:
    """After withdrawing, /stop asks nothing again and records nothing."""
    withdrawn = send(_finished(), Command("stop"), Choose("confirm_stop"))
    again = send(withdrawn, Command("stop"))
    assert ([], "withdrawn") == (list(again.records), again.state.status)
    assert None is last_question(again)


def test_not_safe_to_talk_still_gets_no_reply_to_stop() -> None:
    """A survey ended because it was not safe to talk says nothing to /stop, as before: no
    new message in that chat, and its "contact unsafe" flag is not erased with the person."""
    turn = begin(TINY, "start", variant="standard", language="en", answered_by="self")
    unsafe = send(turn, Choose("no"))
    assert "ended_unsafe" == unsafe.state.status
    after = send(unsafe, Command("stop"), Choose("confirm_stop"))
    assert ([], [], "ended_unsafe") == (list(after.replies), list(after.records),
                                        after.state.status)  # fmt: skip
