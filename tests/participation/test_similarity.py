"""participation.similarity: min-max normalisation and nearest neighbours, NaN ignored."""

from __future__ import annotations

import math

import numpy as np
import pytest

from participation.similarity import minmax_normalise, nan_euclidean, nearest_neighbours

NAN = float("nan")


def test_minmax_scales_each_column_over_present_values_and_keeps_nan():
    matrix = np.array([[0.0, 10.0], [5.0, NAN], [10.0, 30.0]])
    out = minmax_normalise(matrix)
    assert out[:, 0].tolist() == [0.0, 0.5, 1.0]
    assert out[0, 1] == 0.0 and out[2, 1] == 1.0 and math.isnan(out[1, 1])


def test_a_constant_or_empty_column_does_not_divide_by_zero():
    out = minmax_normalise(np.array([[3.0, NAN], [3.0, NAN]]))
    assert out[:, 0].tolist() == [0.0, 0.0]
    assert np.isnan(out[:, 1]).all()
    with pytest.raises(ValueError):
        minmax_normalise(np.array([1.0, 2.0]))


def test_distance_ignores_missing_coordinates_and_scales_for_them():
    assert nan_euclidean(np.array([0.0, 0.0]), np.array([3.0, 4.0])) == 5.0
    # One of two coordinates shared: sqrt(2/1 * 1) = sqrt(2).
    assert nan_euclidean(np.array([0.0, NAN]), np.array([1.0, 7.0])) == pytest.approx(math.sqrt(2))
    assert math.isnan(nan_euclidean(np.array([NAN, 1.0]), np.array([1.0, NAN])))


def test_nearest_neighbours_exclude_the_county_itself_and_those_sharing_nothing():
    matrix = np.array(
        [
            [0.0, 0.0],
            [0.1, 0.1],
            [1.0, 1.0],
            [NAN, NAN],
            [0.1, 0.1],  # a tie with row 1: row order decides
        ]
    )
    result = nearest_neighbours(matrix, 0, k=3)
    assert [row for row, _ in result] == [1, 4, 2]
    assert result[0][1] == pytest.approx(math.sqrt(0.02))
    assert nearest_neighbours(matrix, 3, k=3) == []
    with pytest.raises(IndexError):
        nearest_neighbours(matrix, 9)


def test_nearest_neighbours_agree_with_the_pairwise_distance_on_sparse_random_profiles():
    generator = np.random.default_rng(7)
    matrix = generator.random((60, 9))
    matrix[generator.random(matrix.shape) < 0.3] = np.nan
    matrix[5] = np.nan  # a county with no data shares nothing with anyone
    for index in (0, 17, 59):
        expected = sorted(
            (nan_euclidean(matrix[index], matrix[row]), row)
            for row in range(60)
            if row != index and np.sum(~np.isnan(matrix[index]) & ~np.isnan(matrix[row])) >= 2
        )[:6]
        got = nearest_neighbours(matrix, index, k=6, min_shared=2)
        assert [row for row, _ in got] == [row for _, row in expected]
        assert np.allclose([d for _, d in got], [d for d, _ in expected])
    assert nearest_neighbours(matrix, 5, k=3) == []
