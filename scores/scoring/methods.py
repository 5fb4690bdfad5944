"""The index of a spec by the method it names: the composite pipeline or a planners' method.

``index(data, spec)`` returns a :class:`CompositeResult` whatever the method, so the rebuild
stores, ranks and tiers every method alike. The planners' methods (TOPSIS, Morris, Hellwig;
planners.py) need a complete matrix: a unit missing any indicator of the spec gets no score
(NaN, so it is left unranked), whatever the spec's ``missing`` rule ("fail" still raises).
Their scores lie in [0, 1] (x100 on pages): TOPSIS closeness and the Morris index as they
are; Hellwig's measure d = 1 - c/c0 rescaled to 1 - c/max(c0, max c), which equals d when no
unit lies beyond c0 and keeps the order (so the ranks) otherwise. A dimension's score is the
same method applied to that dimension's indicators alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .composite import CompositeResult, _read_only, check_missing, collect_data, composite
from .normalization import minmax
from .planners import hellwig_taxonomy, morris_index, topsis
from .spec import PLANNERS_METHODS, validate_spec

FloatArray = NDArray[np.float64]


def index(data: Mapping[str, ArrayLike], spec: Mapping[str, Any]) -> CompositeResult:
    """Compute the index of ``spec`` by its ``method`` (default: the composite pipeline)."""
    checked = validate_spec(spec)
    if checked["method"] not in PLANNERS_METHODS:
        return composite(data, checked)
    return planners_index(data, checked)


def effective_weights(spec: Mapping[str, Any]) -> FloatArray:
    """Each indicator's share of the whole index, in spec order: its dimension's share of the
    dimension weights times its share of that dimension's indicator weights (sums to 1)."""
    checked = validate_spec(spec)
    total = sum(d["weight"] for d in checked["dimensions"])
    shares: list[float] = []
    for dimension in checked["dimensions"]:
        inner = sum(i["weight"] for i in dimension["indicators"])
        shares.extend(
            dimension["weight"] / total * i["weight"] / inner for i in dimension["indicators"]
        )
    return np.array(shares, dtype=np.float64)


def planners_index(data: Mapping[str, ArrayLike], spec: Mapping[str, Any]) -> CompositeResult:
    """A planners' method on the units with every indicator present (others NaN)."""
    checked = validate_spec(spec)
    method = checked["method"]
    raw = collect_data(data, checked)
    check_missing(raw, checked["missing"])
    entries = [i for d in checked["dimensions"] for i in d["indicators"]]
    matrix = np.column_stack([raw[i["code"]] for i in entries])
    directions = [i["direction"] for i in entries]
    weights = effective_weights(checked)
    present = ~np.isnan(matrix)
    complete: NDArray[np.bool_] = np.asarray(present.all(axis=1), dtype=bool)
    coverage = present @ weights / weights.sum()

    score = _method_scores(method, matrix, directions, weights, complete)
    dimensions: dict[str, FloatArray] = {}
    start = 0
    for dimension in checked["dimensions"]:
        stop = start + len(dimension["indicators"])
        dimensions[dimension["code"]] = _method_scores(
            method,
            matrix[:, start:stop],
            directions[start:stop],
            np.array([i["weight"] for i in dimension["indicators"]]),
            complete,
        )
        start = stop
    indicators = {
        i["code"]: minmax(np.where(complete, raw[i["code"]], np.nan), i["direction"] == "higher")
        for i in entries
    }
    return CompositeResult(
        score=_read_only(score),
        dimensions={code: _read_only(v) for code, v in dimensions.items()},
        indicators={code: _read_only(v) for code, v in indicators.items()},
        coverage=_read_only(coverage),
    )


def _method_scores(
    method: str,
    matrix: FloatArray,
    directions: list[str],
    weights: FloatArray,
    complete: NDArray[np.bool_],
) -> FloatArray:
    """The method's score in [0, 1] of the complete rows; NaN for the others."""
    out = np.full(matrix.shape[0], np.nan)
    if not complete.any():
        return out
    rows = matrix[complete]
    if method == "topsis":
        out[complete] = topsis(rows, weights, directions)
    elif method == "morris":
        out[complete] = morris_index(rows, directions, weights)
    else:
        d = hellwig_taxonomy(rows, directions, weights)
        # c/c0 = 1 - d; dividing by the largest distance instead when it exceeds c0 keeps
        # the order and bounds the score to [0, 1].
        out[complete] = 1.0 - (1.0 - d) / max(1.0, float((1.0 - d).max()))
    return out
