"""Ranks (1 = best) and quantile tiers of composite scores."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

NO_TIER = 0


def rank(scores: ArrayLike) -> NDArray[np.int64]:
    """Rank 1-D scores descending (1 = best); ties share the minimum rank; NaN ranks m + 1."""
    values = _as_1d(scores, "scores")
    return rank_rows(values[np.newaxis, :])[0]


def rank_rows(scores: NDArray[np.float64]) -> NDArray[np.int64]:
    """Apply :func:`rank` independently to every row of a 2-D array (vectorised)."""
    draws, units = scores.shape
    # Sorting the negated scores ascending puts the best first; NaN becomes +inf so that it
    # lands after every (finite) score.
    keys = np.where(np.isnan(scores), np.inf, -scores)
    order = np.argsort(keys, axis=1, kind="stable")
    ordered = np.take_along_axis(keys, order, axis=1)
    positions = np.broadcast_to(np.arange(units), (draws, units))
    starts_group = np.ones((draws, units), dtype=bool)
    starts_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    # Competition ranking: each position takes the position at which its tie group starts.
    first = np.maximum.accumulate(np.where(starts_group, positions, 0), axis=1) + 1
    ranks = np.empty((draws, units), dtype=np.int64)
    np.put_along_axis(ranks, order, first, axis=1)
    return ranks


def quantile_tiers(scores: ArrayLike, k: int = 5) -> NDArray[np.int64]:
    """Tier 1 (lowest scores, most deprived) .. k (highest); NaN gets tier 0 (NO_TIER).

    A unit's tier is 1 + floor(k * b / m), where b counts the scored units with a strictly lower
    score and m is the number of scored units, so tied units share a tier and tiers have equal
    sizes (up to rounding) when there are no ties.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    values = _as_1d(scores, "scores")
    tiers = np.full(values.size, NO_TIER, dtype=np.int64)
    present = ~np.isnan(values)
    scored = np.sort(values[present])
    if scored.size:
        below = np.searchsorted(scored, values[present], side="left")
        tiers[present] = 1 + (k * below) // scored.size
    return tiers


def _as_1d(values: ArrayLike, name: str) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if np.isinf(array).any():
        raise ValueError(f"{name} must be finite or NaN, got an infinite value")
    return array
