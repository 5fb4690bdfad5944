"""Ranks (1 = best, ties share the minimum, NaN last) and quantile tiers."""

from __future__ import annotations

import numpy as np
import pytest

from scores.scoring import NO_TIER, quantile_tiers, rank
from scores.scoring.ranking import rank_rows

nan = np.nan


def test_rank_gives_one_to_the_best_and_shares_the_minimum_on_ties() -> None:
    np.testing.assert_array_equal(rank([3.0, 5.0, 5.0, 1.0]), [3, 1, 1, 4])


def test_rank_puts_missing_scores_last_together() -> None:
    np.testing.assert_array_equal(rank([3.0, nan, 5.0, nan, 1.0]), [2, 4, 1, 4, 3])
    np.testing.assert_array_equal(rank([nan, nan]), [1, 1])


def test_rank_rejects_infinite_and_two_dimensional_scores() -> None:
    with pytest.raises(ValueError, match="finite"):
        rank([1.0, np.inf])
    with pytest.raises(ValueError, match="1-D"):
        rank([[1.0, 2.0]])


def test_rank_rows_matches_rank_on_each_row() -> None:
    rng = np.random.default_rng(8)
    scores = rng.integers(0, 6, size=(50, 20)).astype(float)
    scores[rng.uniform(size=scores.shape) < 0.1] = nan
    expected = np.stack([rank(row) for row in scores])
    np.testing.assert_array_equal(rank_rows(scores), expected)
    # brute force: 1 + number of strictly better scores, NaN after all scored units
    for row, ranks in zip(scores, expected, strict=True):
        scored = row[~np.isnan(row)]
        for value, r in zip(row, ranks, strict=True):
            assert r == (scored.size + 1 if np.isnan(value) else 1 + np.sum(scored > value))


def test_quintile_tiers_put_the_lowest_fifth_in_tier_one() -> None:
    scores = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, nan]
    np.testing.assert_array_equal(quantile_tiers(scores), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0])
    assert NO_TIER == 0


def test_tied_scores_share_a_tier() -> None:
    np.testing.assert_array_equal(quantile_tiers([1.0, 2, 2, 2, 5], k=5), [1, 2, 2, 2, 5])


def test_tiers_have_equal_sizes_for_450_distinct_scores() -> None:
    tiers = quantile_tiers(np.random.default_rng(0).permutation(450).astype(float))
    np.testing.assert_array_equal(np.bincount(tiers), [0, 90, 90, 90, 90, 90])


def test_fewer_units_than_tiers_still_gives_increasing_tiers() -> None:
    # 1 + floor(5 * b / 3) for b = 0, 1, 2
    np.testing.assert_array_equal(quantile_tiers([0.3, 0.1, 0.2]), [4, 1, 2])


def test_tier_count_must_be_a_positive_integer() -> None:
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="positive integer"):
            quantile_tiers([1.0, 2.0], k=bad)  # type: ignore[arg-type]
    np.testing.assert_array_equal(quantile_tiers([1.0, 2.0], k=1), [1, 1])
