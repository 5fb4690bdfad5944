"""Composite index: normalise indicators, aggregate into dimensions, then into one score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .aggregation import aggregate, weight_share_present
from .errors import DataError, MissingDataError, format_indices
from .normalization import normalize
from .spec import validate_spec

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class CompositeResult:
    """Scores per unit (read-only arrays, NaN where a unit has no data at all)."""

    score: FloatArray
    dimensions: dict[str, FloatArray]
    indicators: dict[str, FloatArray]
    coverage: FloatArray


def composite(data: Mapping[str, ArrayLike], spec: Mapping[str, Any]) -> CompositeResult:
    """Compute the composite index described by ``spec`` for the units in ``data``."""
    checked = validate_spec(spec)
    raw = collect_data(data, checked)
    check_missing(raw, checked["missing"])

    indicators = {
        indicator["code"]: normalize(raw[indicator["code"]], indicator)
        for dimension in checked["dimensions"]
        for indicator in dimension["indicators"]
    }
    score, dimensions, coverage = aggregate_normalized(indicators, checked)

    return CompositeResult(
        score=_read_only(score),
        dimensions={code: _read_only(values) for code, values in dimensions.items()},
        indicators={code: _read_only(values) for code, values in indicators.items()},
        coverage=_read_only(coverage),
    )


def aggregate_normalized(
    indicators: Mapping[str, FloatArray], checked: Mapping[str, Any]
) -> tuple[FloatArray, dict[str, FloatArray], FloatArray]:
    """Score, dimension scores and coverage of normalised indicator arrays under a validated
    spec: each dimension aggregates its indicators, then the score aggregates the dimensions.
    Each array holds one value per unit; scores.scoring.drivers passes its what-if scenarios
    of one county as the units."""
    dimensions: dict[str, FloatArray] = {}
    dimension_coverage = []
    for dimension in checked["dimensions"]:
        entries = dimension["indicators"]
        values = np.stack([indicators[indicator["code"]] for indicator in entries])
        weights = np.array([indicator["weight"] for indicator in entries])
        dimensions[dimension["code"]] = aggregate(values, weights, dimension["aggregation"])
        dimension_coverage.append(weight_share_present(values, weights))

    dimension_weights = np.array([dimension["weight"] for dimension in checked["dimensions"]])
    stacked = np.stack(list(dimensions.values()))
    score = aggregate(stacked, dimension_weights, checked["aggregation"])
    coverage = dimension_weights @ np.stack(dimension_coverage) / dimension_weights.sum()
    return score, dimensions, coverage


def check_missing(raw: Mapping[str, FloatArray], rule: str) -> None:
    """Raise MissingDataError naming every missing value when the spec's rule is "fail"."""
    if rule != "fail":
        return
    missing = {code: np.flatnonzero(np.isnan(values)).tolist() for code, values in raw.items()}
    missing = {code: units for code, units in missing.items() if units}
    if missing:
        raise MissingDataError(missing)


def collect_data(data: Mapping[str, ArrayLike], spec: Mapping[str, Any]) -> dict[str, FloatArray]:
    """Return float copies of the arrays a validated spec needs, checking codes and shapes."""
    if not isinstance(data, Mapping):
        raise DataError(f"data must map indicator codes to arrays, got {type(data).__name__}")
    out: dict[str, FloatArray] = {}
    length: int | None = None
    for d, dimension in enumerate(spec["dimensions"]):
        for i, indicator in enumerate(dimension["indicators"]):
            code = indicator["code"]
            if code not in data:
                raise DataError(
                    f"data has no array for indicator {code!r} "
                    f"(dimensions[{d}].indicators[{i}]); pass an all-NaN array if it has no values"
                )
            try:
                values = np.array(data[code], dtype=float)
            except (TypeError, ValueError) as exc:
                raise DataError(f"indicator {code!r}: values are not numeric ({exc})") from exc
            if values.ndim != 1:
                raise DataError(
                    f"indicator {code!r}: expected a 1-D array, got shape {values.shape}"
                )
            if length is None:
                length = values.size
            elif values.size != length:
                raise DataError(
                    f"indicator {code!r} has {values.size} units, earlier indicators {length}"
                )
            infinite = np.flatnonzero(np.isinf(values))
            if infinite.size:
                raise DataError(
                    f"indicator {code!r}: infinite values at unit indices "
                    f"{format_indices(infinite.tolist())} (use NaN for missing)"
                )
            out[code] = values
    return out


def _read_only(values: FloatArray) -> FloatArray:
    values.flags.writeable = False
    return values
