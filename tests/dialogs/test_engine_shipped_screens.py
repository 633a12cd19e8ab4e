"""What the shipped content puts on screen in easy read: the button that turns the page of
a long list is not the "Next" of an information screen."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.engine import begin, handle
from dialogs.types import Choose
from tests.dialogs.engine_fixtures import last_question

CATALOGUE = load_catalogue()


@pytest.mark.parametrize("language", sorted(CATALOGUE))
def test_the_page_button_of_a_long_list_is_not_the_next_button(language: str) -> None:
    """Easy read: the fifth button of the safety question shows more choices and is
    labelled differently from the Next that moves on from an information screen."""
    turn = begin(CATALOGUE, "checkin", variant="easy_read", language=language,
                 answered_by="self", consent_given=True)  # fmt: skip
    turn = handle(CATALOGUE, turn.state, Choose("yes"))
    assert "👉" in last_question(turn).options[0].label  # the info screen's Next
    turn = handle(CATALOGUE, turn.state, Choose("next"))
    labels = CATALOGUE[language].labels
    page_button = last_question(turn).options[-1]
    assert ("more", labels.more.easy_read) == (page_button.key, page_button.label)
    assert labels.more.easy_read != labels.next.easy_read
