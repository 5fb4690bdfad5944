"""Hand-computed weighted arithmetic and geometric means with missing components."""

from __future__ import annotations

import numpy as np

from scores.scoring import GEOMETRIC_FLOOR, aggregate

nan = np.nan


def test_arithmetic_mean_reweights_over_present_components() -> None:
    values = np.array([[0.2, 0.4], [0.6, nan]])
    # unit 0: (1 * 0.2 + 3 * 0.6) / 4 = 0.5; unit 1: only the first component, 0.4
    np.testing.assert_allclose(aggregate(values, np.array([1.0, 3.0]), "arithmetic"), [0.5, 0.4])


def test_geometric_mean_is_weighted_by_exponents() -> None:
    values = np.array([[0.25], [1.0]])
    # equal weights: sqrt(0.25 * 1) = 0.5; weights 1 and 3: 0.25 ** (1/4) = 0.7071
    np.testing.assert_allclose(aggregate(values, np.array([1.0, 1.0]), "geometric"), [0.5])
    np.testing.assert_allclose(aggregate(values, np.array([1.0, 3.0]), "geometric"), [0.25**0.25])


def test_geometric_mean_floors_zero_components_at_one_hundredth() -> None:
    assert GEOMETRIC_FLOOR == 0.01
    values = np.array([[0.0], [1.0]])
    # sqrt(0.01 * 1) = 0.1 instead of 0
    np.testing.assert_allclose(aggregate(values, np.array([1.0, 1.0]), "geometric"), [0.1])


def test_a_unit_with_no_component_present_gets_nan() -> None:
    values = np.array([[nan, 0.3], [nan, 0.5]])
    for method in ("arithmetic", "geometric"):
        out = aggregate(values, np.array([1.0, 1.0]), method)
        assert np.isnan(out[0]) and not np.isnan(out[1])


def test_a_batch_of_weight_vectors_matches_one_call_per_vector() -> None:
    rng = np.random.default_rng(3)
    values = rng.uniform(size=(4, 6))
    values[1, 2] = nan
    weights = rng.uniform(0.5, 1.5, size=(3, 4))
    for method in ("arithmetic", "geometric"):
        batch = aggregate(values, weights, method)
        single = np.stack([aggregate(values, w, method) for w in weights])
        np.testing.assert_allclose(batch, single)
