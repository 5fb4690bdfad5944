"""Spec validation fills defaults and names the offending path in every error."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from scores.scoring import SpecError, validate_spec


def base_spec() -> dict[str, Any]:
    return {
        "dimensions": [
            {
                "code": "health",
                "indicators": [
                    {"code": "beds", "direction": "higher"},
                    {
                        "code": "imr",
                        "direction": "lower",
                        "normalization": "goalposts",
                        "min": 0,
                        "max": 60,
                    },
                ],
            },
            {
                "code": "economy",
                "weight": 2,
                "indicators": [{"code": "income", "direction": "higher", "transform": "log"}],
            },
        ]
    }


def assert_error_at(spec: Any, path: str, message: str = "") -> None:
    with pytest.raises(SpecError, match=re.escape(path) + ".*" + message) as info:
        validate_spec(spec)
    assert info.value.path == path


def test_a_valid_spec_gets_every_default_filled_in() -> None:
    out = validate_spec(base_spec())
    assert out["aggregation"] == "arithmetic"
    assert out["missing"] == "reweight"
    health, economy = out["dimensions"]
    assert health["weight"] == 1.0 and economy["weight"] == 2.0
    assert health["aggregation"] == "arithmetic"
    assert health["indicators"][0] == {
        "code": "beds",
        "weight": 1.0,
        "direction": "higher",
        "transform": "none",
        "normalization": "minmax",
        "min": None,
        "max": None,
        "target": None,
    }


def test_dimension_aggregation_defaults_to_the_overall_aggregation() -> None:
    spec = base_spec() | {"aggregation": "geometric"}
    assert validate_spec(spec)["dimensions"][0]["aggregation"] == "geometric"


def test_validation_does_not_modify_the_input() -> None:
    spec = base_spec()
    before = copy.deepcopy(spec)
    validate_spec(spec)
    assert spec == before


def test_spec_errors_are_value_errors() -> None:
    assert issubclass(SpecError, ValueError)


def test_a_non_dict_spec_is_rejected() -> None:
    assert_error_at([1, 2], "spec", "object")


def test_an_unknown_aggregation_names_its_path() -> None:
    assert_error_at(base_spec() | {"aggregation": "median"}, "aggregation", "median")
    spec = base_spec()
    spec["dimensions"][1]["aggregation"] = "harmonic"
    assert_error_at(spec, "dimensions[1].aggregation", "harmonic")


def test_an_unknown_missing_rule_names_its_path() -> None:
    assert_error_at(base_spec() | {"missing": "impute"}, "missing")


def test_empty_or_absent_dimensions_are_rejected() -> None:
    assert_error_at({"dimensions": []}, "dimensions", "non-empty")
    assert_error_at({}, "dimensions", "non-empty")
    spec = base_spec()
    spec["dimensions"][0]["indicators"] = []
    assert_error_at(spec, "dimensions[0].indicators", "non-empty")


def test_a_non_positive_indicator_weight_names_its_path() -> None:
    spec = base_spec()
    spec["dimensions"][1]["indicators"][0]["weight"] = -1
    assert_error_at(spec, "dimensions[1].indicators[0].weight", "positive")


def test_non_numeric_weights_including_booleans_are_rejected() -> None:
    for bad in ("2", True, float("nan"), float("inf"), None):
        spec = base_spec()
        spec["dimensions"][0]["weight"] = bad
        assert_error_at(spec, "dimensions[0].weight")


def test_direction_is_required() -> None:
    spec = base_spec()
    del spec["dimensions"][0]["indicators"][1]["direction"]
    assert_error_at(spec, "dimensions[0].indicators[1].direction", "required")


def test_unknown_direction_transform_and_normalization_name_their_paths() -> None:
    for key, bad in (("direction", "up"), ("transform", "sqrt"), ("normalization", "dea")):
        spec = base_spec()
        spec["dimensions"][0]["indicators"][0][key] = bad
        assert_error_at(spec, f"dimensions[0].indicators[0].{key}", bad)


def test_goalposts_need_both_bounds_in_increasing_order() -> None:
    spec = base_spec()
    del spec["dimensions"][0]["indicators"][1]["max"]
    assert_error_at(spec, "dimensions[0].indicators[1].max", "required")
    spec = base_spec()
    spec["dimensions"][0]["indicators"][1]["min"] = 60
    assert_error_at(spec, "dimensions[0].indicators[1].max", "greater than min")


def test_bounds_must_be_finite_numbers() -> None:
    spec = base_spec()
    spec["dimensions"][0]["indicators"][1]["min"] = "0"
    assert_error_at(spec, "dimensions[0].indicators[1].min", "number")


def test_log_transform_needs_positive_bounds() -> None:
    spec = base_spec()
    spec["dimensions"][1]["indicators"][0].update(min=0, max=100)
    assert_error_at(spec, "dimensions[1].indicators[0].min", "positive")


def test_target_normalisation_needs_a_target_beyond_the_bound() -> None:
    spec = base_spec()
    spec["dimensions"][0]["indicators"][0]["normalization"] = "target"
    assert_error_at(spec, "dimensions[0].indicators[0].target", "required")
    spec["dimensions"][0]["indicators"][0].update(target=5, min=10)
    assert_error_at(spec, "dimensions[0].indicators[0].min", "below target")
    spec = base_spec()
    spec["dimensions"][0]["indicators"][1].update(normalization="target", target=70)
    assert_error_at(spec, "dimensions[0].indicators[1].max", "above target")


def test_zscore_under_a_geometric_mean_is_rejected() -> None:
    spec = base_spec() | {"aggregation": "geometric"}
    spec["dimensions"][1]["indicators"][0]["normalization"] = "zscore"
    assert_error_at(spec, "dimensions[1].indicators[0].normalization", "geometric")
    spec = base_spec()
    spec["dimensions"][1]["aggregation"] = "geometric"
    spec["dimensions"][1]["indicators"][0]["normalization"] = "zscore"
    assert_error_at(spec, "dimensions[1].indicators[0].normalization", r"dimensions\[1\]")


def test_zscore_with_arithmetic_aggregation_is_accepted() -> None:
    spec = base_spec()
    spec["dimensions"][1]["indicators"][0]["normalization"] = "zscore"
    validate_spec(spec)


def test_duplicate_codes_are_rejected() -> None:
    spec = base_spec()
    spec["dimensions"][1]["indicators"][0]["code"] = "beds"
    assert_error_at(spec, "dimensions[1].indicators[0].code", r"dimensions\[0\]\.indicators\[0\]")
    spec = base_spec()
    spec["dimensions"][1]["code"] = "health"
    assert_error_at(spec, "dimensions[1].code", "duplicate")


def test_missing_or_blank_codes_are_rejected() -> None:
    spec = base_spec()
    spec["dimensions"][0]["indicators"][0]["code"] = " "
    assert_error_at(spec, "dimensions[0].indicators[0].code")
    spec = base_spec()
    del spec["dimensions"][1]["code"]
    assert_error_at(spec, "dimensions[1].code")


def test_a_misspelt_key_is_rejected_rather_than_defaulted() -> None:
    spec = base_spec()
    spec["dimensions"][0]["indicators"][0]["weigth"] = 3
    assert_error_at(spec, "dimensions[0].indicators[0].weigth", "unknown key")
    assert_error_at(base_spec() | {"agregation": "geometric"}, "agregation", "unknown key")


def test_free_text_metadata_keys_are_allowed() -> None:
    spec = base_spec() | {"name": "Tavazon index", "meta": {"version": 3}}
    spec["dimensions"][0]["label"] = "سلامت"
    spec["dimensions"][0]["indicators"][0].update(description="beds per 1000", unit="‰")
    validate_spec(spec)


def test_non_dict_entries_name_their_path() -> None:
    spec = base_spec()
    spec["dimensions"][0]["indicators"][1] = "imr"
    assert_error_at(spec, "dimensions[0].indicators[1]", "object")
