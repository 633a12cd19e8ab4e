"""A voice note where only typed words are taken (the outcome steps: own words, help me
decide, the menu) gets a kind "please type it here" (``messages.voice_not_here``) and the
same question again, not "did not understand"; nothing is recorded. The own-words prompt no
longer invites a voice note, in any language or wording."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.types import Choose, Voice
from tests.dialogs.engine_fixtures import TINY, last_question, reach, send

VARIANTS = ("standard", "easy_read", "yes_no", "screen_reader", "representative")


@pytest.mark.parametrize("mode_key", ["own_words", "help_me_decide", None])
def test_a_voice_note_in_the_outcome_steps_is_asked_for_as_typed_words(mode_key) -> None:
    """Own words, a help-me-decide prompt and the menu: the reply is voice_not_here, then
    the same prompt; no record, the step and its mode unchanged."""
    turn = reach("outcomes")
    if mode_key is not None:
        turn = send(turn, Choose(mode_key))
    before = last_question(turn)
    after = send(turn, Voice("ref-1"))
    expected = TINY["en"].messages.voice_not_here.standard
    assert [expected, before.text] == [r.text for r in after.replies]
    assert () == after.records
    assert (turn.state.step, turn.state.sub) == (after.state.step, after.state.sub)


def test_a_voice_note_at_a_choice_question_is_still_a_reask() -> None:
    """Questions that take no typed words keep the usual kind re-ask."""
    turn = reach("safety")
    after = send(turn, Voice("ref-1"))
    assert TINY["en"].messages.reask.standard == after.replies[0].text


@pytest.mark.parametrize("language", sorted(load_catalogue()))
def test_the_own_words_prompt_does_not_invite_a_voice_note(language: str) -> None:
    """Shipped content: type_your_words mentions no voice note in any wording."""
    wording = load_catalogue()[language].messages.type_your_words
    for variant in VARIANTS:
        text = getattr(wording, variant).lower()
        assert ("voice" not in text) and ("głos" not in text), (language, variant)
