"""Morris index, TOPSIS and Hellwig taxonomy: hand cases and agreement with pymcdm."""

from __future__ import annotations

import numpy as np
import pytest

from scores.scoring import hellwig_taxonomy, morris_index, topsis

MATRIX = np.array([[3.0, 0.0], [4.0, 3.0], [0.0, 4.0]])


def test_morris_index_is_the_mean_of_min_max_scores() -> None:
    matrix = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    # column 0 (higher) -> 0, .5, 1; column 1 (lower) -> 1, .5, 0; equal-weight mean .5
    np.testing.assert_allclose(morris_index(matrix, ["higher", "lower"]), [0.5, 0.5, 0.5])
    # weights 3 and 1: (3 * col0 + col1) / 4
    np.testing.assert_allclose(morris_index(matrix, ["higher", "lower"], [3, 1]), [0.25, 0.5, 0.75])


def test_morris_index_accepts_pymcdm_style_directions() -> None:
    matrix = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    np.testing.assert_allclose(
        morris_index(matrix, [1, -1]), morris_index(matrix, ["higher", "lower"])
    )


def test_topsis_by_hand_with_benefit_criteria() -> None:
    # column norms are both 5: r = [[.6, 0], [.8, .6], [0, .8]], v = r / 2
    # ideal (.4, .4), anti-ideal (0, 0)
    # D+ = sqrt(.17), .1, .4 ; D- = .3, .5, .4
    expected = [0.3 / (0.3 + np.sqrt(0.17)), 0.5 / 0.6, 0.5]
    np.testing.assert_allclose(topsis(MATRIX, [0.5, 0.5], ["higher", "higher"]), expected)


def test_topsis_by_hand_with_a_cost_criterion() -> None:
    # ideal (.4, 0), anti-ideal (0, .4): D+ = .1, .3, sqrt(.32); D- = .5, sqrt(.17), 0
    expected = [0.5 / 0.6, np.sqrt(0.17) / (np.sqrt(0.17) + 0.3), 0.0]
    np.testing.assert_allclose(topsis(MATRIX, [0.5, 0.5], ["higher", "lower"]), expected)


def test_topsis_depends_only_on_weight_proportions() -> None:
    np.testing.assert_allclose(
        topsis(MATRIX, [1, 3], [1, -1]), topsis(MATRIX, [0.25, 0.75], [1, -1])
    )


def test_topsis_of_identical_units_is_one_half() -> None:
    np.testing.assert_allclose(topsis(np.ones((3, 2)), [1, 1], [1, 1]), [0.5, 0.5, 0.5])


def test_hellwig_taxonomy_by_hand_for_one_criterion() -> None:
    # x = 1, 2, 3: population sd sqrt(2/3), z = -s, 0, s with s = sqrt(1.5); ideal z0 = s
    # c = 2s, s, 0; mean(c) = s, sd(c) = s sqrt(2/3) = 1; c0 = s + 2; d = 1 - c / c0
    s = np.sqrt(1.5)
    expected = [1 - 2 * s / (s + 2), 1 - s / (s + 2), 1.0]
    np.testing.assert_allclose(hellwig_taxonomy([[1.0], [2.0], [3.0]], ["higher"]), expected)
    np.testing.assert_allclose(hellwig_taxonomy([[1.0], [2.0], [3.0]], ["lower"]), expected[::-1])


def test_hellwig_of_identical_units_is_one() -> None:
    np.testing.assert_allclose(hellwig_taxonomy(np.ones((3, 2)), [1, 1]), [1, 1, 1])


def test_a_dominant_unit_is_best_under_every_method() -> None:
    rng = np.random.default_rng(11)
    for _ in range(20):
        matrix = rng.uniform(1, 10, size=(15, 4))
        directions = ["higher", "lower", "higher", "lower"]
        matrix[4] = [11, 0.5, 11, 0.5]
        weights = rng.uniform(0.1, 1, 4)
        assert morris_index(matrix, directions, weights)[4] == pytest.approx(1)
        assert topsis(matrix, weights, directions)[4] == pytest.approx(1)
        assert np.argmax(hellwig_taxonomy(matrix, directions, weights)) == 4


def test_scores_stay_in_their_documented_ranges() -> None:
    rng = np.random.default_rng(12)
    for _ in range(20):
        matrix = rng.lognormal(size=(30, 5))
        directions = list(rng.choice(["higher", "lower"], 5))
        for scores in (morris_index(matrix, directions), topsis(matrix, np.ones(5), directions)):
            assert np.all((scores >= 0) & (scores <= 1))
        assert np.all(hellwig_taxonomy(matrix, directions) <= 1)


def test_planner_inputs_are_validated() -> None:
    with pytest.raises(ValueError, match="finite"):
        morris_index([[1.0, np.nan], [2.0, 3.0]], [1, 1])
    with pytest.raises(ValueError, match="2 entries"):
        topsis(MATRIX, [1, 1], [1])
    with pytest.raises(ValueError, match=r"directions\[1\]"):
        hellwig_taxonomy(MATRIX, ["higher", "up"])
    with pytest.raises(ValueError, match="weights"):
        topsis(MATRIX, [1, 1, 1], [1, 1])
    with pytest.raises(ValueError, match="weights"):
        morris_index(MATRIX, [1, 1], [-1, 2])
    with pytest.raises(ValueError, match="2-D"):
        topsis([1.0, 2.0], [1], [1])


@pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")
def test_topsis_agrees_with_pymcdm() -> None:
    methods = pytest.importorskip("pymcdm.methods")
    normalizations = pytest.importorskip("pymcdm.normalizations")
    body = methods.TOPSIS(normalizations.vector_normalization)
    rng = np.random.default_rng(31)
    for _ in range(25):
        units, criteria = rng.integers(3, 40), rng.integers(2, 8)
        matrix = rng.uniform(1, 100, size=(units, criteria))
        weights = rng.uniform(0.1, 1, criteria)
        weights /= weights.sum()
        types = rng.choice([1, -1], criteria)
        if (types == 1).all() or (types == -1).all():
            types[0] = -types[0]
        np.testing.assert_allclose(
            topsis(matrix, weights, types.tolist()), body(matrix, weights, types)
        )
