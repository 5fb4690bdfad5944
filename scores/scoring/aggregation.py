"""Weighted arithmetic and geometric means that skip missing components."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# UNDP-style floor: a zero component would make the geometric mean 0 whatever the other
# components are, so components are raised to 0.01 (on the [0, 1] scale) before the mean.
GEOMETRIC_FLOOR = 0.01


def aggregate(values: FloatArray, weights: FloatArray, method: str) -> FloatArray:
    """Weighted mean over axis -2 of values (..., components, units), NaN-skipping.

    ``weights`` has shape (..., components) and broadcasts against ``values``. For each unit the
    weights are renormalised over the components that are present; a unit with no component
    present gets NaN. ``method`` is "arithmetic" or "geometric" (components floored at
    GEOMETRIC_FLOOR).
    """
    present = ~np.isnan(values)
    w = np.asarray(weights, dtype=float)[..., np.newaxis, :]
    weight_present = (w @ present.astype(float))[..., 0, :]
    if method == "arithmetic":
        terms = np.where(present, values, 0.0)
    elif method == "geometric":
        terms = np.where(present, np.log(np.maximum(np.nan_to_num(values), GEOMETRIC_FLOOR)), 0.0)
    else:
        raise ValueError(f"unknown aggregation {method!r}")
    total = (w @ terms)[..., 0, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(weight_present > 0, total / weight_present, np.nan)
    return np.exp(mean) if method == "geometric" else mean


def weight_share_present(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Share of the total weight carried by present (non-NaN) components, per unit."""
    present = ~np.isnan(values)
    w = np.asarray(weights, dtype=float)
    return (w[..., np.newaxis, :] @ present.astype(float))[..., 0, :] / w.sum(axis=-1)[..., None]
