"""Completeness rules: which counties are ranked in a period, and whether the period is complete.

A county is ranked when its data coverage (the weighted share of the methodology's indicators
it has values for, docs/methodology.md §5) reaches the methodology's minimum. A period is
complete when the ranked counties are at least the minimum share of all counties in the
country; otherwise it is provisional. Pure: numbers in, numbers out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Coverage is stored with three decimals; comparing at that precision makes "exactly at the
# minimum" ranked whatever the float arithmetic that produced it.
_PRECISION = 1e-9


def ranked_mask(coverage: ArrayLike, min_coverage: float) -> NDArray[np.bool_]:
    """True where a unit's coverage reaches `min_coverage` (NaN coverage is never ranked)."""
    _check_share(min_coverage, "min_coverage")
    values = np.asarray(coverage, dtype=float)
    return np.where(np.isnan(values), False, values >= min_coverage - _PRECISION)


@dataclass(frozen=True)
class PeriodCompleteness:
    """One period's counts: `ranked` of `counties` are ranked; complete at `min_share`."""

    ranked: int
    counties: int
    min_share: float

    @property
    def share(self) -> float:
        return self.ranked / self.counties if self.counties else 0.0

    @property
    def is_complete(self) -> bool:
        # ranked / counties >= min_share, in integers: no county count makes it flip by rounding
        return self.counties > 0 and self.ranked >= math.ceil(
            self.min_share * self.counties - _PRECISION
        )


def period_completeness(ranked: int, counties: int, min_share: float) -> PeriodCompleteness:
    """The completeness of a period with `ranked` of `counties` counties ranked."""
    _check_share(min_share, "min_share")
    if counties < 0 or ranked < 0 or ranked > counties:
        raise ValueError(f"need 0 <= ranked <= counties, got {ranked} of {counties}")
    return PeriodCompleteness(ranked=ranked, counties=counties, min_share=min_share)


def _check_share(value: float, name: str) -> None:
    if not (isinstance(value, (int, float)) and 0 < value <= 1):
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")
