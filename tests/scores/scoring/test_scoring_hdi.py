"""The spec language can express UNDP's Human Development Index."""

from __future__ import annotations

import numpy as np

from scores.scoring import composite

# UNDP HDR technical notes: goalposts 20-85 years (life expectancy), 0-18 years (expected
# schooling), 0-15 years (mean schooling), $100-$75,000 2017 PPP (GNI per capita, log);
# education = arithmetic mean of the two schooling indices; HDI = geometric mean of 3 indices.
HDI_SPEC = {
    "aggregation": "geometric",
    "missing": "fail",
    "dimensions": [
        {
            "code": "health",
            "indicators": [
                {
                    "code": "le",
                    "direction": "higher",
                    "normalization": "goalposts",
                    "min": 20,
                    "max": 85,
                },
            ],
        },
        {
            "code": "education",
            "aggregation": "arithmetic",
            "indicators": [
                {
                    "code": "eys",
                    "direction": "higher",
                    "normalization": "goalposts",
                    "min": 0,
                    "max": 18,
                },
                {
                    "code": "mys",
                    "direction": "higher",
                    "normalization": "goalposts",
                    "min": 0,
                    "max": 15,
                },
            ],
        },
        {
            "code": "income",
            "indicators": [
                {
                    "code": "gni",
                    "direction": "higher",
                    "transform": "log",
                    "normalization": "goalposts",
                    "min": 100,
                    "max": 75_000,
                },
            ],
        },
    ],
}

# Published HDR components and HDI (rounded as published):
#   Norway 2021 (HDR 2021/22):      LE 83.2, EYS 18.2, MYS 13.0, GNI 64,660 -> HDI 0.961
#   Norway 2022 (HDR 2023/24):      LE 83.4, EYS 18.6, MYS 13.1, GNI 69,190 -> HDI 0.966
#   Switzerland 2022 (HDR 2023/24): LE 84.3, EYS 16.6, MYS 13.9, GNI 69,433 -> HDI 0.967
DATA: dict[str, list[float]] = {
    "le": [83.2, 83.4, 84.3],
    "eys": [18.2, 18.6, 16.6],
    "mys": [13.0, 13.1, 13.9],
    "gni": [64_660, 69_190, 69_433],
}
PUBLISHED_HDI = [0.961, 0.966, 0.967]


def test_hdi_reproduces_published_values_to_three_decimals() -> None:
    result = composite(DATA, HDI_SPEC)
    np.testing.assert_array_equal(np.round(result.score, 3), PUBLISHED_HDI)


def test_hdi_dimension_indices_for_norway_2021_match_hand_arithmetic() -> None:
    result = composite(DATA, HDI_SPEC)
    # health (83.2 - 20) / 65 = 0.97231; education (1 + 13/15) / 2 = 0.93333 with EYS 18.2
    # capped at 18; income ln(64660/100) / ln(750) = 0.97759; HDI = cube root of the product
    assert round(result.dimensions["health"][0], 5) == 0.97231
    assert round(result.dimensions["education"][0], 5) == 0.93333
    assert round(result.dimensions["income"][0], 5) == 0.97759
    assert round(result.score[0], 5) == 0.96087
    assert result.indicators["eys"][0] == 1.0
