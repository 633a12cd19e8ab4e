"""Small-number protection: the board's rules on edge values, and the hub's exact view."""

import pytest

from analytics.safety import summarise_safety
from analytics.suppress import SUPPRESSED, Presenter, protect_count, protect_counts
from storage.reporting import SafetyCell


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, SUPPRESSED), (4, SUPPRESSED), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (100, 100)],
)
def test_board_counts_are_suppressed_below_5_and_rounded_to_5(count: int, shown: object) -> None:
    """0-4 become [c]; other counts go to the nearest multiple of 5."""
    assert shown == protect_count(count)


def test_board_percentages_come_from_the_rounded_counts_shown() -> None:
    """10 of 13 is shown as 10 of 15, and as 66.7%: the exact 76.9% would give away that
    the base is 13 (no other base that rounds to 15 has a part giving 76.9%)."""
    board = Presenter("board")
    assert (10, 15, 66.7) == (board.count(10), board.count(13), board.percent(10, 13))


def _direction(safer: int, same: int, less_safe: int) -> tuple[tuple, tuple]:
    """What the board sees of a group's direction of change: (counts, percentages)."""
    cells = [
        SafetyCell("1", "2", safer),
        SafetyCell("2", "2", same),
        SafetyCell("2", "1", less_safe),
    ]
    shown = summarise_safety(cells, Presenter("board"))
    counts = (shown.pairs, shown.safer, shown.same, shown.less_safe)
    return counts, (shown.safer_percent, shown.same_percent, shown.less_safe_percent)


def test_board_percentages_tell_nothing_the_rounded_counts_do_not() -> None:
    """Complementary suppression: for every group of 5 to 24 pairs, the board's safer / same
    / less safe percentages are the same for every group showing the same counts, so they
    cannot narrow down a hidden [c] count. With percentages of the exact counts, 10 safer,
    3 same and 0 less safe showed 76.9% safer beside 15 pairs: only 13 pairs fit that, so
    exactly 3 people were not safer. Nor do they ever add up to more than 100 (8 + 8 of
    16 pairs show as 10 + 10 of 15: 50% each, not 66.7%)."""
    percentages_for: dict[tuple, set[tuple]] = {}
    for pairs in range(5, 25):
        for safer in range(pairs + 1):
            for same in range(pairs - safer + 1):
                counts, percentages = _direction(safer, same, pairs - safer - same)
                percentages_for.setdefault(counts, set()).add(percentages)
    telling = {counts: found for counts, found in percentages_for.items() if len(found) > 1}
    assert {} == telling
    over_100 = [p for found in percentages_for.values() for p in found
                if sum(n for n in p if n is not None) > 100.1]  # fmt: skip
    assert [] == over_100
    assert (50.0, None, 50.0) == _direction(8, 0, 8)[1]


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
