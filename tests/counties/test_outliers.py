"""The outlier statistics (counties/outliers.py): pure numpy, no database."""

from __future__ import annotations

import numpy as np
import pytest

from counties.outliers import (
    CHANGE_FALLBACK_RELATIVE,
    CHANGE_MIN_RELATIVE,
    MAD_FACTOR,
    MEAN_AD_FACTOR,
    MIN_PEERS,
    MIN_SAMPLE,
    Z_THRESHOLD,
    beyond_threshold,
    change_outliers,
    group_medians,
    modified_z,
    peer_outliers,
    relative_change,
    robust_centre,
)

NAN = float("nan")


def test_robust_centre_is_the_median_and_the_mad_scaled_to_sigma():
    centre = robust_centre(np.array([1.0, 2.0, 3.0, 4.0, 100.0]))
    assert centre is not None
    assert centre.median == 3.0
    # deviations 2, 1, 0, 1, 97 -> MAD 1
    assert centre.spread == pytest.approx(1 / MAD_FACTOR)
    assert centre.count == 5


def test_an_even_sample_takes_the_mean_of_the_two_middle_values():
    centre = robust_centre(np.array([1.0, 2.0, 4.0, 10.0, 11.0, 12.0]))
    assert centre is not None
    assert centre.median == 7.0


def test_the_modified_z_of_iglewicz_and_hoaglin():
    values = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    z = modified_z(values, robust_centre(values))
    assert z == pytest.approx(MAD_FACTOR * (values - 3.0) / 1.0)
    assert z[-1] == pytest.approx(0.6745 * 97)


def test_nan_values_are_left_out_of_the_centre_and_score_nan():
    values = np.array([1.0, NAN, 2.0, 3.0, 4.0, 100.0])
    centre = robust_centre(values)
    assert centre is not None and centre.median == 3.0 and centre.count == 5
    z = modified_z(values, centre)
    assert np.isnan(z[1])
    assert np.isfinite(np.delete(z, 1)).all()


def test_fewer_values_than_the_minimum_give_no_centre():
    assert robust_centre(np.array([1.0, 2.0, 3.0, 4.0])) is None
    assert robust_centre(np.array([1.0, 2.0, 3.0, 4.0, NAN, NAN])) is None
    assert robust_centre(np.array([])) is None
    assert MIN_SAMPLE == 5


def test_a_zero_mad_falls_back_to_the_mean_absolute_deviation():
    # More than half the values equal: MAD 0; mean absolute deviation (0+0+0+0+10)/5 = 2.
    values = np.array([5.0, 5.0, 5.0, 5.0, 15.0])
    centre = robust_centre(values)
    assert centre is not None
    assert centre.median == 5.0
    assert centre.spread == pytest.approx(MEAN_AD_FACTOR * 2.0)
    z = modified_z(values, centre)
    assert z[-1] == pytest.approx(10 / (MEAN_AD_FACTOR * 2.0))
    assert z[:4] == pytest.approx([0, 0, 0, 0])


def test_identical_values_score_zero_and_any_other_value_infinite():
    centre = robust_centre(np.array([7.0] * 6))
    assert centre is not None and centre.spread == 0
    z = modified_z(np.array([7.0, 8.0, 6.0, NAN]), centre)
    assert z[0] == 0
    assert z[1] == np.inf and z[2] == -np.inf
    assert np.isnan(z[3])


def test_relative_change_handles_zero_and_missing_previous_values():
    rel = relative_change(
        np.array([10.0, 0.0, 0.0, NAN, -4.0]), np.array([15.0, 0.0, 2.0, 3.0, -2.0])
    )
    assert rel[0] == pytest.approx(0.5)
    assert rel[1] == 0
    assert rel[2] == np.inf
    assert np.isnan(rel[3])
    assert rel[4] == pytest.approx(0.5)


def _ordinary_changes(n: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """n counties at 10..29 that each move by +1 or -1 (median change 0 or so, MAD 1)."""
    previous = np.arange(10.0, 10.0 + n)
    current = previous + np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    return previous, current


def test_an_ordinary_set_of_changes_has_no_flag():
    previous, current = _ordinary_changes()
    result = change_outliers(previous, current)
    assert not result.flagged.any()
    assert (result.count == 20).all()


def test_a_jump_far_from_the_other_counties_changes_is_flagged():
    previous, current = _ordinary_changes()
    current[3] = previous[3] + 20  # 13 -> 33
    result = change_outliers(previous, current)
    assert result.flagged.tolist() == [i == 3 for i in range(20)]
    assert result.change[3] == 20
    assert result.z[3] > Z_THRESHOLD


def test_a_change_unusual_among_counties_but_small_for_the_county_is_not_flagged():
    # All changes are 0 but one of +2 on a previous value of 100 (2 %, below 25 %).
    previous = np.full(10, 100.0)
    current = previous.copy()
    current[0] = 102.0
    result = change_outliers(previous, current)
    assert result.z[0] > Z_THRESHOLD  # the MAD is 0: the mean absolute deviation decides
    assert not result.flagged[0]


def test_a_large_relative_change_that_every_county_shares_is_not_flagged():
    # Every county doubled: relative change 100 % each, but nobody stands out.
    previous = np.arange(1.0, 11.0)
    current = 2 * previous
    result = change_outliers(previous, current)
    assert (result.relative == 1).all()
    assert not result.flagged.any()


def test_with_too_few_counties_the_relative_change_alone_decides():
    previous = np.array([10.0, 10.0, 10.0, NAN, 10.0])
    current = np.array([15.0, 15.01, 4.0, 30.0, NAN])
    result = change_outliers(previous, current)
    assert (result.count == 3).all()
    assert np.isnan(result.z).all()
    # exactly +50 % is not more than the fallback threshold; 50.1 % and -60 % are.
    assert CHANGE_FALLBACK_RELATIVE == 0.5
    assert result.flagged.tolist() == [False, True, True, False, False]


def test_the_z_threshold_is_strict_at_the_boundary():
    z = np.array([Z_THRESHOLD, -Z_THRESHOLD, Z_THRESHOLD + 1e-9, -Z_THRESHOLD - 1e-9, NAN, np.inf])
    assert beyond_threshold(z).tolist() == [False, False, True, True, False, True]


def test_a_change_just_inside_or_beyond_the_z_threshold():
    # Changes -1, 0, +1 three times each (median 0, MAD 1) and a tenth from 10 to 10 + x.
    previous = np.full(10, 10.0)
    current = previous + np.array([-1.0, 0.0, 1.0] * 3 + [0.0])
    boundary = Z_THRESHOLD / MAD_FACTOR  # 5.19: z 3.5
    current[9] = 10 + boundary - 0.001
    result = change_outliers(previous, current)
    assert result.z[9] == pytest.approx(Z_THRESHOLD, abs=0.001)
    assert not result.flagged[9]
    current[9] = 10 + boundary + 0.001
    assert change_outliers(previous, current).flagged[9]


def test_the_relative_threshold_is_strict_at_the_boundary():
    # A z far beyond 3.5 (all other changes 0) but exactly +25 %: not flagged; +25.1 %: flagged.
    previous = np.full(8, 100.0)
    current = previous.copy()
    current[0] = 100 * (1 + CHANGE_MIN_RELATIVE)
    assert not change_outliers(previous, current).flagged[0]
    current[0] = 125.1
    assert change_outliers(previous, current).flagged[0]


def test_a_value_far_from_its_provinces_values_is_flagged():
    values = np.array([10.0, 11.0, 12.0, 11.5, 10.5, 45.0, 30.0, 31.0, 29.0, 30.5, 29.5])
    groups = np.array([1] * 6 + [2] * 5)
    result = peer_outliers(values, groups)
    assert result.flagged.tolist() == [False] * 5 + [True] + [False] * 5
    assert result.scope[5] == "province"
    assert result.median[5] == pytest.approx(11.25)
    assert result.count[5] == 6


def test_the_same_value_is_ordinary_in_a_province_where_it_is_usual():
    values = np.array([10.0, 11.0, 12.0, 11.5, 10.5, 45.0, 44.0, 46.0, 45.5, 44.5])
    groups = np.array([1] * 5 + [2] * 5)
    assert not peer_outliers(values, groups).flagged.any()


def test_a_small_province_is_compared_with_the_national_values():
    national = [10.0, 11.0, 12.0, 11.5, 10.5, 10.2, 11.2]
    values = np.array([*national, 40.0, 11.0])
    groups = np.array([1] * 7 + [2, 2])  # province 2 has two values: fewer than MIN_PEERS
    result = peer_outliers(values, groups)
    assert MIN_PEERS == 5
    assert result.scope[7] == "national" and result.scope[0] == "province"
    assert result.count[7] == 9
    assert result.flagged.tolist() == [False] * 7 + [True, False]


def test_too_few_values_anywhere_flag_nothing():
    values = np.array([1.0, 100.0, 2.0, NAN])
    result = peer_outliers(values, np.array([1, 1, 2, 2]))
    assert not result.flagged.any()
    assert (result.scope == "").all()
    assert np.isnan(result.z).all()


def test_identical_province_values_flag_a_different_one_and_nothing_else():
    values = np.array([20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 21.0, NAN])
    result = peer_outliers(values, np.ones(8, dtype=int))
    # MAD 0 -> mean absolute deviation 1/7: 21 is 1 / (1.2533 / 7) = 5.6 robust sigmas away.
    assert result.flagged.tolist() == [False] * 6 + [True, False]


def test_no_values_give_empty_results():
    assert peer_outliers(np.array([]), np.array([])).flagged.size == 0
    assert change_outliers(np.array([]), np.array([])).count.size == 0


def test_group_medians_match_numpys_median_group_by_group():
    rng = np.random.default_rng(7)
    values = rng.normal(10, 3, 200)
    values[rng.integers(0, 200, 15)] = NAN
    groups = rng.integers(0, 9, 200)
    medians = group_medians(values, groups, 10)
    for g in range(9):
        assert medians[g] == pytest.approx(np.nanmedian(values[groups == g]))
    assert np.isnan(medians[9])  # a group without values


def test_the_vectorised_peer_check_agrees_with_the_robust_centre_of_each_province():
    rng = np.random.default_rng(11)
    values = np.round(rng.standard_t(3, 300) * 4 + 20, 0)  # heavy tails and ties
    values[:5] = NAN
    groups = rng.integers(0, 40, 300)  # some provinces below MIN_PEERS
    result = peer_outliers(values, groups)
    national = robust_centre(values)
    for g in np.unique(groups):
        members = groups == g
        centre = robust_centre(values[members]) or national
        expected = modified_z(values[members], centre)
        assert np.allclose(result.z[members], expected, equal_nan=True)
        assert np.allclose(result.median[members], centre.median)
    assert result.flagged.tolist() == (np.isfinite(values) & beyond_threshold(result.z)).tolist()


def test_changes_of_several_samples_are_judged_within_their_own_sample():
    # Sample 0: every county +1 but one at +20; sample 1: every county +20 (nobody stands out).
    previous = np.full(20, 10.0)
    current = np.concatenate([np.full(10, 11.0), np.full(10, 30.0)])
    current[0] = 30.0
    groups = np.array([0] * 10 + [1] * 10)
    result = change_outliers(previous, current, groups)
    assert result.flagged.tolist() == [True] + [False] * 19
    assert (result.count == 10).all()
    alone = change_outliers(previous[:10], current[:10])
    assert np.allclose(result.z[:10], alone.z)


def test_peer_groups_fall_back_to_their_own_wider_group():
    # Two indicators (wider groups 0 and 1), each with a province of 6 and one of 2 values.
    base = [10.0, 11.0, 12.0, 11.5, 10.5, 10.2]
    values = np.array([*base, 40.0, 11.0, *(v * 10 for v in base), 110.0, 400.0])
    province = np.array([1] * 6 + [2, 2] + [1] * 6 + [2, 2])
    indicator = np.array([0] * 8 + [1] * 8)
    result = peer_outliers(values, province, wider=indicator)
    assert result.scope.tolist() == (["province"] * 6 + ["national"] * 2) * 2
    assert result.flagged.tolist() == [False] * 6 + [True, False] + [False] * 6 + [False, True]
    first = peer_outliers(values[:8], province[:8])
    assert np.allclose(result.z[:8], first.z)
