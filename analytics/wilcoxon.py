"""The Wilcoxon signed-rank test of end safety level against start level.

scipy's ``wilcoxon`` with ``zero_method="wilcox"`` (pairs with no change are left out of
the ranking) and its ``method="auto"`` choice made explicitly, so the report can say
whether the p-value is exact or approximate: exact without ties up to 50 pairs; the exact
sign-permutation distribution up to 13 pairs with ties or no-change pairs (computed here
with numpy in one step, the same figure scipy's ``PermutationMethod`` gives, but without
its per-permutation Python loop); otherwise scipy's normal approximation with tie
correction.
"""

from __future__ import annotations

import itertools

import numpy as np

from analytics.schema import Wilcoxon

ZERO_METHOD = "wilcox"
# With fewer than 6 changed pairs no two-sided p-value can be below 0.05 (2 / 2**5).
MINIMUM_PAIRS_WITH_CHANGE = 6
EXACT_LIMIT = 50
PERMUTATION_LIMIT = 13


def wilcoxon_test(diffs: np.ndarray) -> Wilcoxon:
    """scipy's Wilcoxon signed-rank test on the differences, saying how the p-value was got.

    The method is chosen as scipy's ``method="auto"`` would choose it, but explicitly, so the
    report can say whether the p-value is exact or approximate.
    """
    changed = diffs[diffs != 0]
    if changed.size < MINIMUM_PAIRS_WITH_CHANGE:
        reason = (
            "No one's safety level changed between start and end, so there is nothing to test."
            if diffs.size and not changed.size
            else f"Fewer than {MINIMUM_PAIRS_WITH_CHANGE} people's safety level changed "
            "between start and end: too few for the test to say anything."
        )
        return Wilcoxon(performed=False, reason=reason, zero_method=ZERO_METHOD)
    from scipy import stats  # imported here: scipy.stats takes a second to load

    label, detail = _choose_method(diffs)
    if label == "exact_permutation":
        statistic, p_value = exact_permutation(changed)
    else:
        method = "exact" if label == "exact" else "asymptotic"
        result = stats.wilcoxon(diffs, zero_method=ZERO_METHOD, method=method)
        statistic, p_value = float(result.statistic), float(result.pvalue)
    return Wilcoxon(
        performed=True,
        zero_method=ZERO_METHOD,
        p_value_method=label,
        p_value_method_detail=detail,
        statistic=statistic,
        p_value=p_value,
        p_value_shown=f"{p_value:.4g}",
        pairs_with_change=int(changed.size),
        pairs_without_change=int(diffs.size - changed.size),
    )


def _choose_method(diffs: np.ndarray) -> tuple[str, str]:
    """scipy's "auto" decision, made visible: (label, plain detail)."""
    magnitudes = np.abs(diffs[diffs != 0])
    has_ties = np.unique(magnitudes).size < magnitudes.size
    has_zeros = bool((diffs == 0).any())
    if diffs.size <= EXACT_LIMIT and not (has_ties or has_zeros):
        return "exact", "exact null distribution (no ties, no zero differences)"
    if diffs.size <= PERMUTATION_LIMIT:
        detail = "exact: every sign permutation enumerated (ties or unchanged pairs present)"
        return "exact_permutation", detail
    detail = "normal approximation with tie correction, no continuity correction"
    return "approximate", detail


def exact_permutation(changed: np.ndarray) -> tuple[float, float]:
    """(W, two-sided p) from every sign pattern of the non-zero differences.

    W is min(R+, R-) as scipy reports it; p is twice the smaller tail of R+ over all
    2**n sign patterns (ties get average ranks), capped at 1, as scipy's permutation test.
    """
    from scipy import stats

    ranks = stats.rankdata(np.abs(changed))
    observed = float(ranks[changed > 0].sum())
    patterns = np.array(list(itertools.product((0.0, 1.0), repeat=changed.size)))
    null = patterns @ ranks
    tolerance = abs(np.finfo(float).eps * observed)
    less = np.count_nonzero(null <= observed + tolerance) / null.size
    greater = np.count_nonzero(null >= observed - tolerance) / null.size
    statistic = min(observed, float(ranks.sum()) - observed)
    return statistic, float(min(1.0, 2 * min(less, greater)))
