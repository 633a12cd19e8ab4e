"""Commands at any question: pause and resume, back, skip, repeat, help, hide, stop, and
changing how to ask or the language without losing answers."""

from __future__ import annotations

from dialogs.engine import begin
from dialogs.types import (
    Choose,
    Command,
    HideRequested,
    PreferencesChanged,
    SurveyPaused,
    Text,
    WithdrawConfirmed,
)
from tests.dialogs.engine_fixtures import TINY, answers, last_question, reach, send, tiny_person


def test_pause_then_resume_shows_the_same_question() -> None:
    """Pause records SurveyPaused and says how to come back; resume asks the same question."""
    turn = send(reach("safety"), Command("pause"))
    assert [r.text for r in turn.replies] == ["[paused]"]
    assert list(turn.records) == [SurveyPaused("start")]
    assert turn.state.status == "paused"
    turn = send(turn, Command("resume"))
    assert [r.text for r in turn.replies] == ["[resumed]", "How safe?"]
    assert (turn.state.status, turn.state.step) == ("active", "safety")


def test_answering_while_paused_resumes_and_records() -> None:
    """A button pressed after pausing resumes the survey and counts as the answer."""
    turn = send(reach("safety"), Choose("pause"), Choose("2"))
    assert [a[:2] for a in answers(list(turn.records))] == [("safety", "2")]
    assert turn.replies[0].text == "[resumed]"


def test_back_asks_again_and_the_new_answer_is_recorded_again() -> None:
    """Back returns to the previous question; answering again records the new answer too
    (storage keeps both, the latest wins)."""
    turn = send(reach("safety"), Choose("4"))
    assert turn.state.step == "outcomes"
    turn = send(turn, Choose("back"))
    assert (turn.state.step, last_question(turn).text) == ("safety", "How safe?")
    turn = send(turn, Choose("2"))
    assert [a[:2] for a in answers(list(turn.records))] == [("safety", "2")]


def test_back_at_the_first_question_says_so() -> None:
    """With nothing before, back says so and repeats the question."""
    turn = send(reach("safe_to_talk"), Command("back"))
    assert [r.text for r in turn.replies] == ["[nothing_to_go_back_to]", "Good time?"]


def test_skip_only_optional_questions() -> None:
    """Skip moves on without recording; a required question is simply asked again."""
    turn = send(reach("safety"), Command("skip"))
    assert (turn.state.step, turn.records) == ("outcomes", ())
    assert turn.replies[0].text == "[skipped]"
    required = send(reach("consent"), Command("skip"))
    assert required.state.step == "consent"
    assert [r.text for r in required.replies] == ["Is that OK?"]
    assert "skip" not in [c.key for c in last_question(required).controls]


def test_repeat_and_help_show_the_question_again() -> None:
    """Repeat shows the same question with a new seq; help explains first."""
    turn = reach("safety")
    again = send(turn, Command("repeat"))
    assert (turn.state.seq + 1, "How safe?") == (last_question(again).seq, again.replies[-1].text)
    helped = send(turn, Command("help"))
    assert [r.text for r in helped.replies] == ["[help]", "How safe?"]


def test_hide_sends_nothing_and_keeps_the_place() -> None:
    """Hide (button, command or typed label) records HideRequested and shows nothing."""
    turn = reach("safety")
    for event in (Choose("hide"), Command("hide"), Text("Hide")):
        hidden = send(turn, event)
        assert ((), (HideRequested(),)) == (hidden.replies, hidden.records)
        assert turn.state.step == hidden.state.step


def test_stop_explains_then_confirm_withdraws() -> None:
    """Stop explains and asks to confirm; confirming records WithdrawConfirmed and ends."""
    turn = send(reach("safety"), Command("stop"))
    shown = last_question(turn)
    assert (shown.question_id, shown.text) == ("stop", "[stop_explain]")
    assert [o.key for o in shown.options] == ["confirm_stop", "cancel_stop"]
    done = send(turn, Choose("confirm_stop"))
    assert list(done.records) == [WithdrawConfirmed()]
    assert [r.text for r in done.replies] == ["[stopped]"]
    assert done.state.status == "withdrawn"


def test_stop_cancelled_carries_on_and_garbage_asks_again() -> None:
    """Cancel goes back to the question; anything else repeats the stop question."""
    turn = send(reach("safety"), Command("stop"))
    unclear = send(turn, Text("what?"))
    assert [r.text for r in unclear.replies] == ["[reask]", "[stop_explain]"]
    cancelled = send(unclear, Choose("cancel_stop"))
    assert [r.text for r in cancelled.replies] == ["[stop_cancelled]", "How safe?"]
    assert (cancelled.state.status, cancelled.records) == ("active", ())


def test_change_variant_mid_survey_reasks_in_new_form_keeping_answers() -> None:
    """Changing to yes_no mid-survey asks the current question in its yes/no form and later
    answers are recorded in the new variant; earlier answers stay as recorded."""
    turn = send(reach("safety"), Command("variant", "yes_no"))
    assert [PreferencesChanged("yes_no", "en", "self")] == list(turn.records)
    shown = [r.text for r in turn.replies]
    assert shown == ["YN [variant_changed]", "YN How safe?", "YN step safe?"]
    bad = send(turn, Command("variant", "klingon"))
    assert [r.text for r in bad.replies] == ["YN [reask]", "YN How safe?", "YN step safe?"]


def test_change_language_mid_survey() -> None:
    """Changing language re-asks the current question from the other language's content."""
    turn = send(reach("how_will_we_know"), Command("language", "xx"))
    assert [PreferencesChanged("standard", "xx", "self")] == list(turn.records)
    turn = send(turn, Text("words"))
    recorded = [a[:4] for a in answers(list(turn.records))]
    assert recorded == [("how_will_we_know", "text", "standard", "xx")]
    unknown = send(reach("safety"), Command("language", "zz"))
    assert unknown.replies[0].text == "[reask]"


def test_representative_wording_for_everything_after_who_answering() -> None:
    """Once someone answers for the person, every text uses the representative wording."""
    turn = reach("safety", tiny_person(who="representative"))
    assert last_question(turn).text == "REP How safe?"
    assert send(turn, Command("help")).replies[0].text == "REP [help]"


def test_typed_control_words_work_like_the_buttons() -> None:
    """Typing a control's label ("Pause", "back") on a button question does what it says."""
    turn = send(reach("safety"), Text("pause"))
    assert ("paused", [SurveyPaused("start")]) == (turn.state.status, list(turn.records))
    turn = send(reach("safety"), Text("Back"))
    assert "who_answering" == turn.state.step


def test_stop_while_paused_asks_to_confirm() -> None:
    """/stop during a pause still explains and asks to confirm."""
    turn = send(reach("safety"), Command("pause"), Command("stop"))
    assert ("stop", "active") == (last_question(turn).question_id, turn.state.status)


def test_back_after_leaving_yes_no_never_shows_the_same_question_again() -> None:
    """Two yes/no steps into safety, then /howtoask standard: Back from safety goes to the
    question before it, not to the same safety question once per yes/no step."""
    turn = begin(TINY, "checkin", variant="yes_no", language="en", answered_by="self",
                 consent_given=True)  # fmt: skip
    turn = send(turn, Choose("yes"), Choose("next"), Choose("no"))
    turn = send(turn, Command("variant", "standard"))
    assert "How safe?" == last_question(turn).text
    turn = send(turn, Command("back"))
    assert ("checkin_intro", "Checking in.") == (turn.state.step, last_question(turn).text)
    turn = send(turn, Choose("next"), Choose("2"))
    assert [("safety", "2")] == [a[:2] for a in answers(list(turn.records))]
