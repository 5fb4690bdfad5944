"""Inequality indices: hand-computed cases, validation and invariance properties."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from scores.scoring import (
    TheilDecomposition,
    atkinson,
    gini,
    theil_decomposition,
    theil_l,
    theil_t,
    williamson,
)

ln = np.log


# --- hand-computed ----------------------------------------------------------------------
# y = [1, 3], equal weights: mean 2, income ratios 0.5 and 1.5.


def test_theil_t_of_two_units() -> None:
    # (0.5 ln 0.5 + 1.5 ln 1.5) / 2 = 0.130812
    assert theil_t([1, 3]) == pytest.approx((0.5 * ln(0.5) + 1.5 * ln(1.5)) / 2)
    assert theil_t([1, 3]) == pytest.approx(0.130812, abs=1e-6)


def test_theil_l_of_two_units() -> None:
    # (ln(2/1) + ln(2/3)) / 2 = ln(4/3) / 2 = 0.143841
    assert theil_l([1, 3]) == pytest.approx(ln(4 / 3) / 2)


def test_gini_of_two_units() -> None:
    # sum |yi - yj| over ordered pairs = 4; / (2 n^2 mean) = 4 / 16 = 0.25
    assert gini([1, 3]) == pytest.approx(0.25)


def test_atkinson_of_two_units_for_three_aversions() -> None:
    # eps=1: 1 - geometric mean / mean = 1 - sqrt(3) / 2
    assert atkinson([1, 3]) == pytest.approx(1 - np.sqrt(3) / 2)
    # eps=2: harmonic mean 2 / (1 + 1/3) = 1.5 -> 1 - 1.5 / 2
    assert atkinson([1, 3], epsilon=2) == pytest.approx(0.25)
    # eps=0.5: ((1 + sqrt 3) / 2)^2 = 1.8660 -> 1 - 1.8660 / 2
    assert atkinson([1, 3], epsilon=0.5) == pytest.approx(1 - ((1 + np.sqrt(3)) / 2) ** 2 / 2)
    assert atkinson([1, 3], epsilon=0) == pytest.approx(0)


def test_williamson_of_two_equally_populated_units() -> None:
    # population sd 1, mean 2
    assert williamson([1, 3], [1, 1]) == pytest.approx(0.5)


# y = [1, 3] with populations [3, 1]: shares 0.75 / 0.25, weighted mean 1.5.


def test_population_weighted_theil_t_and_l() -> None:
    # T = 0.75 (1/1.5) ln(1/1.5) + 0.25 (3/1.5) ln(3/1.5) = -0.5 ln 1.5 + 0.5 ln 2
    assert theil_t([1, 3], weights=[3, 1]) == pytest.approx(0.5 * ln(2 / 1.5))
    # L = 0.75 ln(1.5/1) + 0.25 ln(1.5/3)
    assert theil_l([1, 3], weights=[3, 1]) == pytest.approx(0.75 * ln(1.5) + 0.25 * ln(0.5))


def test_population_weighted_gini() -> None:
    # sum_i sum_j p_i p_j |yi - yj| = 2 * 0.75 * 0.25 * 2 = 0.75; / (2 * 1.5) = 0.25
    assert gini([1, 3], weights=[3, 1]) == pytest.approx(0.25)


def test_population_weighted_atkinson() -> None:
    # eps=1: 1 - (1^0.75 * 3^0.25) / 1.5
    assert atkinson([1, 3], weights=[3, 1]) == pytest.approx(1 - 3**0.25 / 1.5)


def test_population_weighted_williamson() -> None:
    # variance 0.75 * 0.5^2 + 0.25 * 1.5^2 = 0.75; sqrt(0.75) / 1.5 = 1 / sqrt(3)
    assert williamson([1, 3], [3, 1]) == pytest.approx(1 / np.sqrt(3))


def test_theil_decomposition_by_hand() -> None:
    # y = [1, 3, 4, 4] in groups a, a, b, b: mean 3, group means 2 and 4, population shares 1/2
    # between = 0.5 (2/3) ln(2/3) + 0.5 (4/3) ln(4/3)
    # within  = 0.5 (2/3) T([1, 3]) + 0.5 (4/3) T([4, 4]) = (1/3) T([1, 3])
    out = theil_decomposition([1, 3, 4, 4], ["a", "a", "b", "b"])
    assert isinstance(out, TheilDecomposition)
    between = 0.5 * (2 / 3) * ln(2 / 3) + 0.5 * (4 / 3) * ln(4 / 3)
    within = (1 / 3) * (0.5 * ln(0.5) + 1.5 * ln(1.5)) / 2
    assert out.between == pytest.approx(between)
    assert out.within == pytest.approx(within)
    assert out.total == pytest.approx(theil_t([1, 3, 4, 4]))


def test_theil_l_decomposition_by_hand() -> None:
    # between = 0.5 ln(3/2) + 0.5 ln(3/4); within = 0.5 L([1, 3]) + 0.5 L([4, 4])
    out = theil_decomposition([1, 3, 4, 4], [0, 0, 1, 1], index="L")
    assert out.between == pytest.approx(0.5 * ln(1.5) + 0.5 * ln(0.75))
    assert out.within == pytest.approx(0.5 * ln(4 / 3) / 2)


def test_equal_incomes_have_zero_inequality() -> None:
    y = [5.0, 5.0, 5.0]
    for index in (theil_t, theil_l, gini, atkinson):
        assert index(y) == pytest.approx(0, abs=1e-15)
    assert williamson(y, [1, 2, 3]) == pytest.approx(0, abs=1e-15)


def test_zero_incomes_are_allowed_for_theil_t_and_gini_but_not_theil_l() -> None:
    # T = (0 + 2 ln 2) / 2 = ln 2 for y = [0, 2]
    assert theil_t([0, 2]) == pytest.approx(ln(2))
    assert gini([0, 2]) == pytest.approx(0.5)
    assert atkinson([0, 2], epsilon=0.5) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="strictly positive"):
        theil_l([0, 2])
    with pytest.raises(ValueError, match="strictly positive"):
        atkinson([0, 2], epsilon=1)


# --- validation -------------------------------------------------------------------------

ALL_INDICES: list[Callable[..., float]] = [theil_t, theil_l, gini, atkinson]


@pytest.mark.parametrize("index", ALL_INDICES)
def test_invalid_inputs_raise_clear_value_errors(index: Callable[..., float]) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        index([1.0, -2.0])
    with pytest.raises(ValueError, match="NaN"):
        index([1.0, np.nan])
    with pytest.raises(ValueError, match="non-empty 1-D"):
        index([])
    with pytest.raises(ValueError, match="same shape"):
        index([1.0, 2.0], weights=[1.0])
    with pytest.raises(ValueError, match="non-negative"):
        index([1.0, 2.0], weights=[1.0, -1.0])
    with pytest.raises(ValueError, match="positive sum"):
        index([1.0, 2.0], weights=[0.0, 0.0])


def test_an_all_zero_distribution_is_rejected() -> None:
    with pytest.raises(ValueError, match="mean"):
        theil_t([0.0, 0.0])


def test_williamson_requires_weights_and_atkinson_a_non_negative_epsilon() -> None:
    with pytest.raises(ValueError, match="weights"):
        williamson([1.0, 2.0], None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="epsilon"):
        atkinson([1.0, 2.0], epsilon=-1)


def test_theil_decomposition_validates_index_and_groups() -> None:
    with pytest.raises(ValueError, match="index"):
        theil_decomposition([1, 2], [0, 1], index="G")
    with pytest.raises(ValueError, match="groups"):
        theil_decomposition([1, 2], [0])
    with pytest.raises(ValueError, match="NaN"):
        theil_decomposition([1, 2], [0.0, np.nan])


# --- properties -------------------------------------------------------------------------


def random_inputs(seed: int, n: int = 40) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.lognormal(0, 0.8, n)
    weights = rng.uniform(1, 1000, n)
    groups = rng.integers(0, 5, n)
    return y, weights, groups


@pytest.mark.parametrize("index", ["T", "L"])
@pytest.mark.parametrize("weighted", [False, True])
def test_theil_total_equals_between_plus_within(index: str, weighted: bool) -> None:
    single = theil_t if index == "T" else theil_l
    for seed in range(25):
        y, weights, groups = random_inputs(seed)
        w = weights if weighted else None
        out = theil_decomposition(y, groups, w, index=index)
        assert out.total == pytest.approx(out.between + out.within, abs=1e-12)
        assert out.total == pytest.approx(single(y, w), abs=1e-12)
        assert out.between >= -1e-12 and out.within >= -1e-12


def test_theil_decomposition_extremes() -> None:
    y, weights, _ = random_inputs(1)
    one_group = theil_decomposition(y, np.zeros(y.size), weights)
    assert one_group.between == pytest.approx(0, abs=1e-12)
    own_group = theil_decomposition(y, np.arange(y.size), weights, index="L")
    assert own_group.within == pytest.approx(0, abs=1e-12)


def test_theil_decomposition_ignores_units_with_zero_population() -> None:
    y, weights, groups = random_inputs(2)
    weights[groups == 3] = 0.0  # a whole group without population
    weights[0] = 0.0
    keep = weights > 0
    for index in ("T", "L"):
        full = theil_decomposition(y, groups, weights, index)
        kept = theil_decomposition(y[keep], groups[keep], weights[keep], index)
        np.testing.assert_allclose(full, kept, atol=1e-12)


SCALAR_INDICES: dict[str, Callable[[np.ndarray, np.ndarray | None], float]] = {
    "theil_t": theil_t,
    "theil_l": theil_l,
    "gini": gini,
    "atkinson_0.5": lambda y, w: atkinson(y, 0.5, w),
    "atkinson_1": lambda y, w: atkinson(y, 1.0, w),
    "atkinson_2": lambda y, w: atkinson(y, 2.0, w),
    "williamson": lambda y, w: williamson(y, np.ones_like(y) if w is None else w),
}


@pytest.mark.parametrize("name", SCALAR_INDICES)
def test_indices_are_scale_invariant(name: str) -> None:
    index = SCALAR_INDICES[name]
    for seed in range(10):
        y, weights, _ = random_inputs(seed)
        for w in (None, weights):
            assert index(y * 37.5, w) == pytest.approx(index(y, w), rel=1e-10)


@pytest.mark.parametrize("name", SCALAR_INDICES)
def test_indices_are_permutation_invariant(name: str) -> None:
    index = SCALAR_INDICES[name]
    rng = np.random.default_rng(99)
    for seed in range(10):
        y, weights, _ = random_inputs(seed)
        order = rng.permutation(y.size)
        assert index(y[order], weights[order]) == pytest.approx(index(y, weights), rel=1e-10)
        assert index(y[order], None) == pytest.approx(index(y, None), rel=1e-10)


@pytest.mark.parametrize("name", SCALAR_INDICES)
def test_integer_population_weights_equal_replicating_units(name: str) -> None:
    index = SCALAR_INDICES[name]
    rng = np.random.default_rng(5)
    for _ in range(10):
        y = rng.lognormal(size=12)
        counts = rng.integers(1, 6, size=12)
        assert index(y, counts.astype(float)) == pytest.approx(
            index(np.repeat(y, counts), None), rel=1e-10
        )


def test_gini_and_atkinson_lie_in_the_unit_interval() -> None:
    for seed in range(20):
        y, weights, _ = random_inputs(seed)
        assert 0 <= gini(y, weights) < 1
        assert 0 <= atkinson(y, 1.5, weights) < 1
