"""Paired safety figures on hand-checked tables, and the Wilcoxon test against scipy."""

import numpy as np
import pytest
from scipy import stats

from analytics.safety import differences, pair_table, summarise_safety, wilcoxon_test
from analytics.schema import Safety
from analytics.suppress import SUPPRESSED, Presenter
from storage.reporting import SafetyCell
from tests.analytics.helpers import EXAMPLE_SAFETY

HUB = Presenter("hub")


def test_pairs_directions_median_and_distributions_by_hand() -> None:
    """10 pairs: 7 safer (1->3 x3, 2->4 x4), 2 same, 1 less safe; sorted changes
    -1,0,0,2,2,2,2,2,2,2 give a median of 2; level 4 is 1 of 10 at start, 4 of 10 at end."""
    safety = summarise_safety(EXAMPLE_SAFETY, HUB)
    assert (10, 7, 2, 1) == (safety.pairs, safety.safer, safety.same, safety.less_safe)
    assert (70.0, 20.0, 10.0) == (
        safety.safer_percent,
        safety.same_percent,
        safety.less_safe_percent,
    )
    assert 2.0 == safety.median_change
    assert {"1": 3, "2": 6, "3": 0, "4": 1} == safety.start_distribution
    assert {"1": 0, "2": 2, "3": 4, "4": 4} == safety.end_distribution
    assert (1, 10, 10.0) == (
        safety.as_safe_as_wanted_start.count,
        safety.as_safe_as_wanted_start.base,
        safety.as_safe_as_wanted_start.percent,
    )
    assert 40.0 == safety.as_safe_as_wanted_end.percent


def test_unpaired_cases_are_counted_by_reason_and_left_out() -> None:
    """No start answer, a don't know at the start, no end answer, prefer not to say at end."""
    cells = [
        SafetyCell(None, "3", 2),
        SafetyCell("dont_know", "4", 1),
        SafetyCell("3", None, 4),
        SafetyCell("2", "prefer_not_to_say", 5),
        SafetyCell("2", "3", 1),
    ]
    safety = summarise_safety(cells, HUB)
    assert 1 == safety.pairs
    assert {
        "no_start_answer": 2,
        "start_not_a_level": 1,
        "no_end_answer": 4,
        "end_not_a_level": 5,
    } == safety.unpaired


def test_wilcoxon_by_hand_with_ties_is_an_exact_permutation_p_value() -> None:
    """Changes -1 and +2 x7 (2 unchanged): ranks 1 and 5 x7, so W = 1; only 2 of the 2**8
    sign patterns have W <= 1, two-sided p = 4/256."""
    test = summarise_safety(EXAMPLE_SAFETY, HUB).wilcoxon
    assert (True, 1.0, 4 / 256) == (test.performed, test.statistic, test.p_value)
    assert ("exact_permutation", "wilcox", 8, 2) == (
        test.p_value_method,
        test.zero_method,
        test.pairs_with_change,
        test.pairs_without_change,
    )


@pytest.mark.parametrize(
    "table",
    [
        {(1, 3): 3, (2, 2): 2, (4, 3): 1, (2, 4): 4},
        {(1, 2): 30, (2, 3): 25, (3, 3): 40, (4, 2): 8, (2, 1): 6, (1, 4): 3},
        {(1, 2): 5, (3, 2): 2, (2, 3): 1},
        {(4, 1): 12, (3, 4): 9, (1, 1): 100},
    ],
)
def test_wilcoxon_equals_scipy_on_the_same_pairs(table: dict) -> None:
    """Our figures are scipy's own (method="auto", zero_method="wilcox") on those pairs."""
    diffs = differences(table)
    expected = stats.wilcoxon(diffs, zero_method="wilcox")
    ours = wilcoxon_test(diffs)
    assert (float(expected.statistic), float(expected.pvalue)) == (ours.statistic, ours.p_value)


def test_p_value_method_is_labelled_exact_or_approximate() -> None:
    """No ties and few pairs: exact; many tied pairs: scipy's normal approximation."""
    assert "exact" == wilcoxon_test(np.array([1.0, -2, 3, 4, 5, 6, 7])).p_value_method
    many = differences({(1, 2): 30, (2, 4): 20, (3, 2): 10})
    assert "approximate" == wilcoxon_test(many).p_value_method


def test_all_same_pairs_give_no_test_and_a_plain_reason() -> None:
    """Everyone at the same level at both ends: nothing to test, median change 0."""
    safety = summarise_safety([SafetyCell("3", "3", 9), SafetyCell("4", "4", 3)], HUB)
    assert (12, 0, 12, 0, 0.0) == (
        safety.pairs, safety.safer, safety.same, safety.less_safe, safety.median_change
    )  # fmt: skip
    assert not safety.wilcoxon.performed
    assert "No one's safety level changed" in (safety.wilcoxon.reason or "")


def test_too_few_changed_pairs_give_no_test_and_a_plain_reason() -> None:
    """Five changed pairs cannot reach p < 0.05, so the test is not run."""
    test = summarise_safety([SafetyCell("1", "2", 5), SafetyCell("2", "2", 20)], HUB).wilcoxon
    assert not test.performed
    assert "Fewer than 6" in (test.reason or "")


def test_no_pairs_at_all_gives_empty_figures() -> None:
    """With no pairs nothing is divided by zero and no median is made up."""
    safety = summarise_safety([SafetyCell(None, None, 3)], HUB)
    assert (0, None, None) == (safety.pairs, safety.safer_percent, safety.median_change)


def test_board_view_suppresses_small_counts_and_hides_the_rank_statistic() -> None:
    """Board: 1 less-safe pair is [c] with no percentage; the p-value stays to 3 decimal
    places (exactly 4/256 would tell that at least 7 people's level changed), W does not.
    7 safer of 10 is shown as 5 of 10, 50%: the exact 70% would tell that 3 of the 10 pairs
    (the two [c] cells together) were not safer."""
    safety = summarise_safety(EXAMPLE_SAFETY, Presenter("board"))
    assert (10, 5, SUPPRESSED, SUPPRESSED) == (
        safety.pairs, safety.safer, safety.same, safety.less_safe
    )  # fmt: skip
    assert (50.0, None) == (safety.safer_percent, safety.less_safe_percent)
    assert (None, 0.016, "0.016") == (
        safety.wilcoxon.statistic, safety.wilcoxon.p_value, safety.wilcoxon.p_value_shown
    )  # fmt: skip


def test_board_view_of_fewer_than_5_pairs_withholds_every_derived_figure() -> None:
    """Four pairs: the median and the test would describe too few people."""
    safety = summarise_safety([SafetyCell("1", "4", 4)], Presenter("board"))
    assert (SUPPRESSED, None, False) == (
        safety.pairs, safety.median_change, safety.wilcoxon.performed
    )  # fmt: skip


def test_pair_table_ignores_non_levels() -> None:
    """Only level-to-level cells make pairs."""
    cells = [SafetyCell("4", "dont_know", 2), SafetyCell("1", "1", 3), SafetyCell("1", "1", 1)]
    assert {(1, 1): 4} == pair_table(cells)


@pytest.mark.parametrize("seed", range(8))
def test_exact_permutation_p_value_equals_scipys_on_random_small_tables(seed: int) -> None:
    """6 to 13 pairs with ties and no-change pairs: scipy itself uses its permutation test."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(6, 14))
    diffs = rng.integers(-3, 4, size=size).astype(float)
    diffs[:6] = [1, -1, 2, 1, -2, 3]  # at least 6 changed pairs
    expected = stats.wilcoxon(diffs, zero_method="wilcox")
    ours = wilcoxon_test(diffs)
    assert "exact_permutation" == ours.p_value_method
    assert (float(expected.statistic), float(expected.pvalue)) == (ours.statistic, ours.p_value)


def test_board_p_value_below_0_001_is_shown_as_such() -> None:
    """40 pairs all one level safer: the hub sees p to 4 significant figures, the board
    '< 0.001' and no number to work back from."""
    cells = [SafetyCell("1", "2", 40)]
    hub = summarise_safety(cells, HUB).wilcoxon
    board = summarise_safety(cells, Presenter("board")).wilcoxon
    assert f"{hub.p_value:.4g}" == hub.p_value_shown
    assert hub.p_value < 0.001
    assert (None, "< 0.001") == (board.p_value, board.p_value_shown)


def test_board_is_not_shown_the_changed_pairs_total_that_pins_two_hidden_cells() -> None:
    """4 safer, 10 the same, 4 less safe: the board sees 20 pairs, [c] safer, 10 same, [c]
    less safe. A separately rounded 'pairs with change' (8, shown as 10) could only be
    reached by 4 + 4, giving both hidden cells away; it is withheld, and the counts the
    board sees are the same as for 3 safer, 11 same, 4 less safe."""

    def board(safer: int, same: int, less_safe: int) -> Safety:
        cells = [SafetyCell("1", "2", safer), SafetyCell("2", "2", same),
                 SafetyCell("2", "1", less_safe)]  # fmt: skip
        return summarise_safety(cells, Presenter("board"))

    shown = board(4, 10, 4)
    assert (None, None) == (shown.wilcoxon.pairs_with_change, shown.wilcoxon.pairs_without_change)
    counts = ("pairs", "safer", "same", "less_safe", "start_distribution", "end_distribution")
    other = board(3, 11, 4)
    assert [getattr(other, key) for key in counts] == [getattr(shown, key) for key in counts]
