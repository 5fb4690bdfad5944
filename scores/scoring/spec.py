"""Validation of composite-index specifications (JSON-able dicts)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import SpecError

NORMALIZATIONS: tuple[str, ...] = ("goalposts", "minmax", "zscore", "target", "rank")
BOUNDED_NORMALIZATIONS: frozenset[str] = frozenset({"goalposts", "minmax", "target", "rank"})
AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric")
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
TRANSFORMS: tuple[str, ...] = ("none", "log")
MISSING_RULES: tuple[str, ...] = ("reweight", "fail")
# How the score is computed: the composite pipeline, or one of the planners' methods
# (planners.py), which take the raw indicator matrix and normalise it themselves.
METHODS: tuple[str, ...] = ("composite", "topsis", "morris", "hellwig")
PLANNERS_METHODS: frozenset[str] = frozenset({"topsis", "morris", "hellwig"})

# Free-text keys the Django layer may keep in a stored spec; the maths ignores them.
# Every other unknown key is rejected so that a typo such as "weigth" cannot silently
# fall back to a default.
METADATA_KEYS: frozenset[str] = frozenset(
    {"label", "name", "description", "unit", "source", "meta"}
)
_ROOT_KEYS = frozenset({"method", "aggregation", "missing", "dimensions"}) | METADATA_KEYS
_DIMENSION_KEYS = frozenset({"code", "weight", "aggregation", "indicators"}) | METADATA_KEYS
_INDICATOR_KEYS = (
    frozenset({"code", "weight", "direction", "transform", "normalization", "min", "max", "target"})
    | METADATA_KEYS
)


def validate_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return a normalised copy of ``spec`` with defaults filled in; raise SpecError if invalid."""
    if not isinstance(spec, Mapping):
        raise SpecError("spec", f"must be an object (dict), got {type(spec).__name__}")
    _reject_unknown_keys(spec, _ROOT_KEYS, "spec")
    method = _choice(spec, "method", METHODS, "composite", "method")
    aggregation = _choice(spec, "aggregation", AGGREGATIONS, "arithmetic", "aggregation")
    missing = _choice(spec, "missing", MISSING_RULES, "reweight", "missing")
    dimensions = _non_empty_list(spec.get("dimensions"), "dimensions")

    seen_dimensions: set[str] = set()
    seen_indicators: dict[str, str] = {}
    out_dimensions = []
    for d, dimension in enumerate(dimensions):
        path = f"dimensions[{d}]"
        out = _validate_dimension(dimension, path, aggregation, seen_indicators)
        if out["code"] in seen_dimensions:
            raise SpecError(f"{path}.code", f"duplicate dimension code {out['code']!r}")
        seen_dimensions.add(out["code"])
        out_dimensions.append(out)

    _check_zscore_aggregation(out_dimensions, aggregation)
    if method in PLANNERS_METHODS:
        _check_planners_method(out_dimensions, aggregation, method)
    return {
        "method": method,
        "aggregation": aggregation,
        "missing": missing,
        "dimensions": out_dimensions,
    }


def _validate_dimension(
    dimension: Any, path: str, default_aggregation: str, seen_indicators: dict[str, str]
) -> dict[str, Any]:
    if not isinstance(dimension, Mapping):
        raise SpecError(path, f"must be an object (dict), got {type(dimension).__name__}")
    _reject_unknown_keys(dimension, _DIMENSION_KEYS, path)
    code = _code(dimension, path)
    weight = _weight(dimension, path)
    aggregation = _choice(
        dimension, "aggregation", AGGREGATIONS, default_aggregation, f"{path}.aggregation"
    )
    indicators = _non_empty_list(dimension.get("indicators"), f"{path}.indicators")
    out_indicators = []
    for i, indicator in enumerate(indicators):
        ipath = f"{path}.indicators[{i}]"
        out = _validate_indicator(indicator, ipath)
        if out["code"] in seen_indicators:
            raise SpecError(
                f"{ipath}.code",
                f"indicator code {out['code']!r} already used at {seen_indicators[out['code']]}",
            )
        seen_indicators[out["code"]] = ipath
        out_indicators.append(out)
    return {
        "code": code,
        "weight": weight,
        "aggregation": aggregation,
        "indicators": out_indicators,
    }


def _validate_indicator(indicator: Any, path: str) -> dict[str, Any]:
    if not isinstance(indicator, Mapping):
        raise SpecError(path, f"must be an object (dict), got {type(indicator).__name__}")
    _reject_unknown_keys(indicator, _INDICATOR_KEYS, path)
    code = _code(indicator, path)
    weight = _weight(indicator, path)
    if "direction" not in indicator:
        # No default: silently treating e.g. infant mortality as "higher is better"
        # would invert its contribution.
        raise SpecError(f"{path}.direction", 'is required ("higher" or "lower")')
    direction = _choice(indicator, "direction", DIRECTIONS, "higher", f"{path}.direction")
    transform = _choice(indicator, "transform", TRANSFORMS, "none", f"{path}.transform")
    normalization = _choice(
        indicator, "normalization", NORMALIZATIONS, "minmax", f"{path}.normalization"
    )
    bounds = {key: _optional_number(indicator, key, f"{path}.{key}") for key in ("min", "max")}
    goal = _optional_number(indicator, "target", f"{path}.target")
    lo, hi = bounds["min"], bounds["max"]
    _check_bounds(path, transform, lo, hi, goal)
    _check_goal(path, direction, normalization, lo, hi, goal)

    return {
        "code": code,
        "weight": weight,
        "direction": direction,
        "transform": transform,
        "normalization": normalization,
        "min": lo,
        "max": hi,
        "target": goal,
    }


def _check_bounds(
    path: str, transform: str, lo: float | None, hi: float | None, goal: float | None
) -> None:
    """Reject min not below max, and non-positive min, max or target under a log transform."""
    if lo is not None and hi is not None and not lo < hi:
        raise SpecError(f"{path}.max", f"must be greater than min ({lo!r}), got {hi!r}")
    if transform == "log":
        for key, value in (("min", lo), ("max", hi), ("target", goal)):
            if value is not None and value <= 0:
                raise SpecError(
                    f"{path}.{key}", f"must be positive with a log transform, got {value!r}"
                )


def _check_goal(
    path: str,
    direction: str,
    normalization: str,
    lo: float | None,
    hi: float | None,
    goal: float | None,
) -> None:
    """Reject a normalisation without the bounds or target it needs, and a worst bound that is
    not worse than the target."""
    if normalization == "goalposts":
        for key, value in (("min", lo), ("max", hi)):
            if value is None:
                raise SpecError(f"{path}.{key}", "is required for goalposts normalisation")
    if normalization == "target" and goal is None:
        raise SpecError(f"{path}.target", "is required for target normalisation")
    if goal is not None:
        if direction == "higher" and lo is not None and not lo < goal:
            raise SpecError(f"{path}.min", f"must be below target ({goal!r}), got {lo!r}")
        if direction == "lower" and hi is not None and not hi > goal:
            raise SpecError(f"{path}.max", f"must be above target ({goal!r}), got {hi!r}")


def _check_zscore_aggregation(dimensions: list[dict[str, Any]], aggregation: str) -> None:
    """Reject z-scores under a geometric mean, which is undefined for non-positive values."""
    for d, dimension in enumerate(dimensions):
        for i, indicator in enumerate(dimension["indicators"]):
            if indicator["normalization"] != "zscore":
                continue
            if dimension["aggregation"] == "geometric":
                culprit = f"dimensions[{d}].aggregation"
            elif aggregation == "geometric":
                culprit = "aggregation"
            else:
                continue
            raise SpecError(
                f"dimensions[{d}].indicators[{i}].normalization",
                f'"zscore" is unbounded and cannot be aggregated geometrically ({culprit} is '
                '"geometric"); use a bounded normalisation or arithmetic aggregation',
            )


def _check_planners_method(dimensions: list[dict[str, Any]], aggregation: str, method: str) -> None:
    """Reject settings a planners' method would ignore: it normalises the raw values itself
    (so only the default "minmax" normalisation, no transform, no bounds or target) and weighs
    the indicators linearly (arithmetic aggregation)."""
    if aggregation != "arithmetic":
        raise SpecError(
            "aggregation",
            f'{method!r} combines indicators by its own formula; use "arithmetic"',
            kind="planners_setting",
            params={"method": method, "setting": "aggregation"},
        )
    for d, dimension in enumerate(dimensions):
        if dimension["aggregation"] != "arithmetic":
            raise SpecError(
                f"dimensions[{d}].aggregation",
                f'{method!r} combines indicators by its own formula; use "arithmetic"',
                kind="planners_setting",
                params={"method": method, "setting": "aggregation"},
            )
        for i, indicator in enumerate(dimension["indicators"]):
            path = f"dimensions[{d}].indicators[{i}]"
            ignored = [
                key
                for key, default in (
                    ("normalization", "minmax"),
                    ("transform", "none"),
                    ("min", None),
                    ("max", None),
                    ("target", None),
                )
                if indicator[key] != default
            ]
            if ignored:
                raise SpecError(
                    f"{path}.{ignored[0]}",
                    f"{method!r} normalises the raw values itself; remove {ignored[0]!r} "
                    '(only the default "minmax" normalisation is accepted)',
                    kind="planners_setting",
                    params={"method": method, "setting": ignored[0]},
                )


def _reject_unknown_keys(obj: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    unknown = sorted(str(k) for k in obj if k not in allowed)
    if unknown:
        raise SpecError(
            f"{path}.{unknown[0]}" if path != "spec" else unknown[0],
            f"unknown key; allowed keys are {sorted(allowed - METADATA_KEYS)} "
            f"plus free-text {sorted(METADATA_KEYS)}",
        )


def _choice(
    obj: Mapping[str, Any], key: str, options: Sequence[str], default: str, path: str
) -> str:
    value = obj.get(key, default)
    if value not in options:
        raise SpecError(path, f"must be one of {list(options)}, got {value!r}")
    return str(value)


def _non_empty_list(value: Any, path: str) -> Sequence[Any]:
    if not isinstance(value, (list, tuple)):
        raise SpecError(path, f"must be a non-empty list, got {type(value).__name__}")
    if not value:
        raise SpecError(path, "must be a non-empty list")
    return value


def _code(obj: Mapping[str, Any], path: str) -> str:
    code = obj.get("code")
    if not isinstance(code, str) or not code.strip():
        raise SpecError(f"{path}.code", f"must be a non-empty string, got {code!r}")
    return code


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _weight(obj: Mapping[str, Any], path: str) -> float:
    weight = obj.get("weight", 1.0)
    if not _is_number(weight) or weight <= 0:
        raise SpecError(
            f"{path}.weight",
            f"must be a finite positive number (remove the entry to exclude it), got {weight!r}",
        )
    return float(weight)


def _optional_number(obj: Mapping[str, Any], key: str, path: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if not _is_number(value):
        raise SpecError(path, f"must be a finite number, got {value!r}")
    return float(value)
