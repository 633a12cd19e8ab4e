"""A message of pictures only ("👍"), as someone using easy read may answer: it picks the one
button on screen with that picture; anything else is asked again, and pictures alone never
become an outcome in the person's own words."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Answer, Choose, ConsentGiven, Text, Turn
from tests.dialogs.engine_fixtures import last_question, reach, send, tiny_person

CATALOGUE = load_catalogue()


def _start(variant: str, *keys: str) -> Turn:
    turn = begin(CATALOGUE, "start", variant=variant, language="en", answered_by="self")
    for key in keys:
        turn = handle(CATALOGUE, turn.state, Choose(key))
    return turn


@pytest.mark.parametrize("sent", ["👍", "👍🏽", " 👍 "])
def test_a_thumbs_up_answers_the_consent_question_in_easy_read(sent: str) -> None:
    """Consent in easy read has "👍 Yes" and "👎 No": a thumbs up (any skin tone) is yes."""
    turn = handle(CATALOGUE, _start("easy_read", "yes", "next").state, Text(sent))
    assert [ConsentGiven] == [type(r) for r in turn.records]
    assert "how_to_ask" == turn.state.step


def test_a_picture_picks_the_safety_level_with_that_picture() -> None:
    """Safety in easy read: "😟" is "Not safe" (1)."""
    turn = _start("easy_read", "yes", "next", "yes", "easy_read", "self", "no")
    assert "safety" == turn.state.step
    turn = handle(CATALOGUE, turn.state, Text("😟"))
    assert [("safety", "1")] == [(r.measure, r.value) for r in turn.records
                                 if isinstance(r, Answer)]  # fmt: skip


def test_a_picture_in_the_outcome_menu_picks_or_is_asked_again() -> None:
    """ "🏠" picks "Safe home"; "🌈" (on no button) is asked again and is not kept as an
    outcome in the person's own words."""
    turn = _start("easy_read", "yes", "next", "yes", "easy_read", "self", "no", "4")
    turn = handle(CATALOGUE, turn.state, Text("🏠"))
    assert ("common:safe_at_home|I want to feel safe at home",) == turn.state.pending
    turn = handle(CATALOGUE, turn.state, Text("🌈"))
    assert ("common:safe_at_home|I want to feel safe at home",) == turn.state.pending
    assert "outcomes" == last_question(turn).question_id
    assert CATALOGUE["en"].messages.reask.easy_read == turn.replies[0].text


def test_pictures_name_nothing_where_buttons_have_none_or_share_one() -> None:
    """Standard buttons have no pictures: "👍" is asked again. The tiny content gives every
    easy-read button the same picture: "🙂" is unclear, so asked again too."""
    turn = handle(CATALOGUE, _start("standard", "yes", "next").state, Text("👍"))
    assert ([], "consent") == (list(turn.records), turn.state.step)
    tiny = send(reach("safety", tiny_person(how_to_ask="easy_read")), Text("🙂"))
    assert ((), "safety") == (tiny.records, tiny.state.step)
