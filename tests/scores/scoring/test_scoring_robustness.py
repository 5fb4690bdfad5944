"""Monte-Carlo rank robustness: determinism, bands and degenerate cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scores.scoring import MissingDataError, RobustnessResult, rank, rank_robustness

nan = np.nan


def case(units: int = 60, seed: int = 0) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    rng = np.random.default_rng(seed)
    data = {f"i{k}": rng.uniform(0, 100, units) for k in range(6)}
    data["i2"][[3, 7]] = nan
    spec = {
        "dimensions": [
            {
                "code": f"d{d}",
                "indicators": [
                    {
                        "code": f"i{k}",
                        "direction": "lower" if k == 1 else "higher",
                        "normalization": "minmax",
                        "min": 0,
                        "max": 100,
                    }
                    for k in range(3 * d, 3 * d + 3)
                ],
            }
            for d in range(2)
        ]
    }
    return data, spec


def test_the_same_seed_gives_identical_results() -> None:
    data, spec = case()
    first = rank_robustness(data, spec, n=200, seed=3)
    second = rank_robustness(data, spec, n=200, seed=3)
    for name in ("median_rank", "p05_rank", "p95_rank", "base_rank"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))


def test_different_seeds_give_different_draws() -> None:
    data, spec = case()
    a = rank_robustness(data, spec, n=100, seed=1)
    b = rank_robustness(data, spec, n=100, seed=2)
    assert not np.array_equal(np.r_[a.p05_rank, a.p95_rank], np.r_[b.p05_rank, b.p95_rank])


def test_bands_contain_the_median_and_stay_within_possible_ranks() -> None:
    data, spec = case()
    result = rank_robustness(data, spec, n=300)
    assert isinstance(result, RobustnessResult)
    assert result.n == 300
    assert np.all(result.p05_rank <= result.median_rank)
    assert np.all(result.median_rank <= result.p95_rank)
    assert np.all(result.p05_rank >= 1) and np.all(result.p95_rank <= 60)


def test_without_any_perturbation_every_draw_reproduces_the_base_ranking() -> None:
    data, spec = case()
    result = rank_robustness(
        data,
        spec,
        n=50,
        weight_jitter=0.0,
        normalizations=("minmax",),
        aggregations=("arithmetic",),
    )
    for band in (result.median_rank, result.p05_rank, result.p95_rank):
        np.testing.assert_array_equal(band, result.base_rank)


def test_base_rank_is_the_rank_of_the_unperturbed_composite() -> None:
    from scores.scoring import composite

    data, spec = case()
    result = rank_robustness(data, spec, n=10)
    np.testing.assert_array_equal(result.base_rank, rank(composite(data, spec).score))


def test_a_unit_that_dominates_every_indicator_is_always_first() -> None:
    data, spec = case()
    for code, values in data.items():
        values[0] = 5.0 if code == "i1" else 99.0  # i1 is lower-is-better
    result = rank_robustness(data, spec, n=200, normalizations=("minmax", "goalposts", "rank"))
    assert (result.p05_rank[0], result.median_rank[0], result.p95_rank[0]) == (1, 1, 1)


def test_units_without_any_data_get_nan_ranks_and_do_not_shift_the_others() -> None:
    data, spec = case(units=30)
    for values in data.values():
        values[5] = nan
    result = rank_robustness(data, spec, n=100)
    for band in (result.median_rank, result.p05_rank, result.p95_rank, result.base_rank):
        assert np.isnan(band[5])
        others = np.delete(band, 5)
        assert np.all((others >= 1) & (others <= 29))


def test_goalposts_fall_back_to_min_max_for_indicators_without_bounds() -> None:
    data, spec = case()
    for dimension in spec["dimensions"]:
        for entry in dimension["indicators"]:
            del entry["min"], entry["max"]
    with_goalposts = rank_robustness(data, spec, n=50, normalizations=("goalposts",))
    with_minmax = rank_robustness(data, spec, n=50, normalizations=("minmax",))
    np.testing.assert_array_equal(with_goalposts.median_rank, with_minmax.median_rank)


def test_missing_fail_is_enforced() -> None:
    data, spec = case()
    spec["missing"] = "fail"
    with pytest.raises(MissingDataError):
        rank_robustness(data, spec, n=10)


def test_invalid_options_are_rejected() -> None:
    data, spec = case()
    for kwargs in (
        {"n": 0},
        {"weight_jitter": 1.0},
        {"normalizations": ("minmax", "dea")},
        {"aggregations": ()},
        {"normalizations": ("zscore",)},
    ):
        with pytest.raises(ValueError):
            rank_robustness(data, spec, **kwargs)
    rank_robustness(data, spec, n=5, normalizations=("zscore",), aggregations=("arithmetic",))


def test_a_county_sized_problem_runs_in_one_call() -> None:
    rng = np.random.default_rng(4)
    data = {f"i{k}": rng.normal(50, 10, 450) for k in range(30)}
    spec = {
        "dimensions": [
            {
                "code": f"d{d}",
                "indicators": [
                    {"code": f"i{k}", "direction": "higher", "min": 0, "max": 100}
                    for k in range(6 * d, 6 * d + 6)
                ],
            }
            for d in range(5)
        ]
    }
    result = rank_robustness(data, spec, n=500)
    assert result.median_rank.shape == (450,)
