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
    count: np.ndarray  # per value: how many changes its sample holds


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


def change_outliers(
    previous: np.ndarray, current: np.ndarray, groups: np.ndarray | None = None
) -> ChangeOutliers:
    """Flag unusual changes. `previous` and `current` hold one value per county (NaN where
    missing), the whole sample of an indicator and pair of periods (or several samples, told
    apart by `groups`): a change is flagged when it is more than CHANGE_MIN_RELATIVE of the
    previous value AND its modified z among the changes of its sample exceeds Z_THRESHOLD; in a
    sample of fewer than MIN_SAMPLE changes, when it is more than CHANGE_FALLBACK_RELATIVE of
    the previous value. `count` is the size of each value's sample."""
    previous = np.asarray(previous, dtype=float)
    current = np.asarray(current, dtype=float)
    change = current - previous
    relative = relative_change(previous, current)
    both = np.isfinite(change)
    if groups is None:
        groups = np.zeros(change.shape[0], dtype=np.int64)
    centres = grouped_centres(change, groups)
    enough = centres.count >= MIN_SAMPLE
    z = np.where(enough, centres.z(change), np.nan)
    flagged = both & np.where(
        enough,
        (relative > CHANGE_MIN_RELATIVE) & beyond_threshold(z),
        relative > CHANGE_FALLBACK_RELATIVE,
    )
    return ChangeOutliers(change, relative, z, flagged, centres.count)


@dataclass(frozen=True)
class Centres:
    """Per value: the median, robust spread and size of its group's sample (see Centre)."""

    median: np.ndarray
    spread: np.ndarray
    count: np.ndarray

    def z(self, values: np.ndarray) -> np.ndarray:
        """The modified z of each value against its own group's centre (as modified_z)."""
        offset = np.asarray(values, dtype=float) - self.median
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = offset / self.spread
            equal = np.where(offset == 0, 0.0, np.sign(offset) * np.inf)
        return np.where(self.spread > 0, scaled, np.where(np.isnan(offset), np.nan, equal))


def grouped_centres(values: np.ndarray, groups: np.ndarray) -> Centres:
    """robust_centre of every group at once (two sorts), spread out to each value; the count
    tells whether a group has enough values (callers compare it with their minimum)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    if n == 0:
        empty = np.zeros(0)
        return Centres(empty, empty, np.zeros(0, dtype=int))
    groups = np.asarray(groups)
    _labels, inverse = np.unique(groups, return_inverse=True, axis=0 if groups.ndim > 1 else None)
    inverse = inverse.reshape(-1)
    k = int(inverse.max()) + 1
    finite = np.isfinite(values)
    sizes = np.bincount(inverse[finite], minlength=k)
    medians = group_medians(values, inverse, k)
    deviations = np.abs(values - medians[inverse])
    mads = group_medians(deviations, inverse, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_ads = np.bincount(inverse[finite], weights=deviations[finite], minlength=k) / sizes
    spreads = np.where(mads > 0, mads / MAD_FACTOR, MEAN_AD_FACTOR * mean_ads)
    return Centres(medians[inverse], spreads[inverse], sizes[inverse])


@dataclass(frozen=True)
class PeerOutliers:
    """Per value: its modified z among its peers, the median it was compared with, which peers
    ("province", "national", or "" when too few values anywhere) and whether it is flagged."""

    z: np.ndarray
    median: np.ndarray
    count: np.ndarray
    scope: np.ndarray
    flagged: np.ndarray


def group_medians(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """The median of the finite `values` of each group 0..count-1 (`groups` holds each value's
    group number), NaN for a group without one; one sort for all groups."""
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    v, g = values[finite], np.asarray(groups)[finite]
    order = np.lexsort((v, g))
    v, g = v[order], g[order]
    sizes = np.bincount(g, minlength=count)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    medians = np.full(count, np.nan)
    present = sizes > 0
    low = starts[present] + (sizes[present] - 1) // 2
    high = starts[present] + sizes[present] // 2
    medians[present] = (v[low] + v[high]) / 2
    return medians


def peer_outliers(
    values: np.ndarray,
    groups: np.ndarray,
    min_peers: int = MIN_PEERS,
    wider: np.ndarray | None = None,
) -> PeerOutliers:
    """Flag values far from their group's (province's) values: |modified z| > Z_THRESHOLD among
    the finite values of the same group when it has at least `min_peers`, else among the values
    of its wider group (national; all values unless `wider` says which) when those are enough,
    else not at all. Each value counts in its own sample. Vectorised over the groups."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    scope = np.full(n, "", dtype=object)
    if n == 0:
        empty = np.zeros(0)
        return PeerOutliers(empty, empty, np.zeros(0, dtype=int), scope, np.zeros(0, dtype=bool))
    wider = np.zeros(n, dtype=np.int64) if wider is None else np.asarray(wider)
    finite = np.isfinite(values)
    own = grouped_centres(values, np.stack([wider, np.asarray(groups)], axis=1))
    national = grouped_centres(values, wider)
    use_own = own.count >= min_peers
    known = use_own | (national.count >= min_peers)
    median = np.where(known, np.where(use_own, own.median, national.median), np.nan)
    count = np.where(known, np.where(use_own, own.count, national.count), 0).astype(int)
    z = np.where(use_own, own.z(values), national.z(values))
    z = np.where(known & finite, z, np.nan)
    scope[use_own] = "province"
    scope[~use_own & known] = "national"
    flagged = finite & beyond_threshold(z)
    return PeerOutliers(z, median, count, scope, flagged)
