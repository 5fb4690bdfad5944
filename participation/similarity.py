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
    target = values[index]
    target_present = ~np.isnan(target)
    candidates: list[tuple[float, int]] = []
    for row in range(values.shape[0]):
        if row == index:
            continue
        shared = int(np.sum(target_present & ~np.isnan(values[row])))
        if shared < max(min_shared, 1):
            continue
        candidates.append((nan_euclidean(target, values[row]), row))
    candidates.sort(key=lambda item: (item[0], item[1]))
    return [(row, distance) for distance, row in candidates[:k]]
