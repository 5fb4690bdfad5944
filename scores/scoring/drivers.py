"""What drives a unit's composite score: each indicator's contribution, and the levers.

`contributions` splits every unit's score into one part per indicator that add up to the score
(docs/methodology.md, "What drives a score"). Under arithmetic aggregation the part is the
indicator's effective weight times its normalised value, exactly. Under geometric aggregation a
score is a product, so it has no additive parts of its own; the split is the logarithmic-mean
(LMDI) attribution of the distance from a perfect score: an indicator at 1 brings its whole
weight, one below 1 brings its weight less its log-share of the shortfall,

    c_i = s_i * (1 + L(G, 1) * ln x_i),   L(G, 1) = (G - 1) / ln G  (1 when G = 1),

which adds up to G because ln G = sum_i s_i ln x_i (Ang 2004). Nested dimensions are split the
same way, a dimension's part shared among its indicators in proportion to their parts of the
dimension's score.

`levers` answers "what would raise the score most": for one unit, each indicator in turn is set
to a target raw value (its province's median, say) where that is better than the unit's own
value, the indicator re-normalised over all units (min-max bounds, ranks and z-scores move with
it) and the unit's score recomputed; every scenario is one column of a single aggregation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .aggregation import GEOMETRIC_FLOOR
from .composite import aggregate_normalized, collect_data, composite
from .normalization import normalize
from .spec import validate_spec

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Contributions:
    """Per indicator (rows, in the spec's order) and unit (columns): the normalised value, the
    effective weight (the share of the score the indicator carries once missing components are
    reweighted) and the contribution to the score; NaN where the indicator is missing. The
    contributions of a unit add up to its score (NaN-skipping sum)."""

    codes: tuple[str, ...]
    normalized: FloatArray
    weights: FloatArray
    contributions: FloatArray
    score: FloatArray


@dataclass(frozen=True)
class Levers:
    """For one unit and each indicator (spec order): the raw target tried, the score with the
    indicator at that target and the change from the unit's score; NaN where there is no lever
    (the value is missing, or the target is not better than it)."""

    codes: tuple[str, ...]
    targets: FloatArray
    scores: FloatArray
    changes: FloatArray
    score: float


def contributions(data: Mapping[str, ArrayLike], spec: Mapping[str, Any]) -> Contributions:
    """Each indicator's contribution to each unit's score (see the module's docstring)."""
    checked = validate_spec(spec)
    result = composite(data, checked)
    dimension_values = np.stack([result.dimensions[d["code"]] for d in checked["dimensions"]])
    dimension_weights = np.array([d["weight"] for d in checked["dimensions"]])
    top_share = _shares(dimension_values, dimension_weights)
    top_parts = _parts(dimension_values, top_share, result.score, checked["aggregation"])

    codes: list[str] = []
    normalized, weights, parts = [], [], []
    for d, dimension in enumerate(checked["dimensions"]):
        entries = dimension["indicators"]
        values = np.stack([result.indicators[i["code"]] for i in entries])
        share = _shares(values, np.array([i["weight"] for i in entries]))
        within = _parts(values, share, dimension_values[d], dimension["aggregation"])
        level = dimension_values[d]
        with np.errstate(invalid="ignore", divide="ignore"):
            # The dimension's part shared in proportion to its indicators' parts of its score;
            # by weight when that score is 0 (an arithmetic dimension of zeros).
            split = np.where(level != 0, within / np.where(level != 0, level, 1.0), share)
        codes.extend(i["code"] for i in entries)
        normalized.append(values)
        weights.append(top_share[d] * share)
        parts.append(top_parts[d] * split)
    return Contributions(
        codes=tuple(codes),
        normalized=np.concatenate(normalized),
        weights=np.concatenate(weights),
        contributions=np.concatenate(parts),
        score=np.asarray(result.score, dtype=float),
    )


def levers(
    data: Mapping[str, ArrayLike],
    spec: Mapping[str, Any],
    unit: int,
    targets: Mapping[str, float],
) -> Levers:
    """The change in `unit`'s score when each indicator in turn takes its raw value in
    `targets`, wherever that is better than the unit's value (see the module's docstring)."""
    checked = validate_spec(spec)
    raw = collect_data(data, checked)
    result = composite(raw, checked)
    entries = [i for d in checked["dimensions"] for i in d["indicators"]]
    codes = tuple(i["code"] for i in entries)
    k = len(codes)
    goal = np.array([float(targets.get(code, np.nan)) for code in codes])
    own = np.array([raw[code][unit] for code in codes])
    higher = np.array([i["direction"] == "higher" for i in entries])
    better = np.where(higher, goal > own, goal < own)  # False wherever either is NaN

    # Scenario s (column s) is the unit with indicator s at its target, every other indicator
    # as it is.
    base = np.array([result.indicators[code][unit] for code in codes])
    scenario = np.repeat(base[:, np.newaxis], k, axis=1)
    for s in np.flatnonzero(better).tolist():
        column = raw[codes[s]].copy()
        column[unit] = goal[s]
        scenario[s, s] = normalize(column, entries[s])[unit]
    scores, _dimensions, _coverage = aggregate_normalized(
        {code: scenario[j] for j, code in enumerate(codes)}, checked
    )
    score = float(result.score[unit])
    scores = np.where(better, scores, np.nan)
    return Levers(
        codes=codes,
        targets=np.where(better, goal, np.nan),
        scores=scores,
        changes=scores - score,
        score=score,
    )


def group_medians(values: FloatArray, members: NDArray[np.bool_]) -> FloatArray:
    """Median of each row of `values` (indicators, units) over the units in `members`,
    ignoring NaN; NaN for a row with no value among them."""
    chosen = values[:, members]
    out = np.full(values.shape[0], np.nan)
    has = ~np.all(np.isnan(chosen), axis=1)
    if has.any():
        out[has] = np.nanmedian(chosen[has], axis=1)
    return out


def _shares(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Weights renormalised over each unit's present components (NaN where missing)."""
    present = ~np.isnan(values)
    w = np.where(present, weights[:, np.newaxis], 0.0)
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(present & (total > 0), w / total, np.nan)


def _parts(values: FloatArray, share: FloatArray, level: FloatArray, method: str) -> FloatArray:
    """Each component's part of `level`, the aggregate of `values` with weight shares `share`:
    share * value (arithmetic), or the LMDI split of the distance from 1 (geometric)."""
    if method == "arithmetic":
        return share * values
    logs = np.log(np.maximum(values, GEOMETRIC_FLOOR))
    return share * (1.0 + _log_mean_from_one(level) * logs)


def _log_mean_from_one(level: FloatArray) -> FloatArray:
    """The logarithmic mean L(g, 1) = (g - 1) / ln g of each g and 1 (1 where g is 1)."""
    logs = np.log(np.maximum(level, GEOMETRIC_FLOOR))
    close = np.abs(logs) < 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(close, 1.0, (np.exp(logs) - 1.0) / np.where(close, 1.0, logs))
