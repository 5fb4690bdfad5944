"""A spec's method: the composite by default, or TOPSIS, Morris or Hellwig on the raw matrix."""

from __future__ import annotations

import numpy as np
import pytest

from scores.scoring import (
    SpecError,
    effective_weights,
    hellwig_taxonomy,
    index,
    morris_index,
    rank,
    topsis,
    validate_spec,
)
from scores.scoring.errors import MissingDataError


def spec(method: str | None = None, **root: object) -> dict[str, object]:
    out: dict[str, object] = {
        "dimensions": [
            {
                "code": "a",
                "weight": 2,
                "indicators": [
                    {"code": "x", "direction": "higher", "weight": 3},
                    {"code": "y", "direction": "lower"},
                ],
            },
            {"code": "b", "indicators": [{"code": "z", "direction": "higher"}]},
        ],
        **root,
    }
    if method is not None:
        out["method"] = method
    return out


DATA = {
    "x": np.array([1.0, 4.0, 2.0, 8.0, 5.0]),
    "y": np.array([3.0, 1.0, 2.0, 6.0, 4.0]),
    "z": np.array([10.0, 30.0, 20.0, 5.0, 40.0]),
}
MATRIX = np.column_stack([DATA["x"], DATA["y"], DATA["z"]])
DIRECTIONS = ["higher", "lower", "higher"]


def test_a_spec_without_a_method_is_the_composite_as_before() -> None:
    assert validate_spec(spec())["method"] == "composite"
    np.testing.assert_allclose(index(DATA, spec()).score, index(DATA, spec("composite")).score)


def test_an_unknown_method_is_refused_at_its_path() -> None:
    with pytest.raises(SpecError) as refused:
        validate_spec(spec("electre"))
    assert refused.value.path == "method"


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ({"aggregation": "geometric"}, "aggregation"),
        ({"normalization": "goalposts", "min": 0, "max": 10}, "dimensions[0].indicators[0]"),
        ({"transform": "log"}, "dimensions[0].indicators[0].transform"),
        ({"normalization": "rank"}, "dimensions[0].indicators[0].normalization"),
    ],
)
def test_a_planners_method_refuses_settings_it_would_ignore(where, path) -> None:
    bad = spec("topsis")
    if "aggregation" in where:
        bad.update(where)
    else:
        bad["dimensions"][0]["indicators"][0].update(where)  # type: ignore[index]
    with pytest.raises(SpecError) as refused:
        validate_spec(bad)
    assert refused.value.path.startswith(path)
    assert refused.value.kind == "planners_setting"
    assert refused.value.params["method"] == "topsis"
    validate_spec({**spec("composite"), **({} if "aggregation" not in where else where)})


def test_effective_weights_are_dimension_share_times_indicator_share() -> None:
    # a: 2/3 of the index, x 3/4 of a, y 1/4 of a; b: 1/3, z all of it.
    np.testing.assert_allclose(effective_weights(spec("topsis")), [0.5, 1 / 6, 1 / 3])


def test_topsis_and_morris_scores_are_the_planners_functions_with_the_spec_weights() -> None:
    w = [0.5, 1 / 6, 1 / 3]
    np.testing.assert_allclose(index(DATA, spec("topsis")).score, topsis(MATRIX, w, DIRECTIONS))
    np.testing.assert_allclose(
        index(DATA, spec("morris")).score, morris_index(MATRIX, DIRECTIONS, w)
    )


def test_hellwig_score_keeps_the_order_of_the_measure_and_lies_in_zero_one() -> None:
    w = [0.5, 1 / 6, 1 / 3]
    d = hellwig_taxonomy(MATRIX, DIRECTIONS, w)
    score = index(DATA, spec("hellwig")).score
    assert (rank(score) == rank(d)).all()
    assert (score >= 0).all() and (score <= 1).all()
    if (d >= 0).all():  # no unit beyond c0: the score is d itself
        np.testing.assert_allclose(score, d)


def test_hellwig_rescales_a_unit_beyond_c0_to_zero_instead_of_a_negative_score() -> None:
    # One far outlier among tight units lies beyond mean + 2 sd of the distances.
    values = np.array([10.0] * 9 + [11.0] * 9 + [0.0])
    d = hellwig_taxonomy(values[:, None], ["higher"])
    assert d.min() < 0
    data = {"x": values}
    one = {"method": "hellwig", "dimensions": [{"code": "a", "indicators": [data_ind()]}]}
    score = index(data, one).score
    assert score.min() == pytest.approx(0.0)
    assert (rank(score) == rank(d)).all()


def data_ind() -> dict[str, str]:
    return {"code": "x", "direction": "higher"}


def test_dimension_scores_are_the_method_on_that_dimensions_indicators() -> None:
    result = index(DATA, spec("topsis"))
    np.testing.assert_allclose(
        result.dimensions["a"], topsis(MATRIX[:, :2], [3, 1], DIRECTIONS[:2])
    )
    np.testing.assert_allclose(result.dimensions["b"], topsis(MATRIX[:, 2:], [1], ["higher"]))


@pytest.mark.parametrize("method", ["topsis", "morris", "hellwig"])
def test_a_unit_missing_an_indicator_is_left_unscored_and_others_computed_without_it(method):
    data = {code: values.copy() for code, values in DATA.items()}
    data["y"][2] = np.nan
    result = index(data, spec(method))
    assert np.isnan(result.score[2])
    complete = [0, 1, 3, 4]
    alone = index({c: v[complete] for c, v in DATA.items()}, spec(method)).score
    np.testing.assert_allclose(result.score[complete], alone)
    assert result.coverage[2] == pytest.approx(1 - 1 / 6) and result.coverage[0] == 1


def test_missing_fail_still_raises_under_a_planners_method() -> None:
    data = {code: values.copy() for code, values in DATA.items()}
    data["z"][0] = np.nan
    with pytest.raises(MissingDataError):
        index(data, spec("morris", missing="fail"))
