"""Composite index: hand-computed cases, missing-data rules and monotonicity properties."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scores.scoring import CompositeResult, DataError, MissingDataError, composite

nan = np.nan


def two_dimension_spec(
    aggregation: str = "arithmetic", missing: str = "reweight"
) -> dict[str, Any]:
    return {
        "aggregation": aggregation,
        "missing": missing,
        "dimensions": [
            {
                "code": "a",
                "weight": 2,
                "indicators": [
                    {
                        "code": "x",
                        "direction": "higher",
                        "normalization": "goalposts",
                        "min": 0,
                        "max": 10,
                    },
                    {"code": "y", "direction": "lower", "normalization": "minmax"},
                ],
            },
            {
                "code": "b",
                "weight": 1,
                "indicators": [{"code": "z", "direction": "higher", "normalization": "rank"}],
            },
        ],
    }


DATA = {"x": [5.0, 10.0, nan], "y": [1.0, 3.0, 2.0], "z": [3.0, 1.0, 2.0]}
# Normalised: x goalposts 0..10 -> [0.5, 1, nan]; y min-max flipped -> [1, 0, 0.5];
# z percentile rank -> [1, 0, 0.5].


def test_arithmetic_composite_matches_hand_computation() -> None:
    result = composite(DATA, two_dimension_spec())
    np.testing.assert_allclose(result.indicators["x"], [0.5, 1, nan])
    np.testing.assert_allclose(result.indicators["y"], [1, 0, 0.5])
    np.testing.assert_allclose(result.indicators["z"], [1, 0, 0.5])
    # dimension a: (0.5 + 1) / 2, (1 + 0) / 2, and unit 2 only has y = 0.5
    np.testing.assert_allclose(result.dimensions["a"], [0.75, 0.5, 0.5])
    np.testing.assert_allclose(result.dimensions["b"], [1, 0, 0.5])
    # overall, dimension weights 2 and 1: (2 * 0.75 + 1) / 3, (2 * 0.5 + 0) / 3, (1 + 0.5) / 3
    np.testing.assert_allclose(result.score, [2.5 / 3, 1 / 3, 0.5])


def test_geometric_composite_matches_hand_computation_with_the_zero_floor() -> None:
    result = composite(DATA, two_dimension_spec("geometric"))
    # dimension a: sqrt(0.5 * 1), sqrt(1 * 0.01) (y = 0 floored), unit 2 only y = 0.5
    np.testing.assert_allclose(result.dimensions["a"], [np.sqrt(0.5), 0.1, 0.5])
    # dimension b: z = 0 for unit 1 is floored to 0.01
    np.testing.assert_allclose(result.dimensions["b"], [1, 0.01, 0.5])
    # overall a^(2/3) * b^(1/3): 0.5^(1/3), 0.1^(2/3) * 0.01^(1/3) = 10^(-4/3), 0.5
    np.testing.assert_allclose(result.score, [0.5 ** (1 / 3), 10 ** (-4 / 3), 0.5])


def test_coverage_is_the_share_of_nominal_weight_present() -> None:
    result = composite(DATA, two_dimension_spec())
    # unit 2 lacks x: half of dimension a (weight 2 of 3) -> 1 - (2/3) * (1/2) = 2/3
    np.testing.assert_allclose(result.coverage, [1, 1, 2 / 3])


def test_a_unit_missing_a_whole_dimension_is_reweighted_over_the_other_dimensions() -> None:
    data = {"x": [5.0, 10.0], "y": [1.0, 3.0], "z": [nan, 1.0]}
    result = composite(data, two_dimension_spec())
    assert np.isnan(result.dimensions["b"][0])
    # unit 0 overall is just dimension a: (0.5 + 1) / 2
    np.testing.assert_allclose(result.score[0], 0.75)
    np.testing.assert_allclose(result.coverage[0], 2 / 3)


def test_a_unit_with_no_data_at_all_gets_nan_score_and_zero_coverage() -> None:
    data = {"x": [5.0, nan], "y": [1.0, nan], "z": [3.0, nan]}
    result = composite(data, two_dimension_spec())
    assert np.isnan(result.score[1])
    assert result.coverage[1] == 0
    assert not np.isnan(result.score[0])


def test_missing_fail_raises_naming_the_indicator_and_units() -> None:
    data = {"x": [5.0, nan, nan], "y": [1.0, 3.0, 2.0], "z": [3.0, 1.0, 2.0]}
    with pytest.raises(MissingDataError, match=r"'x'.*\[1, 2\]") as info:
        composite(data, two_dimension_spec(missing="fail"))
    assert info.value.missing == {"x": [1, 2]}


def test_missing_fail_passes_complete_data() -> None:
    data = {"x": [5.0, 10.0], "y": [1.0, 3.0], "z": [3.0, 1.0]}
    result = composite(data, two_dimension_spec(missing="fail"))
    np.testing.assert_allclose(result.coverage, [1, 1])


def test_result_is_a_frozen_dataclass_with_read_only_arrays() -> None:
    result = composite(DATA, two_dimension_spec())
    assert isinstance(result, CompositeResult)
    with pytest.raises(AttributeError):
        result.score = np.zeros(3)  # type: ignore[misc]
    with pytest.raises(ValueError):
        result.score[0] = 0.0


def test_composite_does_not_modify_the_input_arrays() -> None:
    x = np.array([5.0, 10.0, nan])
    composite({**DATA, "x": x}, two_dimension_spec())
    np.testing.assert_array_equal(x, [5.0, 10.0, nan])


def test_data_missing_an_indicator_code_is_rejected() -> None:
    with pytest.raises(DataError, match=r"'z'.*dimensions\[1\]\.indicators\[0\]"):
        composite({"x": [1.0], "y": [1.0]}, two_dimension_spec())


def test_data_arrays_of_different_lengths_are_rejected() -> None:
    with pytest.raises(DataError, match="'y' has 2 units, earlier indicators 1"):
        composite({"x": [1.0], "y": [1.0, 2.0], "z": [1.0]}, two_dimension_spec())


def test_data_with_infinite_or_non_numeric_or_2d_values_is_rejected() -> None:
    for bad in ([1.0, np.inf], ["a", "b"], [[1.0, 2.0]]):
        with pytest.raises(DataError):
            composite({"x": bad, "y": [1.0, 2.0], "z": [1.0, 2.0]}, two_dimension_spec())


def test_zero_units_give_empty_results() -> None:
    result = composite({"x": [], "y": [], "z": []}, two_dimension_spec())
    assert result.score.shape == (0,)


# --- properties -------------------------------------------------------------------------

BOUNDED = ("goalposts", "minmax", "target", "rank")


def random_case(
    rng: np.random.Generator, normalization: str, aggregation: str
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A random 3-dimension spec over 7 indicators and 25 units with ~10% missing values."""
    units, codes = 25, [f"i{k}" for k in range(7)]
    data = {}
    for code in codes:
        values = rng.uniform(-10, 110, units)
        values[rng.uniform(size=units) < 0.1] = nan
        data[code] = values
    dimensions = []
    for g, group in enumerate([codes[:3], codes[3:5], codes[5:]]):
        entries = []
        for code in group:
            higher = bool(rng.uniform() < 0.6)
            entries.append(
                {
                    "code": code,
                    "weight": float(rng.uniform(0.5, 2)),
                    "direction": "higher" if higher else "lower",
                    "normalization": normalization,
                    "min": 0,
                    "max": 100,
                    "target": 80 if higher else 20,
                }
            )
        dimensions.append(
            {"code": f"d{g}", "weight": float(rng.uniform(0.5, 2)), "indicators": entries}
        )
    spec = {"aggregation": aggregation, "dimensions": dimensions}
    return data, spec


def combinations() -> list[tuple[str, str]]:
    pairs = [(n, a) for n in BOUNDED for a in ("arithmetic", "geometric")]
    return [*pairs, ("zscore", "arithmetic")]


@pytest.mark.parametrize(("normalization", "aggregation"), combinations())
def test_improving_an_indicator_never_lowers_that_units_score(
    normalization: str, aggregation: str
) -> None:
    rng = np.random.default_rng(42)
    for _ in range(30):
        data, spec = random_case(rng, normalization, aggregation)
        before = composite(data, spec).score
        dimension = spec["dimensions"][rng.integers(3)]
        entry = dimension["indicators"][rng.integers(len(dimension["indicators"]))]
        unit = int(rng.integers(25))
        if np.isnan(data[entry["code"]][unit]):
            continue
        step = rng.uniform(0.1, 40)
        improved = {code: values.copy() for code, values in data.items()}
        # "higher" improves by raising the value, "lower" by lowering it
        improved[entry["code"]][unit] += step if entry["direction"] == "higher" else -step
        after = composite(improved, spec).score
        assert after[unit] >= before[unit] - 1e-12


@pytest.mark.parametrize(("normalization", "aggregation"), combinations()[:-1])
def test_bounded_normalisations_give_scores_between_zero_and_one(
    normalization: str, aggregation: str
) -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        data, spec = random_case(rng, normalization, aggregation)
        result = composite(data, spec)
        arrays = [result.score, result.coverage, *result.dimensions.values()]
        arrays += list(result.indicators.values())
        for values in arrays:
            present = values[~np.isnan(values)]
            assert np.all(present >= -1e-12) and np.all(present <= 1 + 1e-12)
