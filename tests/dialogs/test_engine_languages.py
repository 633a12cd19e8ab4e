"""Every shipped language runs every survey with no code of its own: a language is data."""

from __future__ import annotations

import pytest

from dialogs.content import load_catalogue
from dialogs.types import Outcome, OutcomesRevised
from dialogs.vocabulary import VARIANTS
from tests.dialogs.engine_fixtures import Person, answers, run_survey

CATALOGUE = load_catalogue()
CHOICES = {
    "safe_to_talk": "yes", "consent": "yes", "practice": "no", "safety": "2",
    "made_safer": "yes", "how_much_safer": "a_little", "listened_to": "yes", "involved": "a_bit",
    "wellbeing": "happy", "wants_more_support": "yes",
}  # fmt: skip
OUTCOMES = (Outcome("o1", "Ein eigenes Zimmer", "own_words"),)


def test_more_than_one_language_is_shipped() -> None:
    """English and at least one more language (a complete content set) are shipped."""
    assert "en" in CATALOGUE and len(CATALOGUE) >= 2


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("language", sorted(CATALOGUE))
def test_every_survey_in_every_language(language: str, variant: str) -> None:
    """Start, check-in and end surveys complete in each language and variant, recording the
    language with every answer."""
    person = Person(
        CATALOGUE,
        choices={**CHOICES, "how_to_ask": variant, "who_answering": "self_with_help"},
        texts={"how_will_we_know": "Spokój", "comments": "Dziękuję"},
        own_words=("Ein eigenes Zimmer",),
        achieved={"Ein eigenes Zimmer": "no"},
    )
    common = {"language": language, "answered_by": "self_with_help"}
    start_turns, start = run_survey(CATALOGUE, person, timepoint="start", variant="standard",
                                    **{**common, "answered_by": "self"})  # fmt: skip
    later = {"variant": variant, "outcomes": OUTCOMES, "consent_given": True, **common}
    _, checkin = run_survey(CATALOGUE, person, timepoint="checkin", **later)
    _, end = run_survey(CATALOGUE, person, timepoint="end", **later)
    assert "completed" == start_turns[-1].state.status
    measures = [a[0] for a in answers(start + checkin + end)]
    assert ["safety", "how_will_we_know", "safety", "safety", "outcome_achieved", "made_safer",
            "how_much_safer", "listened_to", "involved", "wellbeing", "wants_more_support",
            "comments"] == measures  # fmt: skip
    assert {(language, variant, "self_with_help")} == {
        (a[3], a[2], a[5]) for a in answers(start + checkin + end)}  # fmt: skip
    assert all(
        "Ein eigenes Zimmer" in [o.text for o in r.outcomes]
        for r in start + checkin
        if isinstance(r, OutcomesRevised)
    )
