"""Inequality indices, optionally population-weighted, and the Theil decomposition.

Weights are population counts (or shares); each unit's share is p_i = w_i / sum(w). Without
weights every unit counts equally. Missing values are rejected, not dropped: the caller must
decide whether to drop a unit together with its population.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import format_indices

FloatArray = NDArray[np.float64]


class TheilDecomposition(NamedTuple):
    """Theil index split into between-group and within-group parts (total = between + within)."""

    total: float
    between: float
    within: float


def theil_t(y: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Theil T (GE(1)) = sum p_i (y_i/mu) ln(y_i/mu); needs y >= 0 with a positive mean."""
    values, shares, mean = _prepare(y, weights)
    return float(shares @ _x_log_x(values / mean))


def theil_l(y: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Theil L (GE(0), mean log deviation) = sum p_i ln(mu/y_i); needs y > 0."""
    values, shares, mean = _prepare(y, weights, positive=True)
    return float(shares @ np.log(mean / values))


def gini(y: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Gini = sum_i sum_j p_i p_j |y_i - y_j| / (2 mu); needs y >= 0 with a positive mean."""
    values, shares, mean = _prepare(y, weights)
    order = np.argsort(values, kind="stable")
    v, p = values[order], shares[order]
    cumulative = np.cumsum(p)
    # Each ordered y_i is larger than the share (cumulative - p_i) of the population below it
    # and smaller than the share (1 - cumulative) above it; ties contribute zero either way.
    return float(np.sum(p * v * ((cumulative - p) - (1.0 - cumulative))) / mean)


def atkinson(y: ArrayLike, epsilon: float = 1.0, weights: ArrayLike | None = None) -> float:
    """Atkinson A(eps) = 1 - EDE/mu, EDE the (1-eps) power mean (geometric mean at eps=1)."""
    if not np.isfinite(epsilon) or epsilon < 0:
        raise ValueError(f"epsilon must be a finite non-negative number, got {epsilon!r}")
    values, shares, mean = _prepare(y, weights, positive=epsilon >= 1)
    if epsilon == 1:
        ede = np.exp(shares @ np.log(values))
    else:
        ede = (shares @ values ** (1.0 - epsilon)) ** (1.0 / (1.0 - epsilon))
    return float(1.0 - ede / mean)


def williamson(y: ArrayLike, weights: ArrayLike) -> float:
    """Williamson V_w = sqrt(sum p_i (y_i - mu)^2) / mu with population shares p_i."""
    if weights is None:
        raise ValueError("williamson needs population weights")
    values, shares, mean = _prepare(y, weights)
    return float(np.sqrt(shares @ (values - mean) ** 2) / mean)


def theil_decomposition(
    y: ArrayLike, groups: ArrayLike, weights: ArrayLike | None = None, index: str = "T"
) -> TheilDecomposition:
    """Split Theil T or L into between-group and within-group inequality (Shorrocks 1980)."""
    if index not in ("T", "L"):
        raise ValueError(f'index must be "T" or "L", got {index!r}')
    values, shares, mean = _prepare(y, weights, positive=index == "L")
    labels = np.asarray(groups)
    if labels.ndim != 1 or labels.size != values.size:
        raise ValueError(f"groups must be 1-D with {values.size} labels, got shape {labels.shape}")
    if labels.dtype.kind == "f" and np.isnan(labels).any():
        raise ValueError("groups must not contain NaN labels")
    _, member = np.unique(labels, return_inverse=True)
    member = member.ravel()
    group_share = np.bincount(member, weights=shares)
    group_income = np.bincount(member, weights=shares * values)
    with np.errstate(invalid="ignore", divide="ignore"):
        group_mean = group_income / group_share  # NaN for an all-zero-weight group
    unit_group_mean = group_mean[member]

    if index == "T":
        total = float(shares @ _x_log_x(values / mean))
        occupied = group_income > 0
        between = float(np.sum(group_income[occupied] / mean * np.log(group_mean[occupied] / mean)))
        # Zero-income and zero-population units contribute 0 (and a zero-population group
        # has no mean to compare against).
        counted = (values > 0) & (shares > 0)
        within = float(
            np.sum(
                shares[counted]
                * values[counted]
                / mean
                * np.log(values[counted] / unit_group_mean[counted])
            )
        )
    else:
        total = float(shares @ np.log(mean / values))
        populated = group_share > 0
        between = float(group_share[populated] @ np.log(mean / group_mean[populated]))
        counted = shares > 0
        within = float(shares[counted] @ np.log(unit_group_mean[counted] / values[counted]))
    return TheilDecomposition(total=total, between=between, within=within)


def _x_log_x(ratio: FloatArray) -> FloatArray:
    """r ln r with its limit 0 at r = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ratio > 0, ratio * np.log(ratio), 0.0)


def _prepare(
    y: ArrayLike, weights: ArrayLike | None, positive: bool = False
) -> tuple[FloatArray, FloatArray, float]:
    """Validate inputs; return values, population shares and the (weighted) mean."""
    values = np.asarray(y, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"y must be a non-empty 1-D array, got shape {values.shape}")
    _check_finite(values, "y")
    bad = np.flatnonzero(values < 0)
    if bad.size:
        raise ValueError(f"y must be non-negative; negative at {format_indices(bad.tolist())}")
    if positive:
        bad = np.flatnonzero(values <= 0)
        if bad.size:
            raise ValueError(
                "y must be strictly positive for this index; "
                f"<= 0 at {format_indices(bad.tolist())}"
            )

    if weights is None:
        shares = np.full(values.size, 1.0 / values.size)
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != values.shape:
            raise ValueError(f"weights must have the same shape as y {values.shape}, got {w.shape}")
        _check_finite(w, "weights")
        bad = np.flatnonzero(w < 0)
        if bad.size:
            raise ValueError(
                f"weights must be non-negative; negative at {format_indices(bad.tolist())}"
            )
        total = w.sum()
        if total <= 0:
            raise ValueError("weights must have a positive sum")
        shares = w / total

    mean = float(shares @ values)
    if mean <= 0:
        raise ValueError("the (weighted) mean of y is 0; inequality is undefined")
    return values, shares, mean


def _check_finite(values: FloatArray, name: str) -> None:
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise ValueError(
            f"{name} must be finite; NaN/inf at {format_indices(bad.tolist())} "
            "(drop missing units and their weights before calling)"
        )
