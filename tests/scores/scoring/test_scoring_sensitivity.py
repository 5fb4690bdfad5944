"""Sobol indices of composite ranks: known answers, the Ishigami function, degenerate cases.

Tolerance: with N = 1024 base samples (7168 evaluations with 4 groups) every index of the
known-answer indices is within TOLERANCE = 0.1 of its exact value; the Ishigami indices with
N = 8192 within 0.02 (both seeded, so the tests are deterministic)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scores.scoring import GROUPS, rank_sensitivity, sobol_indices
from scores.scoring.sensitivity import saltelli_matrices

nan = np.nan
TOLERANCE = 0.1
N = 1024


def pair_spec() -> dict[str, Any]:
    return {
        "dimensions": [
            {
                "code": "d",
                "indicators": [
                    {"code": "x", "direction": "higher", "min": 0, "max": 1},
                    {"code": "y", "direction": "higher", "min": 0, "max": 1},
                ],
            }
        ]
    }


def expect(result: Any, unit: int, **shares: float) -> None:
    """Both indices of every group equal `shares` (0 for groups not named) within TOLERANCE."""
    for g, group in enumerate(GROUPS):
        wanted = shares.get(group, 0.0)
        assert result.first_order[g, unit] == pytest.approx(wanted, abs=TOLERANCE), group
        assert result.total[g, unit] == pytest.approx(wanted, abs=TOLERANCE), group


def test_one_group_alone_drives_a_rank_and_two_additive_groups_share_it():
    # minmax and goalposts on [0, 1] agree, and no value is missing: only the weights and the
    # aggregation can move a rank. C (0.4, 0.4) is last under the arithmetic mean (A and B
    # score 0.45..0.55 with weights ±10%) and first under the geometric one (A and B are
    # floored to 0.01^w): the aggregation alone drives it. A's rank is
    # 1 + [weight of y > weight of x] + [geometric], two independent halves of its variance.
    data = {"x": [1.0, 0.0, 0.4], "y": [0.0, 1.0, 0.4]}
    result = rank_sensitivity(
        data, pair_spec(), n=N, seed=1, weight_jitter=0.1, normalizations=("minmax", "goalposts")
    )
    expect(result, 2, aggregation=1.0)
    expect(result, 0, weights=0.5, aggregation=0.5)
    expect(result, 1, weights=0.5, aggregation=0.5)
    assert result.n == N and result.evaluations == N * (2 + len(GROUPS))
    assert result.p05_rank[2] == 1 and result.p95_rank[2] == 3


def test_the_missing_data_rule_alone_drives_the_rank_of_a_county_with_a_gap():
    # D lacks y: skipped it scores 1, with y's mean 0.77, with y's worst 0.5, below A's 0.6.
    data = {"x": [0.6, 1.0, 0.0, 0.0], "y": [0.6, nan, 0.0, 1.0]}
    result = rank_sensitivity(
        data,
        pair_spec(),
        n=N,
        seed=2,
        weight_jitter=0.0,
        normalizations=("minmax",),
        aggregations=("arithmetic",),
    )
    expect(result, 1, missing=1.0)
    expect(result, 0, missing=1.0)


def test_a_rank_that_never_moves_has_no_indices_and_a_point_band():
    data = {"x": [1.0, 0.5, 0.0], "y": [1.0, 0.5, 0.0]}
    result = rank_sensitivity(data, pair_spec(), n=64)
    assert np.isnan(result.first_order).all() and np.isnan(result.total).all()
    assert result.p05_rank.tolist() == result.p95_rank.tolist() == [1, 2, 3]
    assert np.isnan(result.mean_indices()[0]).all()


def test_units_without_any_value_are_left_out():
    data = {"x": [1.0, nan, 0.0, 0.5], "y": [0.0, nan, 1.0, 0.4]}
    result = rank_sensitivity(data, pair_spec(), n=64)
    assert np.isnan(result.median_rank[1]) and np.isnan(result.total[:, 1]).all()
    assert np.nanmax(result.p95_rank) <= 3


def test_the_same_seed_gives_the_same_indices():
    data = {"x": [1.0, 0.0, 0.4, 0.7], "y": [0.0, 1.0, 0.4, 0.2]}
    first = rank_sensitivity(data, pair_spec(), n=128, seed=5)
    again = rank_sensitivity(data, pair_spec(), n=128, seed=5)
    np.testing.assert_array_equal(first.total, again.total)


def test_progress_is_reported_after_each_block():
    calls: list[tuple[int, int]] = []
    rank_sensitivity(
        {"x": [1.0, 0.0], "y": [0.0, 1.0]}, pair_spec(), n=8, progress=lambda *a: calls.append(a)
    )
    assert calls == [(k, 6) for k in range(1, 7)]


def test_unknown_missing_rules_are_refused():
    with pytest.raises(ValueError, match="missing_rules"):
        rank_sensitivity({"x": [1.0, 0.0], "y": [0.0, 1.0]}, pair_spec(), missing_rules=("fail",))


def ishigami(x: np.ndarray) -> np.ndarray:
    x = -np.pi + 2 * np.pi * x
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


# Analytical indices of the Ishigami function (a = 7, b = 0.1), as in SALib's tests.
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def test_the_estimators_recover_the_ishigami_indices():
    groups = [slice(0, 1), slice(1, 2), slice(2, 3)]
    a, b, ab = saltelli_matrices(8192, groups, seed=0)
    first, total = sobol_indices(
        ishigami(a)[:, None], ishigami(b)[:, None], np.stack([ishigami(m)[:, None] for m in ab])
    )
    np.testing.assert_allclose(first[:, 0], ISHIGAMI_S1, atol=0.02)
    np.testing.assert_allclose(total[:, 0], ISHIGAMI_ST, atol=0.02)


def test_the_estimators_agree_with_salib_on_its_own_ishigami_samples():
    salib = pytest.importorskip("SALib")
    from SALib.analyze import sobol
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami

    del salib
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = sobol_sample.sample(problem, 1024, calc_second_order=False, seed=3)
    y = Ishigami.evaluate(x)
    theirs = sobol.analyze(problem, y, calc_second_order=False, print_to_console=False, seed=3)
    # SALib lays its runs out as blocks of (A, AB_1, .., AB_k, B) per sample.
    blocks = y.reshape(-1, 5)
    first, total = sobol_indices(
        blocks[:, :1], blocks[:, 4:5], np.stack([blocks[:, i : i + 1] for i in range(1, 4)])
    )
    np.testing.assert_allclose(first[:, 0], theirs["S1"], atol=1e-6)
    np.testing.assert_allclose(total[:, 0], theirs["ST"], atol=1e-6)
