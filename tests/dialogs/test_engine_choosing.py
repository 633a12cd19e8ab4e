"""/howtoask and /language with nothing named show the choices as buttons (the how_to_ask
question's labels; the catalogue's languages by their own names); a tap changes the
variant or language and asks the interrupted question again in its new form, with every
answer and the step kept. Other commands leave the choices; anything else re-shows them."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Choose, Command, PreferencesChanged, Text
from tests.dialogs.engine_fixtures import TINY, answers, last_question, reach, send


def _labels(turn) -> list[tuple[str, str]]:
    return [(o.key, o.label) for o in last_question(turn).options]


def test_howtoask_alone_shows_the_four_ways_with_the_how_to_ask_labels() -> None:
    """/howtoask (no argument): the how_to_ask question's text and its four option labels,
    keyed by variant, under question_id "variant"; nothing recorded, nothing changed."""
    before = reach("safety")
    turn = send(before, Command("variant", None))
    question = TINY["en"].questions["how_to_ask"]
    expected = [(o.value, o.label.standard) for o in question.options]
    assert expected == _labels(turn)
    assert (question.text.standard, "variant") == (
        last_question(turn).text,
        last_question(turn).question_id,
    )
    assert ((), "safety", "standard") == (turn.records, turn.state.step, turn.state.variant)


def test_tapping_a_way_changes_the_variant_and_reasks_keeping_answers() -> None:
    """A tap on "yes_no" records the preference change and asks the interrupted question in
    its yes/no form; earlier answers are still in the state, and the next answer counts."""
    before = reach("safety")
    turn = send(before, Command("variant", None), Choose("yes_no"))
    assert [PreferencesChanged("yes_no", "en", "self")] == list(turn.records)
    assert ["YN [variant_changed]", "YN How safe?", "YN step safe?"] == [
        r.text for r in turn.replies
    ]
    assert (before.state.history, "safety") == (turn.state.history, turn.state.step)
    assert turn.state.extra == before.state.extra


def test_language_alone_lists_the_catalogue_and_a_tap_changes_language() -> None:
    """/language (no argument): one button per language (tag -> meta.name); a tap switches
    to it and the current question is asked from that language's content; the answer is
    recorded in the new language."""
    before = reach("how_will_we_know")
    shown = send(before, Command("language", None))
    assert [(tag, TINY[tag].meta.name) for tag in sorted(TINY)] == _labels(shown)
    assert "language" == last_question(shown).question_id
    turn = send(shown, Choose("xx"))
    assert [PreferencesChanged("standard", "xx", "self")] == list(turn.records)
    turn = send(turn, Text("words"))
    assert [("how_will_we_know", "text", "standard", "xx")] == [
        a[:4] for a in answers(list(turn.records))
    ]


def test_a_typed_number_chooses_and_nonsense_shows_the_choices_again() -> None:
    """Typed words that name no choice: a kind re-ask and the choices again; then "4"
    (the fourth way, screen_reader) is taken like a tap."""
    shown = send(reach("safety"), Command("variant", None))
    again = send(shown, Text("purple"))
    assert ["[reask]", shown.replies[-1].text] == [r.text for r in again.replies]
    assert "variant" == last_question(again).question_id
    chosen = send(again, Text("4"))
    assert "screen_reader" == chosen.state.variant
    assert "safety" == last_question(chosen).question_id


def test_another_command_leaves_the_choices() -> None:
    """/help while the choices are shown: help and the survey question, choices forgotten
    (a later tap of an old choice changes nothing)."""
    shown = send(reach("safety"), Command("language", None))
    helped = send(shown, Command("help"))
    assert ["[help]", "How safe?"] == [r.text for r in helped.replies]
    assert "en" == send(helped, Choose("xx")).state.language


def test_while_paused_howtoask_alone_resumes_and_shows_the_choices() -> None:
    """Paused, then /howtoask: the survey resumes and the ways are shown."""
    paused = send(reach("safety"), Command("pause"))
    turn = send(paused, Command("variant"))
    assert ("active", "variant") == (turn.state.status, last_question(turn).question_id)


@pytest.mark.parametrize(
    ("command", "variant", "language"),
    [(Command("variant", "Easy words"), "easy_read", "en"),
     (Command("variant", "Easy words and pictures"), "easy_read", "en"),
     (Command("variant", "3"), "yes_no", "en"), (Command("variant", "four"), "screen_reader", "en"),
     (Command("language", "Polski"), "standard", "pl"),
     (Command("language", "2"), "standard", "pl"),
     (Command("variant", "big letters"), "standard", "en"),
     (Command("language", "Klingon"), "standard", "en")],
)  # fmt: skip
def test_a_way_or_language_named_by_its_words_or_number(command, variant, language) -> None:
    """/howtoask and /language with the words or number of a choice shown for them (as in
    the list /howtoask alone shows), not only the tag; anything else changes nothing."""
    shipped = load_catalogue()
    turn = begin(shipped, "checkin", variant="standard", language="en", answered_by="self",
                 consent_given=True)  # fmt: skip
    turn = handle(shipped, handle(shipped, turn.state, Choose("yes")).state, command)
    assert (variant, language) == (turn.state.variant, turn.state.language)
