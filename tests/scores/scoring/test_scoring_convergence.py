"""σ- and β-convergence: hand-computed cases, a known β recovered, and the undefined cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from scores.scoring import (
    beta_convergence,
    dispersion,
    half_life,
    implied_speed,
    log_sd,
)

E = math.e


# --- σ-convergence ------------------------------------------------------------------------


def test_log_sd_by_hand() -> None:
    # ln y = [0, 2]: mean 1, population standard deviation 1.
    assert log_sd([1, E**2]) == pytest.approx(1.0)
    # ln y = [0, 1] with shares 3/4, 1/4: mean 1/4, variance 3/4·1/16 + 1/4·9/16 = 3/16.
    assert log_sd([1, E], [3, 1]) == pytest.approx(math.sqrt(3 / 16))


def test_dispersion_is_williamsons_cv_and_the_sd_of_logs() -> None:
    # y = [1, 3], equal weights: mean 2, standard deviation 1, so V = 0.5.
    assert dispersion([1, 3]).cv == pytest.approx(0.5)
    # Shares 3/4, 1/4: mean 1.5, variance 3/4·0.25 + 1/4·2.25 = 0.75, V = sqrt(0.75)/1.5.
    out = dispersion([1, 3], [3, 1])
    assert out.cv == pytest.approx(math.sqrt(0.75) / 1.5)
    assert out.log_sd == pytest.approx(math.sqrt(0.75 * 0.25) * math.log(3))


def test_dispersion_needs_positive_scores() -> None:
    with pytest.raises(ValueError, match="strictly positive"):
        dispersion([0, 3])


# --- β-convergence ------------------------------------------------------------------------


def test_beta_by_hand() -> None:
    # x = ln(start) = [0, 1, 2, 3], growth g = [0.04, 0.035, 0.01, 0.015] a year over 10 years.
    # x̄ = 1.5, ḡ = 0.025, Sxx = 5, Sxg = −0.05: β = −0.01, a = 0.04; fitted 0.04 … 0.01;
    # residuals 0, 0.005, −0.01, 0.005: SSE = 0.00015; SST = 0.00065; R² = 1 − 15/65.
    # SE = sqrt(0.00015 / 2 / 5); t(0.975, 2) = 4.302653.
    start = np.exp([0.0, 1.0, 2.0, 3.0])
    growth = np.array([0.04, 0.035, 0.01, 0.015])
    out = beta_convergence(start, start * np.exp(10 * growth), 10)
    assert out.beta == pytest.approx(-0.01)
    assert out.intercept == pytest.approx(0.04)
    assert out.r_squared == pytest.approx(1 - 15 / 65)
    assert out.std_error == pytest.approx(math.sqrt(0.000015))
    assert out.ci_low == pytest.approx(-0.01 - 4.302653 * math.sqrt(0.000015), rel=1e-6)
    assert out.ci_high == pytest.approx(-0.01 + 4.302653 * math.sqrt(0.000015), rel=1e-6)
    assert (out.n, out.years) == (4, 10.0)
    # λ = −ln(1 − 0.1)/10; half-life ln 2 / λ ≈ 65.79 years.
    assert out.speed == pytest.approx(-math.log(0.9) / 10)
    assert out.half_life == pytest.approx(math.log(2) / (-math.log(0.9) / 10))
    assert out.half_life == pytest.approx(65.788, abs=1e-3)


def test_an_exact_beta_is_recovered_with_a_zero_width_interval() -> None:
    start = np.array([1.0, E, E**2])
    growth = 0.05 - 0.02 * np.log(start)
    out = beta_convergence(start, start * np.exp(10 * growth), 10)
    assert out.beta == pytest.approx(-0.02)
    assert out.r_squared == pytest.approx(1.0)
    assert out.ci_low == pytest.approx(-0.02) and out.ci_high == pytest.approx(-0.02)
    # λ = ln(1.25)/10 = 0.0223144; half-life 31.06 years.
    assert out.speed == pytest.approx(math.log(1.25) / 10)
    assert out.half_life == pytest.approx(31.0628, abs=1e-3)


def test_a_known_beta_is_recovered_from_noisy_data_and_agrees_with_linregress() -> None:
    rng = np.random.default_rng(7)
    start = rng.uniform(10, 90, 2000)
    growth = 0.1 - 0.03 * np.log(start) + rng.normal(0, 0.002, start.size)
    end = start * np.exp(5 * growth)
    out = beta_convergence(start, end, 5)
    assert out.beta is not None and out.ci_low is not None and out.ci_high is not None
    assert out.beta == pytest.approx(-0.03, abs=5e-4)
    assert out.ci_low < -0.03 < out.ci_high
    theirs = stats.linregress(np.log(start), np.log(end / start) / 5)
    assert out.beta == pytest.approx(theirs.slope, rel=1e-10)
    assert out.intercept == pytest.approx(theirs.intercept, rel=1e-10)
    assert out.std_error == pytest.approx(theirs.stderr, rel=1e-10)
    assert out.r_squared == pytest.approx(theirs.rvalue**2, rel=1e-10)


def test_weights_count_a_unit_as_if_repeated() -> None:
    start = np.array([20.0, 40.0, 60.0, 80.0])
    end = np.array([30.0, 50.0, 62.0, 81.0])
    weighted = beta_convergence(start, end, 4, weights=[1, 1, 2, 1])
    repeated = beta_convergence(np.insert(start, 2, 60.0), np.insert(end, 2, 62.0), 4)
    assert weighted.beta == pytest.approx(repeated.beta)
    assert weighted.intercept == pytest.approx(repeated.intercept)
    assert weighted.r_squared == pytest.approx(repeated.r_squared)


def test_divergence_has_no_speed_or_half_life() -> None:
    start = np.array([20.0, 40.0, 60.0])
    out = beta_convergence(start, start * np.array([1.0, 1.2, 1.5]), 3)
    assert out.beta is not None and out.beta > 0
    assert out.speed is None and out.half_life is None


def test_undefined_cases() -> None:
    # Every county starts at the same level: no slope.
    same = beta_convergence([50, 50, 50], [40, 50, 60], 2)
    assert same.beta is None and same.n == 3
    # Two counties: a slope but no standard error.
    two = beta_convergence([20, 80], [40, 80], 2)
    assert two.beta is not None and two.std_error is None and two.ci_low is None
    # Overshooting (1 + βT <= 0) and β >= 0 have no speed.
    assert implied_speed(-0.2, 5) is None
    assert implied_speed(0.0, 5) is None
    assert implied_speed(-0.1, 5) == pytest.approx(math.log(2) / 5)
    assert half_life(None) is None
    with pytest.raises(ValueError, match="years"):
        beta_convergence([1, 2], [1, 2], 0)
    with pytest.raises(ValueError, match="same shape"):
        beta_convergence([1, 2], [1, 2, 3], 1)
    with pytest.raises(ValueError, match="strictly positive"):
        beta_convergence([0, 2], [1, 2], 1)
