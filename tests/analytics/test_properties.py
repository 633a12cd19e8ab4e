"""Properties over random count tables: board reports never show a small or unrounded count,
and the paired figures always add up."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.build import build_report
from analytics.safety import summarise_safety
from analytics.schema import Filters
from analytics.suppress import Presenter
from storage.reporting import (
    AchievementCell,
    FlowCounts,
    GroupCounts,
    ReportCounts,
    SafetyCell,
)

VALUES = st.sampled_from(["1", "2", "3", "4", "dont_know", "prefer_not_to_say", None])
CELLS = st.lists(st.builds(SafetyCell, VALUES, VALUES, st.integers(0, 40)), max_size=12)
ACHIEVED = st.lists(
    st.builds(AchievementCell, st.booleans(), st.booleans(), st.booleans(), st.booleans(),
              st.integers(0, 30)),
    max_size=6,
)  # fmt: skip


def _numbers(value: object) -> list[object]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value]


@settings(max_examples=60, deadline=None)
@given(cells=CELLS, achieved=ACHIEVED, cases=st.integers(0, 200), support=st.integers(0, 9))
def test_board_report_shows_no_count_below_5_and_only_multiples_of_5(
    cells: list[SafetyCell], achieved: list[AchievementCell], cases: int, support: int
) -> None:
    """Every count a board report shows is [c] or a multiple of 5 (never 1-4); every
    percentage lies in 0-100."""
    group = GroupCounts(
        cases=cases, flow=FlowCounts(opened=cases, end_missing={"declined": support}),
        safety=tuple(cells), sg4a={"expressed": cases}, achievement=tuple(achieved),
        measures={"made_safer": {"yes": support, "no": cases}}, support_flags_open=support,
    )  # fmt: skip
    counts = ReportCounts(overall=group, breakdowns={"answered_by": {"self": group}})
    report = build_report(counts, Filters(), "board").model_dump()
    report.pop("generated_at"), report.pop("schema_version"), report.pop("notes")
    shown_counts, percents = [], []
    for key, value in _flatten(report):
        if isinstance(value, bool) or value is None:
            continue
        if key.endswith("percent") or "percents" in key:
            percents.append(value)
        elif isinstance(value, int) and "wilcoxon" not in key and key != "audience":
            shown_counts.append(value)
        elif isinstance(value, str) and value.isdigit():
            shown_counts.append(int(value))
    assert [] == [n for n in shown_counts if n % 5 or 0 < n < 5]
    assert [] == [p for p in percents if not 0 <= p <= 100]


def _flatten(value: object, key: str = "") -> list[tuple[str, object]]:
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _flatten(v, f"{key}.{k}")]
    if isinstance(value, list):
        return [pair for v in value for pair in _flatten(v, key)]
    return [(key, value)]


@settings(max_examples=80, deadline=None)
@given(cells=CELLS)
def test_paired_figures_always_add_up(cells: list[SafetyCell]) -> None:
    """safer + same + less safe = pairs = each distribution's total; the median change is a
    whole or half level between -3 and 3, and exists exactly when there are pairs."""
    safety = summarise_safety(cells, Presenter("hub"))
    assert safety.pairs == safety.safer + safety.same + safety.less_safe  # type: ignore[operator]
    assert safety.pairs == sum(safety.start_distribution.values())  # type: ignore[arg-type]
    assert safety.pairs == sum(safety.end_distribution.values())  # type: ignore[arg-type]
    if safety.median_change is not None:
        assert -3 <= safety.median_change <= 3
        assert (2 * safety.median_change).is_integer()
    assert (safety.pairs == 0) == (safety.median_change is None)
