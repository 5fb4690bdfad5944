"""σ- and β-convergence of unit scores over time (Barro & Sala-i-Martin 1992).

σ-convergence: the dispersion of the scores falls over time. Measured each period by the
population-weighted coefficient of variation (Williamson's V_w) and the population-weighted
standard deviation of the log scores.

β-convergence: units that start lower grow faster. Measured by the least-squares regression of
each unit's annualised log growth between two periods on the log of its starting level,

    g_i = ln(y_iT / y_i0) / T = a + β ln(y_i0) + e_i,

with β's standard error, 95 % confidence interval (Student t, n − 2 degrees of freedom), R²,
the implied speed of convergence λ = −ln(1 + βT)/T and half-life ln 2 / λ. Each unit counts once
(ordinary least squares) unless weights are given (weighted least squares, weights normalised
to sum to n). Missing values are rejected, as in `inequality`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from .inequality import FloatArray, _prepare, williamson


class Dispersion(NamedTuple):
    """One period's dispersion: coefficient of variation and standard deviation of the logs."""

    cv: float
    log_sd: float


class BetaConvergence(NamedTuple):
    """The β-convergence regression; None where a figure is undefined for the data."""

    beta: float | None
    intercept: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    r_squared: float | None
    n: int
    years: float
    speed: float | None  # λ, per year
    half_life: float | None  # years


def log_sd(y: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Population-weighted standard deviation of ln y (ddof 0); needs y > 0."""
    values, shares, _mean = _prepare(y, weights, positive=True)
    logs = np.log(values)
    centre = shares @ logs
    return float(np.sqrt(shares @ (logs - centre) ** 2))


def dispersion(y: ArrayLike, weights: ArrayLike | None = None) -> Dispersion:
    """σ-convergence's two measures for one period (equal weights when none are given)."""
    w = np.ones(np.asarray(y).shape) if weights is None else weights
    return Dispersion(cv=williamson(y, w), log_sd=log_sd(y, weights))


def implied_speed(beta: float, years: float) -> float | None:
    """λ = −ln(1 + βT)/T; None unless −1/T < β < 0 (no convergence, or overshooting)."""
    if not (years > 0 and math.isfinite(beta) and beta < 0 and 1 + beta * years > 0):
        return None
    return -math.log1p(beta * years) / years


def half_life(speed: float | None) -> float | None:
    """Years to close half the gap to the common level: ln 2 / λ (None without a speed)."""
    return None if speed is None or speed <= 0 else math.log(2) / speed


def beta_convergence(
    start: ArrayLike, end: ArrayLike, years: float, weights: ArrayLike | None = None
) -> BetaConvergence:
    """Regress annualised log growth from `start` to `end` (`years` apart) on ln(start)."""
    if not (math.isfinite(years) and years > 0):
        raise ValueError(f"years must be a positive number, got {years!r}")
    y0, shares, _ = _prepare(start, weights, positive=True)
    y1, _s, _m = _prepare(end, None, positive=True)
    if y1.shape != y0.shape:
        raise ValueError(f"start and end must have the same shape, got {y0.shape}, {y1.shape}")
    x = np.log(y0)
    g = np.log(y1 / y0) / years
    n = int(x.size)
    none = BetaConvergence(None, None, None, None, None, None, n, float(years), None, None)
    w = shares * n  # weights summing to n: equal weights are all 1 (OLS)
    x_bar, g_bar = w @ x / n, w @ g / n
    sxx = float(w @ (x - x_bar) ** 2)
    if n < 2 or sxx <= 1e-12 * max(1.0, float(w @ x**2)):
        return none  # every unit starts at the same level: no slope to estimate
    beta = float(w @ ((x - x_bar) * (g - g_bar)) / sxx)
    intercept = float(g_bar - beta * x_bar)
    residuals: FloatArray = g - intercept - beta * x
    sse, sst = float(w @ residuals**2), float(w @ (g - g_bar) ** 2)
    r_squared = 1.0 - sse / sst if sst > 0 else None
    std_error = ci_low = ci_high = None
    if n > 2:
        std_error = math.sqrt(sse / (n - 2) / sxx)
        margin = float(stats.t.ppf(0.975, n - 2)) * std_error
        ci_low, ci_high = beta - margin, beta + margin
    speed = implied_speed(beta, years)
    return BetaConvergence(
        beta=beta,
        intercept=intercept,
        std_error=std_error,
        ci_low=ci_low,
        ci_high=ci_high,
        r_squared=r_squared,
        n=n,
        years=float(years),
        speed=speed,
        half_life=half_life(speed),
    )
