"""Answers as people give them: typed words for buttons, unknown buttons, free text and
voice notes, very long text, danger words, pages of buttons and numbered options."""

from __future__ import annotations

import pytest

from dialogs.types import Answer, Choose, DangerAlert, Text, Voice
from tests.dialogs.engine_fixtures import answers, last_question, reach, send, tiny_person


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2", "3"),
        ("  1 ", "4"),
        ("dont know", "dont_know"),
        ("Prefer NOT to say!", "prefer_not_to_say"),
    ],
)
def test_typed_answers_to_button_questions(typed: str, value: str) -> None:
    """A number picks the option at that place; an option's words pick it, whatever the case,
    spacing or punctuation."""
    turn = send(reach("safety"), Text(typed))
    assert [("safety", value)] == [a[:2] for a in answers(list(turn.records))]


def test_typed_label_with_picture_ignored() -> None:
    """Pictures in labels do not need typing: "yes" matches "🙂 yes" in easy read."""
    turn = reach("practice", tiny_person(how_to_ask="easy_read"))
    assert last_question(turn).options[0].label == "🙂 yes"
    assert send(turn, Text("YES")).state.step == "safety"


@pytest.mark.parametrize("event", [Text("purple"), Text("9"), Choose("c:home"), Choose("")])
def test_unclear_answer_gets_a_kind_reask_and_nothing_recorded(event) -> None:
    """Words matching no option, a number off the list or an unknown button: re-ask kindly."""
    turn = send(reach("safety"), event)
    assert (turn.records, [r.text for r in turn.replies]) == ((), ["[reask]", "How safe?"])
    assert turn.state.step == "safety"


def test_free_text_and_voice_answers() -> None:
    """Typed words are recorded as value "text" with the words; a voice note as "voice" with
    its handle, and the person is told it was saved."""
    turn = send(reach("how_will_we_know"), Text("  When I sleep well "))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert (answer.value, answer.text, answer.voice_ref) == ("text", "When I sleep well", None)
    turn = send(reach("how_will_we_know"), Voice("file-123"))
    [answer] = [r for r in turn.records if isinstance(r, Answer)]
    assert (answer.value, answer.text, answer.voice_ref) == ("voice", None, "file-123")
    assert turn.replies[0].text == "[voice_saved]"


def test_voice_on_a_button_question_is_reasked() -> None:
    """A voice note cannot answer a button question: re-ask."""
    turn = send(reach("safety"), Voice("file-1"))
    assert (turn.records, turn.replies[0].text) == ((), "[reask]")


def test_very_long_text_is_not_recorded() -> None:
    """More than 4000 characters: asked to shorten it, nothing recorded, same question."""
    turn = send(reach("how_will_we_know"), Text("a" * 4001))
    assert turn.records == ()
    assert [r.text for r in turn.replies] == ["[text_too_long]", "How will we know?"]


def test_danger_words_signpost_before_carrying_on() -> None:
    """Danger words (even misspelt) raise an alert and show signposting first; the answer is
    still recorded and the survey carries on."""
    turn = send(reach("how_will_we_know"), Text("He said he will KILL  me!!"))
    alerts = [r for r in turn.records if isinstance(r, DangerAlert)]
    assert alerts == [DangerAlert("danger_words", "start")]
    assert (turn.replies[0].kind, turn.replies[0].text) == ("signpost", "[signposting]")
    assert [a[0] for a in answers(list(turn.records))] == ["how_will_we_know"]
    assert turn.state.status == "completed"


def test_not_safe_at_all_then_in_danger_now() -> None:
    """Safety 1 asks danger_now (neutral first line); "yes" alerts and signposts, then the
    survey goes on to the next question."""
    turn = send(reach("safety"), Choose("1"))
    assert last_question(turn).text.splitlines()[0] == "One more question."
    turn = send(turn, Choose("yes"))
    assert [a[:2] for a in answers(list(turn.records))] == [("danger_now", "yes")]
    assert DangerAlert("in_danger_now", "start") in turn.records
    assert [r.kind for r in turn.replies] == ["signpost", "question"]
    assert turn.state.step == "outcomes"
    calm = send(send(reach("safety"), Choose("1")), Choose("no"))
    assert not any(isinstance(r, DangerAlert) for r in calm.records)


def test_easy_read_pages_long_option_lists() -> None:
    """Easy read shows at most 5 buttons: 4 options and "More" (its own label, not the
    "Next" of an information screen, which would read as "next question"); More shows the
    rest."""
    turn = reach("safety", tiny_person(how_to_ask="easy_read"))
    first = last_question(turn)
    assert [o.key for o in first.options] == ["4", "3", "2", "1", "more"]
    assert "🙂 more" == first.options[-1].label
    second = last_question(send(turn, Choose("more")))
    assert [o.key for o in second.options] == ["dont_know", "prefer_not_to_say", "more"]
    assert send(turn, Choose("more")).state.step == "safety"
    picked = send(turn, Choose("more"), Text("1"))
    assert [a[:2] for a in answers(list(picked.records))] == [("safety", "dont_know")]


def test_screen_reader_numbers_options_without_pictures() -> None:
    """Screen-reader options are numbered and picture-free; controls have no pictures."""
    sr = reach("safety", tiny_person(how_to_ask="screen_reader"))
    labels = [o.label for o in last_question(sr).options]
    assert labels == ["1. 4", "2. 3", "3. 2", "4. 1", "5. dont know", "6. prefer not to say"]
    assert all("🙂" not in c.label for c in last_question(sr).controls)
