"""Which counties a dashboard chart draws when a country has more of them than a chart should
carry: every point costs the page a few hundred bytes and the browser its drawing, so at 5,000
counties a scatter plot was 1 MB of the page. Above DRAWN_LIMIT, a chart draws a sample that keeps
every outlier and spreads the rest evenly over the order given (by province, by rank); the
panel's table and CSV keep every county, and the chart says what it draws (overviews.py).

Pure computation: lists in, indices out.
"""

from __future__ import annotations

from collections.abc import Sequence

DRAWN_LIMIT = 500


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """The first and third quartiles (linear interpolation, as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")

    def at(q: float) -> float:
        position = q * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(0.25), at(0.75)


def outside_fences(values: Sequence[float]) -> list[bool]:
    """Whether each value is an outlier by Tukey's fences: more than 1.5 interquartile ranges
    below the first quartile or above the third."""
    if not values:
        return []
    q1, q3 = quartiles(values)
    spread = 1.5 * (q3 - q1)
    return [v < q1 - spread or v > q3 + spread for v in values]


def keep_outliers(order: Sequence[int], outlier: Sequence[bool], limit: int) -> list[int]:
    """The indices to draw, ascending: all of them when there are at most `limit`; else every
    outlier, and as many others as the limit leaves room for, evenly spaced through `order`
    (indices, sorted as the sample should be spread: by province, by rank)."""
    count = len(outlier)
    if count <= limit:
        return list(range(count))
    kept = {i for i in range(count) if outlier[i]}
    others = [i for i in order if not outlier[i]]
    room = max(limit - len(kept), 0)
    if room and others:
        step = len(others) / room
        kept.update(others[int((k + 0.5) * step)] for k in range(min(room, len(others))))
    return sorted(kept)
