"""Small hand-made count tables shared by the analytics tests."""

from __future__ import annotations

from storage.reporting import (
    AchievementCell,
    AlertCounts,
    FlowCounts,
    GroupCounts,
    ReportCounts,
    SafetyCell,
)

# 10 pairs: 1->3 x3, 2->2 x2, 4->3 x1, 2->4 x4; 2 with no start answer, 1 start don't know.
EXAMPLE_SAFETY = (
    SafetyCell("1", "3", 3),
    SafetyCell("2", "2", 2),
    SafetyCell("4", "3", 1),
    SafetyCell("2", "4", 4),
    SafetyCell(None, "3", 2),
    SafetyCell("dont_know", "4", 1),
)


def example_group(cases: int = 13) -> GroupCounts:
    """A group of 13 cases with every section filled."""
    return GroupCounts(
        cases=cases,
        flow=FlowCounts(
            opened=cases, invites_used=12, start_completed=11, closed=9, end_completed=7,
            end_missing={"declined": 2},
        ),
        safety=EXAMPLE_SAFETY,
        sg4a={"expressed": 8, "none_expressed": 2, "not_asked": 3},
        achievement=(
            AchievementCell(True, False, False, False, 5),
            AchievementCell(True, False, True, True, 2),
        ),
        measures={"made_safer": {"yes": 7, "no": 1, "dont_know": 2}},
        alerts=AlertCounts(
            raised=2, acknowledged=2, by_reason={"danger_words": 2},
            minutes_to_acknowledge=(5.0, 15.0),
        ),
        support_flags_open=3,
        outcomes_without_end_survey=1,
    )  # fmt: skip


def example_counts() -> ReportCounts:
    """The example group overall, split by answerer and by two organisations."""
    small = GroupCounts(cases=1, safety=(SafetyCell("1", "4", 1),), sg4a={"expressed": 1})
    return ReportCounts(
        overall=example_group(),
        breakdowns={
            "answered_by": {"self": example_group(12), "representative": small},
            "organisation": {"Police": example_group(12), "Housing": small},
            "month": {"2026-01": example_group(7), "2026-02": example_group(6)},
        },
    )
