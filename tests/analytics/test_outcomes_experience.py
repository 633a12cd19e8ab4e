"""Outcomes achieved (SG4a rule, non-answers set aside), experience measures and alerts."""

import pytest

from analytics.experience import summarise_alerts, summarise_experience
from analytics.outcomes import classify, summarise_outcomes
from analytics.suppress import SUPPRESSED, Presenter
from storage.reporting import AchievementCell, AlertCounts

HUB = Presenter("hub")


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((True, False, False, False), "fully"),
        ((False, False, True, False), "not_achieved"),
        ((True, False, True, False), "partially"),
        ((False, True, False, False), "partially"),
        ((True, False, False, True), "fully"),  # yes + don't know: the don't know is set aside
        ((False, False, True, True), "not_achieved"),
        ((False, False, False, True), "not_known"),  # only don't know / prefer not to say
    ],
)
def test_a_case_is_classified_from_its_yes_partly_no_answers(flags: tuple, expected: str) -> None:
    """All yes = fully, all no = not achieved, else partially; non-answers never scored."""
    assert expected == classify(AchievementCell(*flags, count=1))


def test_outcomes_section_by_hand() -> None:
    """5 fully, 2 partially (one with a don't know), 1 not, 3 not known: base 8."""
    cells = [
        AchievementCell(True, False, False, False, 5),
        AchievementCell(True, True, False, True, 2),
        AchievementCell(False, False, True, False, 1),
        AchievementCell(False, False, False, True, 3),
    ]
    sg4a = {"expressed": 11, "none_expressed": 4}
    outcomes = summarise_outcomes(sg4a, cells, HUB)
    assert {
        "expressed": 11,
        "none_expressed": 4,
        "not_asked": 0,
        "not_recorded": 0,
    } == outcomes.sg4a
    assert (8, 5, 2, 1, 3, 2) == (
        outcomes.achieved_base, outcomes.fully, outcomes.partially, outcomes.not_achieved,
        outcomes.not_known, outcomes.with_non_answers,
    )  # fmt: skip
    assert (62.5, 25.0, 12.5) == (
        outcomes.fully_percent, outcomes.partially_percent, outcomes.not_achieved_percent
    )  # fmt: skip


def test_experience_measures_keep_non_answers_apart_from_the_scale() -> None:
    """made_safer: 6 yes, 2 no, 2 don't know: yes is 60% of those asked and 75% of yes/no."""
    measures = {"made_safer": {"yes": 6, "no": 2, "dont_know": 2}, "wellbeing": {"happy": 1}}
    experience = summarise_experience(measures, support_flags_open=4, present=HUB)
    made_safer = experience.measures["made_safer"]
    expected_counts = {"yes": 6, "no": 2, "dont_know": 2, "prefer_not_to_say": 0}
    assert (10, expected_counts) == (made_safer.base, made_safer.counts)
    assert (60.0, 75.0) == (made_safer.percents["yes"], experience.made_safer_yes.percent)
    assert ["happy", "unsure", "unhappy", "dont_know", "prefer_not_to_say"] == list(
        experience.measures["wellbeing"].counts
    )
    assert 4 == experience.support_flags_open


def test_alerts_median_time_to_acknowledge_by_hand() -> None:
    """Waits of 3, 10 and 30 minutes: median 10, longest 30 (hub)."""
    alerts = AlertCounts(
        raised=4, acknowledged=3, by_reason={"danger_words": 3, "in_danger_now": 1},
        minutes_to_acknowledge=(30.0, 3.0, 10.0),
    )  # fmt: skip
    summary = summarise_alerts(alerts, HUB)
    assert (4, 3, 10.0, 30.0) == (
        summary.raised, summary.acknowledged, summary.median_minutes_to_acknowledge,
        summary.longest_minutes_to_acknowledge,
    )  # fmt: skip


def test_board_alerts_withhold_times_resting_on_fewer_than_5_alerts() -> None:
    """Three acknowledged alerts are too few for the board to see a time."""
    alerts = AlertCounts(raised=3, acknowledged=3, minutes_to_acknowledge=(1.0, 2.0, 3.0))
    summary = summarise_alerts(alerts, Presenter("board"))
    assert (SUPPRESSED, None, None) == (
        summary.raised, summary.median_minutes_to_acknowledge,
        summary.longest_minutes_to_acknowledge,
    )  # fmt: skip
