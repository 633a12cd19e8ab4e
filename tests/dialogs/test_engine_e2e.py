"""Every survey completed end to end on the shipped English content, in every variant and
in representative wording, asserting exactly what is recorded."""

from __future__ import annotations

import pytest

from dialogs.content import CONTENT_ROOT, load_language
from dialogs.types import Answer, ConsentGiven, Outcome, OutcomesRevised, Reply, SurveyCompleted
from dialogs.vocabulary import VARIANTS
from dialogs.wording import pick
from tests.dialogs.engine_fixtures import Person, answers, run_survey

CATALOGUE = {"en": load_language(CONTENT_ROOT / "en")}
EN = CATALOGUE["en"]
WHO = ("self", "representative")
END_CHOICES = {
    "made_safer": "yes",
    "how_much_safer": "quite_a_bit",
    "listened_to": "a_bit",
    "involved": "no",
    "wellbeing": "unsure",
    "wants_more_support": "prefer_not_to_say",
}
OUTCOMES = (
    Outcome("o1", "I want to feel safe at home", "common:safe_at_home"),
    Outcome("o2", "See my cat every day", "own_words"),
)


def _person(**plan) -> Person:
    base = {"safe_to_talk": "yes", "consent": "yes", "practice": "yes", "safety": "3"}
    return Person(CATALOGUE, choices={**base, **plan.pop("choices", {})}, **plan)


def _question_texts(turns) -> dict[str, str]:
    shown: list[Reply] = [r for t in turns for r in t.replies if r.kind == "question"]
    return {r.question_id: r.text for r in shown}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("variant", VARIANTS)
def test_start_survey(variant: str, who: str) -> None:
    """The start survey, with variant and answerer chosen in the chat, records safety, the
    picked and own-words outcomes and how-will-we-know, in the chosen variant and wording."""
    person = _person(
        choices={"how_to_ask": variant, "who_answering": who},
        texts={"how_will_we_know": "When I sleep well"},
        commons=("safe_at_home", "my_money"),
        own_words=("See my cat every day",),
    )
    turns, records = run_survey(
        CATALOGUE, person, timepoint="start", variant="standard", language="en",
        answered_by="self",
    )  # fmt: skip
    expected = [
        ("safety", "3", variant, "en", "start", who),
        ("how_will_we_know", "text", variant, "en", "start", who),
    ]
    assert expected == answers(records)
    revised = [r for r in records if isinstance(r, OutcomesRevised)]
    assert len(revised) == 1
    wording = "representative" if who == "representative" else variant
    statements = [
        getattr(c.statement, wording) for c in EN.common_outcomes
        if c.id in ("safe_at_home", "my_money")
    ]  # fmt: skip
    assert [*statements, "See my cat every day"] == [o.text for o in revised[0].outcomes]
    assert [o.ref for o in revised[0].outcomes] == ["o1", "o2", "o3"]
    assert revised[0].status == "expressed"
    assert sum(isinstance(r, ConsentGiven) for r in records) == 1
    assert isinstance(records[-1], SurveyCompleted)
    assert turns[-1].state.status == "completed"
    assert turns[-1].replies[-1].kind == "end"
    assert pick(EN.questions["thanks_start"].text, variant, who) == turns[-1].replies[-1].text
    shown_texts = [r.text for t in turns for r in t.replies]
    safety = EN.questions["safety"]
    if (variant, who) == ("yes_no", "representative"):  # their words are the first step's
        assert safety.yes_no is not None
        asked = pick(safety.yes_no.steps[safety.yes_no.start].text, variant, who)
    else:
        asked = pick(safety.text, variant, who)
    assert asked in shown_texts
    practised = "practice" in _question_texts(turns)
    assert (variant in ("easy_read", "yes_no")) == practised


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("variant", VARIANTS)
def test_checkin_survey(variant: str, who: str) -> None:
    """A check-in (consent already given) records safety and one outcome revision that
    drops one outcome, keeps the other and adds a new common one."""
    person = _person(choices={"safety": "2"}, dropped=("See my cat every day",),
                     commons=("someone_to_talk",))  # fmt: skip
    turns, records = run_survey(
        CATALOGUE, person, timepoint="checkin", variant=variant, language="en",
        answered_by=who, outcomes=OUTCOMES, consent_given=True,
    )  # fmt: skip
    assert [("safety", "2", variant, "en", "checkin", who)] == answers(records)
    [revised] = [r for r in records if isinstance(r, OutcomesRevised)]
    assert revised.dropped == ("o2",)
    assert [o.ref for o in revised.outcomes] == ["o1", "o3"]
    assert revised.outcomes[1].source == "common:someone_to_talk"
    assert "consent" not in _question_texts(turns)
    assert turns[-1].state.status == "completed"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("variant", VARIANTS)
def test_end_survey(variant: str, who: str) -> None:
    """The end survey asks "did it happen" once per outcome, in the person's own words, and
    records every end measure on its own scale."""
    person = _person(
        choices={"safety": "4", **END_CHOICES},
        texts={"comments": "Thank you all"},
        achieved={"feel safe at home": "partly", "See my cat every day": "yes"},
    )
    turns, records = run_survey(
        CATALOGUE, person, timepoint="end", variant=variant, language="en",
        answered_by=who, outcomes=OUTCOMES, consent_given=True,
    )  # fmt: skip
    expected = [
        ("safety", "4"),
        ("outcome_achieved", "partly"),
        ("outcome_achieved", "yes"),
        *END_CHOICES.items(),
        ("comments", "text"),
    ]
    assert [(*e, variant, "en", "end", who) for e in expected] == answers(records)
    refs = [r.outcome_ref for r in records if isinstance(r, Answer) and r.outcome_ref]
    assert refs == ["o1", "o2"]
    shown_texts = [r.text for t in turns for r in t.replies]
    assert any("See my cat every day" in text for text in shown_texts)
    assert turns[-1].state.status == "completed"


def test_end_survey_without_outcomes_skips_did_it_happen() -> None:
    """With no outcomes named, the end survey goes from safety straight to made_safer."""
    person = _person(choices={"safety": "4", **END_CHOICES}, texts={"comments": "ok"})
    turns, records = run_survey(
        CATALOGUE, person, timepoint="end", variant="standard", language="en",
        answered_by="self", consent_given=True,
    )  # fmt: skip
    assert "outcomes_achieved" not in _question_texts(turns)
    assert "outcome_achieved" not in [a[0] for a in answers(records)]
