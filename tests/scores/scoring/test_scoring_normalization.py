"""Hand-computed cases for every normalisation and the log transform."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scores.scoring import (
    DataError,
    goalposts,
    minmax,
    normalize,
    percentile_rank,
    target,
    validate_spec,
    zscore,
)

nan = np.nan


def indicator(**fields: Any) -> dict[str, Any]:
    """A validated indicator entry with defaults filled in."""
    entry = {"code": "x", "direction": "higher", **fields}
    spec = validate_spec({"dimensions": [{"code": "d", "indicators": [entry]}]})
    return spec["dimensions"][0]["indicators"][0]


def test_goalposts_clip_to_the_bounds_and_rescale_linearly() -> None:
    x = np.array([20.0, 52.5, 85.0, 100.0, 10.0])
    # (x - 20) / 65 after clipping to [20, 85]
    np.testing.assert_allclose(goalposts(x, 20, 85), [0, 0.5, 1, 1, 0])
    np.testing.assert_allclose(goalposts(x, 20, 85, higher=False), [1, 0.5, 0, 0, 1])


def test_goalposts_with_log_transform_apply_the_log_to_values_and_bounds() -> None:
    spec = indicator(normalization="goalposts", transform="log", min=100, max=75_000)
    # sqrt(100 * 75000) is the geometric midpoint, so it scores exactly 0.5; 0 and 50 are
    # clipped up to the $100 floor before the log, so they score 0 instead of failing.
    x = np.array([100.0, 75_000.0, np.sqrt(100 * 75_000), 50.0, 0.0, 1e6, nan])
    np.testing.assert_allclose(normalize(x, spec), [0, 1, 0.5, 0, 0, 1, nan])


def test_minmax_uses_the_observed_range_and_ignores_missing_values() -> None:
    x = np.array([2.0, 4.0, 6.0, nan, 10.0])
    # range 2..10: (x - 2) / 8
    np.testing.assert_allclose(minmax(x), [0, 0.25, 0.5, nan, 1])
    np.testing.assert_allclose(minmax(x, higher=False), [1, 0.75, 0.5, nan, 0])


def test_minmax_gives_a_constant_indicator_the_midpoint() -> None:
    np.testing.assert_allclose(minmax(np.array([3.0, 3.0, nan])), [0.5, 0.5, nan])


def test_minmax_of_an_all_missing_indicator_is_all_missing() -> None:
    assert np.isnan(minmax(np.array([nan, nan]))).all()


def test_minmax_with_log_transform_rescales_the_logs() -> None:
    spec = indicator(normalization="minmax", transform="log")
    # ln 1, ln 10, ln 100 are equally spaced
    np.testing.assert_allclose(normalize(np.array([1.0, 10.0, 100.0]), spec), [0, 0.5, 1])


def test_log_transform_rejects_non_positive_values_naming_indicator_and_unit() -> None:
    spec = indicator(normalization="minmax", transform="log")
    with pytest.raises(DataError, match=r"'x'.*\[1\]"):
        normalize(np.array([1.0, 0.0, nan]), spec)


def test_zscore_uses_the_population_standard_deviation() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    # mean 3, population sd sqrt(2)
    expected = np.array([-2.0, -1.0, 0.0, 1.0, 2.0]) / np.sqrt(2)
    np.testing.assert_allclose(zscore(x), expected)
    np.testing.assert_allclose(zscore(x, higher=False), -expected)


def test_zscore_of_a_constant_indicator_is_zero() -> None:
    np.testing.assert_allclose(zscore(np.array([7.0, 7.0, nan])), [0, 0, nan])


def test_target_for_higher_is_better_scales_from_the_worst_observed_value() -> None:
    x = np.array([40.0, 70.0, 100.0, 120.0])
    # worst observed 40, target 100: (x - 40) / 60, capped at 1
    np.testing.assert_allclose(target(x, 100), [0, 0.5, 1, 1])


def test_target_for_higher_is_better_scales_from_the_given_minimum() -> None:
    spec = indicator(normalization="target", target=100, min=0)
    # (x - 0) / 100; -10 is clipped to the minimum first
    x = np.array([40.0, 70.0, 100.0, 120.0, -10.0])
    np.testing.assert_allclose(normalize(x, spec), [0.4, 0.7, 1, 1, 0])


def test_target_for_lower_is_better_scales_from_the_worst_observed_or_given_maximum() -> None:
    x = np.array([5.0, 10.0, 20.0, 30.0])
    # worst observed 30, target 10: (30 - x) / 20, capped at 1
    np.testing.assert_allclose(target(x, 10, higher=False), [1, 1, 0.5, 0])
    spec = indicator(normalization="target", direction="lower", target=10, max=50)
    # (50 - x) / 40
    np.testing.assert_allclose(normalize(x, spec), [1, 1, 0.75, 0.5])


def test_target_gives_one_to_everybody_when_all_units_meet_it() -> None:
    np.testing.assert_allclose(target(np.array([100.0, 110.0, nan]), 100), [1, 1, nan])


def test_rank_normalisation_is_the_percentile_rank_with_ties_averaged() -> None:
    x = np.array([10.0, 20.0, 20.0, 40.0, nan])
    # ascending ranks among 4 present: 1, 2.5, 2.5, 4 -> (r - 1) / 3
    np.testing.assert_allclose(percentile_rank(x), [0, 0.5, 0.5, 1, nan])
    np.testing.assert_allclose(percentile_rank(x, higher=False), [1, 0.5, 0.5, 0, nan])


def test_rank_normalisation_of_a_single_present_unit_is_the_midpoint() -> None:
    np.testing.assert_allclose(percentile_rank(np.array([nan, 3.0])), [nan, 0.5])


def test_normalize_flips_lower_is_better_indicators_for_every_bounded_method() -> None:
    x = np.array([1.0, 4.0, 2.0, 8.0])
    for method in ("goalposts", "minmax", "rank"):
        up = normalize(x, indicator(normalization=method, min=0, max=10))
        down = normalize(x, indicator(normalization=method, direction="lower", min=0, max=10))
        np.testing.assert_allclose(down, 1 - up, err_msg=method)


def test_normalize_keeps_missing_values_missing_for_every_method() -> None:
    x = np.array([1.0, nan, 3.0, 5.0])
    for method in ("goalposts", "minmax", "zscore", "target", "rank"):
        out = normalize(x, indicator(normalization=method, min=0, max=10, target=4))
        assert np.isnan(out).tolist() == [False, True, False, False], method


def test_overriding_the_method_requires_the_parameters_it_needs() -> None:
    with pytest.raises(ValueError, match="min and max"):
        normalize(np.array([1.0, 2.0]), indicator(), method="goalposts")
    with pytest.raises(ValueError, match="target"):
        normalize(np.array([1.0, 2.0]), indicator(), method="target")
