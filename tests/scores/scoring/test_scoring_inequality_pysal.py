"""Agreement with PySAL's `inequality` package on random inputs with equal weights."""

from __future__ import annotations

import numpy as np
import pytest

from scores.scoring import atkinson, gini, theil_decomposition, theil_t

theil_module = pytest.importorskip("inequality.theil")
gini_module = pytest.importorskip("inequality.gini")


def samples() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(2024)
    return [(rng.lognormal(3, 1, n), rng.integers(0, 6, n)) for n in (5, 31, 200, 450)]


def test_theil_t_agrees_with_pysal() -> None:
    for y, _ in samples():
        assert theil_t(y) == pytest.approx(float(theil_module.Theil(y).T), rel=1e-10)


def test_theil_decomposition_agrees_with_pysal_theild() -> None:
    for y, groups in samples():
        ours = theil_decomposition(y, groups)
        theirs = theil_module.TheilD(y, groups)
        assert ours.total == pytest.approx(float(theirs.T), rel=1e-10)
        assert ours.between == pytest.approx(float(np.ravel(theirs.bg)[0]), rel=1e-9, abs=1e-14)
        assert ours.within == pytest.approx(float(np.ravel(theirs.wg)[0]), rel=1e-9)


def test_gini_agrees_with_pysal() -> None:
    for y, _ in samples():
        assert gini(y) == pytest.approx(float(gini_module.Gini(y).g), rel=1e-10)


def test_atkinson_agrees_with_pysal() -> None:
    atkinson_module = pytest.importorskip("inequality.atkinson")
    for y, _ in samples():
        for epsilon in (0.5, 1.0, 2.0):
            theirs = float(atkinson_module.atkinson(y, epsilon))
            assert atkinson(y, epsilon) == pytest.approx(theirs, rel=1e-10)
