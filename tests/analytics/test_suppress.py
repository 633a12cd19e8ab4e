"""Small-number protection: the board's rules on edge values, and the hub's exact view."""

import pytest

from analytics.suppress import SUPPRESSED, Presenter, protect_count, protect_counts


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, SUPPRESSED), (4, SUPPRESSED), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (100, 100)],
)
def test_board_counts_are_suppressed_below_5_and_rounded_to_5(count: int, shown: object) -> None:
    """0-4 become [c]; other counts go to the nearest multiple of 5."""
    assert shown == protect_count(count)


def test_board_percentages_come_from_unrounded_counts() -> None:
    """7 of 13 is 53.8% (not 5 of 15 = 33.3%, what the rounded counts would give)."""
    assert 53.8 == Presenter("board").percent(7, 13)


@pytest.mark.parametrize(("part", "base"), [(5, 4), (0, 4), (4, 13), (0, 13)])
def test_board_percentages_are_withheld_on_a_suppressed_base_or_part(part: int, base: int) -> None:
    """A percentage resting on a count of 0-4 could reveal it, so it is withheld."""
    assert Presenter("board").percent(part, base) is None


def test_hub_sees_exact_counts_and_percentages() -> None:
    """The hub audience gets counts as they are, and percentages of any non-zero base."""
    hub = Presenter("hub")
    assert (3, 0, 13) == (hub.count(3), hub.count(0), hub.count(13))
    assert (25.0, None) == (hub.percent(1, 4), hub.percent(0, 0))


def test_protect_counts_is_the_board_view_for_the_bot_summary() -> None:
    """/summary uses the same rule on a mapping of counts."""
    assert {"a": SUPPRESSED, "b": 10} == protect_counts({"a": 2, "b": 8})


def test_unknown_audience_is_refused() -> None:
    """Only hub and board exist; a typo must not fall back to exact counts."""
    with pytest.raises(ValueError):
        Presenter("public")  # type: ignore[arg-type]
