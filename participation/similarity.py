"""Counties facing similar challenges: nearest neighbours on a normalised indicator profile.

Pure numpy, no Django: rows are counties, columns indicators, NaN is a missing value.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def minmax_normalise(matrix: NDArray[np.floating]) -> NDArray[np.float64]:
    """Scale each column to [0, 1] over its present values; a constant column becomes 0.

    NaN stays NaN. Direction does not matter here: similarity, not merit, is measured.
    """
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError("expected a 2-D matrix (counties x indicators)")
    out = np.full_like(values, np.nan)
    for j in range(values.shape[1]):
        column = values[:, j]
        present = ~np.isnan(column)
        if not present.any():
            continue
        low, high = column[present].min(), column[present].max()
        span = high - low
        out[present, j] = 0.0 if span == 0 else (column[present] - low) / span
    return out


def nan_euclidean(a: NDArray[np.floating], b: NDArray[np.floating]) -> float:
    """Euclidean distance over the coordinates present in both, scaled up for the missing ones.

    As scikit-learn's nan_euclidean_distances: sqrt(n / n_common * sum of squared differences),
    so that a pair sharing fewer indicators is not made to look closer. NaN when none is shared.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    common = ~(np.isnan(a) | np.isnan(b))
    shared = int(common.sum())
    if shared == 0:
        return float("nan")
    squared = float(np.sum((a[common] - b[common]) ** 2))
    return float(np.sqrt(a.size / shared * squared))


def nearest_neighbours(
    matrix: NDArray[np.floating], index: int, k: int = 5, min_shared: int = 1
) -> list[tuple[int, float]]:
    """The `k` rows nearest to row `index` as (row, distance), nearest first.

    Rows sharing fewer than `min_shared` present indicators with row `index` are skipped; ties
    keep row order, so the answer is deterministic.
    """
    values = np.asarray(matrix, dtype=float)
    if not 0 <= index < values.shape[0]:
        raise IndexError(index)
    # All rows at once (the same formula as nan_euclidean, vectorised over the rows).
    present = ~np.isnan(values)
    common = present & present[index]
    shared = common.sum(axis=1)
    differences = np.where(common, values - np.nan_to_num(values[index]), 0.0)
    squared = np.einsum("ij,ij->i", differences, differences)
    with np.errstate(divide="ignore", invalid="ignore"):
        distances = np.sqrt(values.shape[1] / shared * squared)
    eligible = shared >= max(min_shared, 1)
    eligible[index] = False
    rows = np.flatnonzero(eligible)
    order = np.lexsort((rows, distances[rows]))  # by distance, then row: deterministic ties
    return [(int(rows[n]), float(distances[rows[n]])) for n in order[:k]]
