"""Classical ranking methods of Iranian regional planning: Morris, TOPSIS, Hellwig taxonomy.

``matrix`` is units x criteria with no missing values. ``directions`` gives one entry per
criterion: "higher"/"lower", or pymcdm-style 1 (profit) / -1 (cost). Weights are non-negative
with a positive sum; only their proportions matter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .normalization import minmax

FloatArray = NDArray[np.float64]


def morris_index(
    matrix: ArrayLike, directions: Sequence[str | int], weights: ArrayLike | None = None
) -> FloatArray:
    """Weighted (default equal) mean of per-criterion min-max scores, in [0, 1] (x100 = Morris)."""
    x = _matrix(matrix)
    higher = _directions(directions, x.shape[1])
    w = _weights(weights, x.shape[1])
    scores = np.column_stack([minmax(x[:, j], bool(higher[j])) for j in range(x.shape[1])])
    return scores @ w / w.sum()


def topsis(matrix: ArrayLike, weights: ArrayLike, directions: Sequence[str | int]) -> FloatArray:
    """TOPSIS closeness D- / (D+ + D-) in [0, 1] with vector normalisation (1 = best)."""
    x = _matrix(matrix)
    higher = _directions(directions, x.shape[1])
    w = _weights(weights, x.shape[1])
    norms = np.sqrt(np.sum(x**2, axis=0))
    safe = np.where(norms > 0, norms, 1.0)  # an all-zero criterion carries no information
    v = x / safe * (w / w.sum())
    ideal = np.where(higher, v.max(axis=0), v.min(axis=0))
    anti_ideal = np.where(higher, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(np.sum((v - ideal) ** 2, axis=1))
    d_minus = np.sqrt(np.sum((v - anti_ideal) ** 2, axis=1))
    spread = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        # Zero spread only when every unit is identical on every weighted criterion.
        return np.where(spread > 0, d_minus / spread, 0.5)


def hellwig_taxonomy(
    matrix: ArrayLike, directions: Sequence[str | int], weights: ArrayLike | None = None
) -> FloatArray:
    """Hellwig development measure d_i = 1 - c_i / c0, c0 = mean(c) + 2 sd(c); higher = better.

    Criteria are standardised (population sd; "lower" criteria negated), the ideal point takes
    each criterion's best value, c_i is the (weighted) Euclidean distance to it. d is usually in
    [0, 1] but can fall below 0 for a unit further than c0 from the ideal; it is not clipped.
    """
    x = _matrix(matrix)
    higher = _directions(directions, x.shape[1])
    w = _weights(weights, x.shape[1])
    sd = x.std(axis=0)
    z = np.where(sd > 0, (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0), 0.0)
    z = np.where(higher, z, -z)
    distance = np.sqrt(((z - z.max(axis=0)) ** 2) @ (w / w.sum()))
    c0 = distance.mean() + 2.0 * distance.std()
    if c0 == 0:
        return np.ones(x.shape[0])  # every unit sits on the ideal point
    return 1.0 - distance / c0


def _matrix(matrix: ArrayLike) -> FloatArray:
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"matrix must be a non-empty 2-D array (units x criteria), got {x.shape}")
    if not np.isfinite(x).all():
        rows = np.unique(np.nonzero(~np.isfinite(x))[0])
        raise ValueError(
            f"matrix must be finite (no NaN/inf); drop or impute units {rows[:10].tolist()}"
        )
    return x


def _directions(directions: Sequence[str | int], criteria: int) -> NDArray[np.bool_]:
    items = list(directions)
    if len(items) != criteria:
        raise ValueError(f"directions must have {criteria} entries, got {len(items)}")
    higher = []
    for j, item in enumerate(items):
        if isinstance(item, str) and item in ("higher", "lower"):
            higher.append(item == "higher")
        elif not isinstance(item, (str, bool)) and item in (1, -1):
            higher.append(item == 1)
        else:
            raise ValueError(f'directions[{j}] must be "higher", "lower", 1 or -1, got {item!r}')
    return np.array(higher, dtype=bool)


def _weights(weights: ArrayLike | None, criteria: int) -> FloatArray:
    if weights is None:
        return np.ones(criteria)
    w = np.asarray(weights, dtype=float)
    if w.shape != (criteria,):
        raise ValueError(f"weights must have shape ({criteria},), got {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights must be finite, non-negative and have a positive sum")
    return w
