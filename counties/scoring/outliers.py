"""Outlier statistics for values waiting for approval (pure numpy, no Django).

Two questions are asked of each value, both with the modified z-score of Iglewicz and Hoaglin
(1993), which uses the median and the median absolute deviation (MAD) so that the outliers being
looked for do not hide themselves by inflating a mean and a standard deviation:

    modified z = 0.6745 * (x - median) / MAD

- *change*: is the change from the county's previous period unusual among the changes of every
  county that has both values, and large relative to the previous value?
- *peers*: is the value far from the values of the county's province in the same period (the
  national values when the province has fewer than MIN_PEERS)?

docs/methodology.md ("Validation and outlier checks") explains the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Iglewicz & Hoaglin: 0.6745 is the 0.75 quantile of the standard normal distribution, so that
# 0.6745 / MAD estimates 1 / sigma for normal data; |modified z| > 3.5 is their outlier label.
MAD_FACTOR = 0.6745
Z_THRESHOLD = 3.5
# When more than half the values are equal the MAD is 0; the mean absolute deviation from the
# median then stands in, scaled by sqrt(pi / 2) = 1.2533 so that it estimates sigma too.
MEAN_AD_FACTOR = 1.253314
# Fewer values than this make a median and a MAD too unstable to call anything unusual.
MIN_SAMPLE = 5
MIN_PEERS = 5
# A change is flagged only when it is also large for the county itself: more than 25 % of the
# previous value (a tight distribution of changes would otherwise flag a 1-point move).
CHANGE_MIN_RELATIVE = 0.25
# With fewer than MIN_SAMPLE counties to compare with, a change is flagged when the value moves
# by more than half of the previous value (halved, or up by more than half).
CHANGE_FALLBACK_RELATIVE = 0.5


@dataclass(frozen=True)
class Centre:
    """The median and the robust spread of a sample; `spread` 0 means every value is equal."""

    median: float
    spread: float  # MAD / 0.6745 (or the scaled mean absolute deviation when the MAD is 0)
    count: int


def robust_centre(values: np.ndarray, min_sample: int = MIN_SAMPLE) -> Centre | None:
    """The median and robust spread of the finite `values`; None when fewer than `min_sample`."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size < min_sample:
        return None
    median = float(np.median(finite))
    deviations = np.abs(finite - median)
    mad = float(np.median(deviations))
    if mad > 0:
        return Centre(median, mad / MAD_FACTOR, int(finite.size))
    return Centre(median, MEAN_AD_FACTOR * float(np.mean(deviations)), int(finite.size))


def modified_z(values: np.ndarray, centre: Centre) -> np.ndarray:
    """The modified z-score of each value against `centre`: NaN stays NaN; when the spread is 0
    (all values of the sample equal) a value off the median scores +/-inf and one on it 0."""
    values = np.asarray(values, dtype=float)
    offset = values - centre.median
    if centre.spread > 0:
        return offset / centre.spread
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(offset == 0, 0.0, np.sign(offset) * np.inf)


def beyond_threshold(z: np.ndarray) -> np.ndarray:
    """|z| strictly above Z_THRESHOLD (NaN is never beyond)."""
    z = np.asarray(z, dtype=float)
    return np.abs(np.where(np.isnan(z), 0.0, z)) > Z_THRESHOLD


@dataclass(frozen=True)
class ChangeOutliers:
    """Per value: the change from the previous period, that change relative to the previous
    value, its modified z among all changes (NaN when too few), and whether it is flagged."""

    change: np.ndarray
    relative: np.ndarray
    z: np.ndarray
    flagged: np.ndarray
    count: int  # how many values had both periods (the sample of changes)


def relative_change(previous: np.ndarray, current: np.ndarray) -> np.ndarray:
    """|current - previous| / |previous|; inf when the previous value is 0 and the value moved,
    0 when both are 0, NaN when either is missing."""
    previous = np.asarray(previous, dtype=float)
    current = np.asarray(current, dtype=float)
    change = np.abs(current - previous)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = change / np.abs(previous)
    relative = np.where((previous == 0) & (change == 0), 0.0, relative)
    return np.where((previous == 0) & (change > 0), np.inf, relative)


def change_outliers(previous: np.ndarray, current: np.ndarray) -> ChangeOutliers:
    """Flag unusual changes. `previous` and `current` hold one value per county (NaN where
    missing), the whole sample of an indicator and pair of periods: a change is flagged when it
    is more than CHANGE_MIN_RELATIVE of the previous value AND its modified z among all changes
    exceeds Z_THRESHOLD; with fewer than MIN_SAMPLE changes, when it is more than
    CHANGE_FALLBACK_RELATIVE of the previous value."""
    previous = np.asarray(previous, dtype=float)
    current = np.asarray(current, dtype=float)
    change = current - previous
    relative = relative_change(previous, current)
    both = np.isfinite(change)
    centre = robust_centre(change)
    if centre is None:
        z = np.full(change.shape, np.nan)
        flagged = both & (relative > CHANGE_FALLBACK_RELATIVE)
    else:
        z = modified_z(change, centre)
        flagged = both & (relative > CHANGE_MIN_RELATIVE) & beyond_threshold(z)
    return ChangeOutliers(change, relative, z, flagged, int(both.sum()))


@dataclass(frozen=True)
class PeerOutliers:
    """Per value: its modified z among its peers, the median it was compared with, which peers
    ("province", "national", or "" when too few values anywhere) and whether it is flagged."""

    z: np.ndarray
    median: np.ndarray
    count: np.ndarray
    scope: np.ndarray
    flagged: np.ndarray


def peer_outliers(
    values: np.ndarray, groups: np.ndarray, min_peers: int = MIN_PEERS
) -> PeerOutliers:
    """Flag values far from their group's (province's) values: |modified z| > Z_THRESHOLD among
    the finite values of the same group when it has at least `min_peers`, else among all values
    (national) when those are enough, else not at all. Each value counts in its own sample."""
    values = np.asarray(values, dtype=float)
    groups = np.asarray(groups)
    n = values.shape[0]
    z = np.full(n, np.nan)
    median = np.full(n, np.nan)
    count = np.zeros(n, dtype=int)
    scope = np.full(n, "", dtype=object)
    national = robust_centre(values, min_peers)
    for group in np.unique(groups) if n else ():
        members = groups == group
        centre = robust_centre(values[members], min_peers)
        label = "province"
        if centre is None:
            centre, label = national, "national"
        if centre is None:
            continue
        z[members] = modified_z(values[members], centre)
        median[members] = centre.median
        count[members] = centre.count
        scope[members] = label
    flagged = np.isfinite(values) & beyond_threshold(z)
    return PeerOutliers(z, median, count, scope, flagged)
