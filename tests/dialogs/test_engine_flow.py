"""The shared steps and the survey's order: safe to talk, consent, how to ask, who answers,
practice, the end; and what happens after the end."""

from __future__ import annotations

from dialogs.engine import begin
from dialogs.types import (
    Choose,
    ConsentDeclined,
    ConsentGiven,
    ContactUnsafe,
    PreferencesChanged,
    SurveyCompleted,
    Text,
)
from tests.dialogs.engine_fixtures import TINY, answers, last_question, reach, send, tiny_person


def _begin(**args):
    base = {"timepoint": "start", "variant": "standard", "language": "en", "answered_by": "self"}
    return begin(TINY, **{**base, **args})


def test_first_question_is_safe_to_talk_with_hide_and_pause() -> None:
    """Every survey opens with the safe-to-talk check; it cannot be skipped, and nothing is
    before it to go back to."""
    turn = _begin()
    shown = last_question(turn)
    assert (shown.question_id, shown.seq) == ("safe_to_talk", 1)
    assert [o.key for o in shown.options] == ["yes", "no"]
    assert [c.key for c in shown.controls] == ["hide", "pause"]


def test_not_safe_to_talk_ends_with_neutral_goodbye_and_flag() -> None:
    """ "No" at safe-to-talk: the neutral goodbye only, ContactUnsafe, and nothing more after."""
    turn = send(_begin(), Choose("no"))
    assert [(r.text, r.kind) for r in turn.replies] == [("[unsafe_goodbye]", "message")]
    assert [ContactUnsafe("start")] == list(turn.records)
    assert turn.state.status == "ended_unsafe"
    later = send(turn, Text("hello?"))
    assert ((), (), turn.state) == (later.replies, later.records, later.state)


def test_declining_consent_ends_politely_and_records_refusal() -> None:
    """ "No" to consent records ConsentDeclined, says the declined message, asks nothing more."""
    turn = reach("consent")
    turn = send(turn, Choose("no"))
    declined = [r for r in turn.records if isinstance(r, ConsentDeclined)]
    assert [r.text_version for r in declined] == ["v1"]
    assert turn.state.status == "declined"
    assert [r.text for r in turn.replies] == ["[declined]"]


def test_a_message_after_declining_is_not_told_it_already_answered() -> None:
    """After declining, a later message hears again that nothing will be asked (not "you have
    already answered these questions": nothing was answered); nothing is recorded."""
    declined = send(reach("consent"), Choose("no"))
    later = send(declined, Text("hello?"))
    assert (["[declined]"], (), "declined") == (
        [r.text for r in later.replies], later.records, later.state.status)  # fmt: skip


def test_consent_comes_before_any_question_with_a_measure() -> None:
    """At the start nothing is recorded before consent; consent given is recorded once."""
    turn = reach("how_to_ask")
    assert "consent" in [q for q, _ in turn.state.history]
    records = send(reach("safety"), Choose("3")).records
    assert [a[:2] for a in answers(list(records))] == [("safety", "3")]


def test_checkin_without_consent_asks_it_after_safe_to_talk() -> None:
    """A check-in for someone who never consented asks about and consent right after the
    safe-to-talk check; with consent given it goes straight on."""
    turn = send(_begin(timepoint="checkin"), Choose("yes"))
    assert turn.state.step == "about"
    turn = send(turn, Choose("next"), Choose("yes"))
    assert any(isinstance(r, ConsentGiven) for r in turn.records)
    assert turn.state.step == "checkin_intro"
    given = send(_begin(timepoint="checkin", consent_given=True), Choose("yes"))
    assert given.state.step == "checkin_intro"


def test_how_to_ask_and_who_answering_change_preferences() -> None:
    """The chosen variant and answerer are used from then on and recorded as a change."""
    turn = send(reach("how_to_ask"), Choose("screen_reader"))
    assert [PreferencesChanged("screen_reader", "en", "self")] == list(turn.records)
    turn = send(turn, Choose("representative"))
    assert [PreferencesChanged("screen_reader", "en", "representative")] == list(turn.records)
    assert last_question(turn).text == "REP How safe?"
    assert last_question(turn).options[0].label == "1. 4"


def test_practice_only_in_easy_read_and_yes_no_and_records_nothing() -> None:
    """The practice question appears in easy_read and yes_no only; its answer is not kept."""
    expected = {"standard": False, "screen_reader": False, "easy_read": True, "yes_no": True}
    for variant, practised in expected.items():
        turn = send(reach("who_answering", tiny_person(how_to_ask=variant)), Choose("self"))
        assert practised == (turn.state.step == "practice"), variant
        if practised:
            after = send(turn, Choose("no"))
            assert (after.state.step, after.records) == ("safety", ())


def test_end_thanks_then_finished_already() -> None:
    """The end question is a thank-you (kind "end") with SurveyCompleted; later events only
    get the finished message and change nothing."""
    turn = send(reach("how_will_we_know"), Text("when I sleep"))
    assert turn.replies[-1].kind == "end"
    assert turn.replies[-1].text == "Thanks, start."
    assert isinstance(turn.records[-1], SurveyCompleted)
    for event in (Choose("yes"), Text("hello")):
        later = send(turn, event)
        assert [r.text for r in later.replies] == ["[finished_already]"]
        assert (later.records, later.state) == ((), turn.state)


def test_each_question_increments_seq_and_names_itself() -> None:
    """Every shown question carries its id and a seq one higher than the last."""
    turn = _begin()
    seen = [last_question(turn).seq]
    for event in (Choose("yes"), Choose("next"), Choose("yes")):
        turn = send(turn, event)
        seen.append(last_question(turn).seq)
    assert seen == [1, 2, 3, 4]
    assert (last_question(turn).question_id, turn.state.seq) == ("how_to_ask", 4)
