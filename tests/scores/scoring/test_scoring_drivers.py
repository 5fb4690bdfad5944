"""What drives a score (scores.scoring.drivers), against hand calculations.

The world: three counties A, B, C (A and B in one province, C in another) and two dimensions,
"econ" (weight 2: income, higher is better, and unemployment, lower is better, both min-max)
and "health" (weight 1: doctors per 10,000, goalposts 0..10).

    income        100  200  300   -> min-max          0    0.5  1
    unemployment   10   20   30   -> min-max, lower   1    0.5  0
    doctors         5    2    8   -> goalposts 0..10  0.5  0.2  0.8

Arithmetic: econ = (0 + 1)/2 = 0.5 for A, (0.5 + 0.5)/2 = 0.5 for B, 0.5 for C;
score = (2 * econ + health) / 3 = 0.5 (A), 0.4 (B), 0.6 (C).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from scores.scoring import composite
from scores.scoring.drivers import contributions, group_medians, levers

DATA = {
    "income": [100.0, 200.0, 300.0],
    "unemployment": [10.0, 20.0, 30.0],
    "doctors": [5.0, 2.0, 8.0],
}
A, B, C = 0, 1, 2


def spec(aggregation: str = "arithmetic") -> dict[str, Any]:
    return {
        "aggregation": aggregation,
        "dimensions": [
            {
                "code": "econ",
                "weight": 2,
                "indicators": [
                    {"code": "income", "direction": "higher"},
                    {"code": "unemployment", "direction": "lower"},
                ],
            },
            {
                "code": "health",
                "weight": 1,
                "indicators": [
                    {
                        "code": "doctors",
                        "direction": "higher",
                        "normalization": "goalposts",
                        "min": 0,
                        "max": 10,
                    }
                ],
            },
        ],
    }


def of(result: Any, attribute: str, unit: int) -> dict[str, float]:
    return dict(zip(result.codes, getattr(result, attribute)[:, unit].tolist(), strict=True))


def test_arithmetic_contributions_are_weight_times_normalised_value_and_add_up() -> None:
    result = contributions(DATA, spec())
    # B: each indicator carries 1/3 of the score (econ 2/3 shared by two, health 1/3);
    # income 1/3 * 0.5 = 1/6, unemployment 1/3 * 0.5 = 1/6, doctors 1/3 * 0.2 = 1/15.
    assert of(result, "weights", B) == pytest.approx(
        {"income": 1 / 3, "unemployment": 1 / 3, "doctors": 1 / 3}
    )
    assert of(result, "contributions", B) == pytest.approx(
        {"income": 1 / 6, "unemployment": 1 / 6, "doctors": 1 / 15}
    )
    assert of(result, "normalized", B) == pytest.approx(
        {"income": 0.5, "unemployment": 0.5, "doctors": 0.2}
    )
    assert result.score.tolist() == pytest.approx([0.5, 0.4, 0.6])
    assert np.nansum(result.contributions, axis=0).tolist() == pytest.approx([0.5, 0.4, 0.6])


def test_a_missing_indicator_has_no_contribution_and_its_weight_goes_to_the_others() -> None:
    data = {**DATA, "unemployment": [10.0, math.nan, 30.0]}
    result = contributions(data, spec())
    # B: econ is income alone (0.5), score (2 * 0.5 + 0.2) / 3 = 0.4; income now carries 2/3.
    assert math.isnan(of(result, "contributions", B)["unemployment"])
    assert of(result, "weights", B)["income"] == pytest.approx(2 / 3)
    assert of(result, "contributions", B)["income"] == pytest.approx(1 / 3)
    assert of(result, "contributions", B)["doctors"] == pytest.approx(1 / 15)
    assert np.nansum(result.contributions[:, B]) == pytest.approx(0.4)


def test_geometric_contributions_follow_the_log_mean_split_and_add_up() -> None:
    result = contributions(DATA, spec("geometric"))
    # B: econ = sqrt(0.5 * 0.5) = 0.5, health = 0.2, G = (0.5^2 * 0.2)^(1/3) = 0.05^(1/3)
    # = 0.368403. L(G, 1) = (G - 1) / ln G = -0.631597 / -0.998577 = 0.632497.
    # econ: 2/3 * (1 + L ln 0.5) = 2/3 * (1 - 0.438414) = 0.374391;
    # health: 1/3 * (1 + L ln 0.2) = 1/3 * (1 - 1.017965) = -0.005988 (pulls the score down).
    # Within econ both indicators are equal, so each takes half: 0.187195.
    assert result.score[B] == pytest.approx(0.05 ** (1 / 3))
    assert of(result, "contributions", B) == pytest.approx(
        {"income": 0.187195, "unemployment": 0.187195, "doctors": -0.005988}, abs=1e-6
    )
    assert np.nansum(result.contributions, axis=0).tolist() == pytest.approx(result.score.tolist())


def test_geometric_contributions_add_up_with_floored_values_and_a_perfect_unit() -> None:
    data = {**DATA, "doctors": [10.0, 0.0, 10.0]}
    result = contributions(data, spec("geometric"))
    # A has income 0 (floored at 0.01); C has econ (1 * 0.01)^(1/2) and doctors 1 (ln 1 = 0).
    assert np.nansum(result.contributions, axis=0).tolist() == pytest.approx(result.score.tolist())


def test_a_lever_is_the_score_change_with_the_indicator_at_the_provincial_median() -> None:
    province = np.array([True, True, False])
    raw = np.array([DATA["income"], DATA["unemployment"], DATA["doctors"]])
    medians = group_medians(raw, province)
    # Medians of A and B: income 150, unemployment 15, doctors 3.5.
    assert medians.tolist() == [150.0, 15.0, 3.5]
    result = levers(
        DATA, spec(), B, dict(zip(["income", "unemployment", "doctors"], medians, strict=True))
    )
    # B's income (200) is above the median: no lever. Unemployment 20 -> 15: min-max over
    # 10, 15, 30 gives B (30 - 15) / 20 = 0.75, econ (0.5 + 0.75) / 2 = 0.625,
    # score (2 * 0.625 + 0.2) / 3 = 0.483333, +0.083333. Doctors 2 -> 3.5: 0.35,
    # score (2 * 0.5 + 0.35) / 3 = 0.45, +0.05.
    assert result.score == pytest.approx(0.4)
    assert math.isnan(result.changes[0]) and math.isnan(result.targets[0])
    assert result.changes[1:].tolist() == pytest.approx([1.45 / 3 - 0.4, 0.05])
    assert result.targets[1:].tolist() == [15.0, 3.5]


def test_each_lever_equals_the_recomputed_composite_difference() -> None:
    targets = {"income": 150.0, "unemployment": 15.0, "doctors": 3.5}
    for aggregation in ("arithmetic", "geometric"):
        for unit in (A, B, C):
            result = levers(DATA, spec(aggregation), unit, targets)
            before = composite(DATA, spec(aggregation)).score[unit]
            for k, code in enumerate(result.codes):
                if math.isnan(result.changes[k]):
                    continue
                changed = {**DATA, code: list(DATA[code])}
                changed[code][unit] = targets[code]
                after = composite(changed, spec(aggregation)).score[unit]
                assert result.changes[k] == pytest.approx(after - before)


def test_the_lowest_county_raised_to_the_median_of_a_min_max_indicator_can_gain_nothing() -> None:
    # A's income (100) is the minimum; at 150 it is still the minimum, so still 0 after min-max.
    result = levers(DATA, spec(), A, {"income": 150.0})
    assert result.changes[0] == pytest.approx(0.0)
    assert math.isnan(result.changes[1]) and math.isnan(result.changes[2])


def test_a_missing_value_is_no_lever() -> None:
    data = {**DATA, "doctors": [5.0, math.nan, 8.0]}
    result = levers(data, spec(), B, {"doctors": 3.5, "unemployment": 15.0})
    assert math.isnan(result.changes[2])
    assert not math.isnan(result.changes[1])
