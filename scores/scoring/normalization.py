"""Normalisation of one indicator's raw values so that a higher score is always better.

Every function takes a 1-D float array with NaN for missing units and returns an array of the
same shape, NaN exactly where the input is NaN. Statistics (observed min/max, mean, sd, ranks)
are computed over the present values only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import DataError, format_indices

FloatArray = NDArray[np.float64]

# Score given to every unit when an indicator does not vary: the midpoint carries no
# ranking information and, unlike 0, does not drag a geometric mean towards the floor.
# It is also what percentile ranks give to an all-tied column.
CONSTANT_SCORE = 0.5


def goalposts(x: FloatArray, lo: float, hi: float, higher: bool = True) -> FloatArray:
    """Clip to [lo, hi] and rescale linearly to [0, 1] (1 = hi, or 1 = lo if not ``higher``)."""
    score = (np.clip(x, lo, hi) - lo) / (hi - lo)
    return score if higher else 1.0 - score


def minmax(x: FloatArray, higher: bool = True) -> FloatArray:
    """Rescale to [0, 1] between the observed min and max; a constant indicator scores 0.5."""
    present = ~np.isnan(x)
    if not present.any():
        return np.full_like(x, np.nan)
    lo, hi = np.min(x[present]), np.max(x[present])
    if hi == lo:
        return np.where(present, CONSTANT_SCORE, np.nan)
    return goalposts(x, lo, hi, higher)


def zscore(x: FloatArray, higher: bool = True) -> FloatArray:
    """Standardise with the population sd (ddof=0); a constant indicator scores 0; unbounded."""
    present = ~np.isnan(x)
    if not present.any():
        return np.full_like(x, np.nan)
    mean = np.mean(x[present])
    sd = np.std(x[present])
    if sd == 0:
        return np.where(present, 0.0, np.nan)
    z = (x - mean) / sd
    return z if higher else -z


def target(
    x: FloatArray, goal: float, bound: float | None = None, higher: bool = True
) -> FloatArray:
    """Distance to target in [0, 1]: 1 at or beyond ``goal``, 0 at ``bound`` or the worst observed.

    For ``higher`` the score is (x - L) / (goal - L) clipped to [0, 1], where L is ``bound`` or the
    observed minimum; for lower-is-better it is (U - x) / (U - goal) with U the bound or the
    observed maximum. If every unit already meets the target, every unit scores 1.
    """
    present = ~np.isnan(x)
    if not present.any():
        return np.full_like(x, np.nan)
    if higher:
        worst = float(np.min(x[present])) if bound is None else bound
        span = goal - worst
        if span <= 0:
            return np.where(present, 1.0, np.nan)
        return np.clip((x - worst) / span, 0.0, 1.0)
    worst = float(np.max(x[present])) if bound is None else bound
    span = worst - goal
    if span <= 0:
        return np.where(present, 1.0, np.nan)
    return np.clip((worst - x) / span, 0.0, 1.0)


def percentile_rank(x: FloatArray, higher: bool = True) -> FloatArray:
    """Percentile rank (r - 1) / (m - 1) among the m present units, ties averaged; 0.5 if m == 1."""
    out = np.full_like(x, np.nan)
    present = np.flatnonzero(~np.isnan(x))
    m = present.size
    if m == 0:
        return out
    if m == 1:
        out[present] = CONSTANT_SCORE
        return out
    values = x[present] if higher else -x[present]
    out[present] = (average_ranks(values) - 1.0) / (m - 1)
    return out


def average_ranks(values: FloatArray) -> FloatArray:
    """Ascending 1-based ranks of a NaN-free 1-D array, tied values sharing their mean rank."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts_group = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts_group) - 1
    starts = np.flatnonzero(starts_group)
    ends = np.r_[starts[1:], ordered.size]
    mean_rank = (starts + ends + 1) / 2.0  # mean of the 1-based positions start+1 .. end
    ranks = np.empty(values.size, dtype=float)
    ranks[order] = mean_rank[group]
    return ranks


def normalize(
    values: FloatArray, indicator: Mapping[str, Any], method: str | None = None
) -> FloatArray:
    """Normalise one indicator per its validated spec entry (``method`` overrides the spec's)."""
    method = indicator["normalization"] if method is None else method
    higher = indicator["direction"] == "higher"
    lo, hi, goal = indicator["min"], indicator["max"], indicator["target"]
    x = np.asarray(values, dtype=float)
    if method == "goalposts" and (lo is None or hi is None):
        raise ValueError(f"indicator {indicator['code']!r}: goalposts need both min and max")
    if method == "target" and goal is None:
        raise ValueError(f"indicator {indicator['code']!r}: target normalisation needs a target")
    x = _clip_to_bounds(x, method, lo, hi, higher)
    if indicator["transform"] == "log":
        x = _log(x, indicator["code"])
        lo = None if lo is None else float(np.log(lo))
        hi = None if hi is None else float(np.log(hi))
        goal = None if goal is None else float(np.log(goal))
    return _rescale(x, method, lo, hi, goal, higher)


def _clip_to_bounds(
    x: FloatArray, method: str, lo: float | None, hi: float | None, higher: bool
) -> FloatArray:
    """Clip raw values to the bounds that ``method`` uses (goalposts: both; target: the worst)."""
    # Bounds are given in raw units, so clip before the transform: this is what lets UNDP's
    # $100 income floor absorb a zero or negative reported income under a log transform.
    if method == "goalposts":
        return np.clip(x, lo, hi)
    if method == "target" and higher and lo is not None:
        return np.maximum(x, lo)
    if method == "target" and not higher and hi is not None:
        return np.minimum(x, hi)
    return x


def _rescale(
    x: FloatArray,
    method: str,
    lo: float | None,
    hi: float | None,
    goal: float | None,
    higher: bool,
) -> FloatArray:
    """Apply normalisation ``method`` to (possibly transformed) values and bounds."""
    if method == "goalposts":
        return goalposts(x, lo, hi, higher)  # type: ignore[arg-type]  # checked by normalize
    if method == "minmax":
        return minmax(x, higher)
    if method == "zscore":
        return zscore(x, higher)
    if method == "target":
        return target(x, goal, lo if higher else hi, higher)  # type: ignore[arg-type]
    if method == "rank":
        return percentile_rank(x, higher)
    raise ValueError(f"unknown normalisation {method!r}")


def _log(x: FloatArray, code: str) -> FloatArray:
    bad = np.flatnonzero(x <= 0)  # NaN compares False, so missing values pass through
    if bad.size:
        raise DataError(
            f"indicator {code!r}: log transform needs positive values, got <= 0 at unit "
            f"indices {format_indices(bad.tolist())}"
        )
    return np.log(x)
