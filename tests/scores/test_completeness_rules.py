"""The completeness arithmetic: who is ranked, when a period is complete, and what scores use."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from scores import scoring
from scores.completeness import run_periods
from scores.models import CoverageShortfall, Score, ScorePeriod
from scores.scoring import period_completeness, ranked_mask
from scores.services import Completeness, ScoreRows, compute_scores, rebuild_scores_now
from tests.observations import SPEC_CODES, mix, observe, scoring_world

NAN = float("nan")
CODES = [f"i{k}" for k in range(5)]
# One dimension of five equally weighted indicators: coverage moves in steps of 0.2.
SPEC = {
    "aggregation": "arithmetic",
    "dimensions": [
        {
            "code": "d",
            "weight": 1,
            "indicators": [
                {"code": code, "direction": "higher", "normalization": "minmax"} for code in CODES
            ],
        }
    ],
}


# --- ranked_mask ---------------------------------------------------------------------------


def test_coverage_exactly_at_the_minimum_is_ranked_and_just_below_is_not():
    ranked = ranked_mask([0.8, 0.799, 1.0, 0.0], 0.8)
    assert ranked.tolist() == [True, False, True, False]


def test_coverage_that_float_arithmetic_puts_a_hair_under_the_minimum_is_still_ranked():
    assert 0.1 + 0.7 < 0.8  # 0.7999999999999999
    assert ranked_mask([0.1 + 0.7, 4 / 5], 0.8).tolist() == [True, True]


def test_nan_coverage_is_never_ranked():
    assert ranked_mask([NAN, 1.0], 0.01).tolist() == [False, True]


@pytest.mark.parametrize("minimum", [0, -0.1, 1.01, float("nan")])
def test_a_minimum_coverage_outside_zero_to_one_is_refused(minimum):
    with pytest.raises(ValueError):
        ranked_mask([0.5], minimum)


# --- period_completeness -------------------------------------------------------------------


def test_a_minimum_share_exactly_met_makes_the_period_complete():
    assert period_completeness(9, 10, 0.9).is_complete
    assert not period_completeness(8, 10, 0.9).is_complete


def test_a_share_that_rounds_badly_in_floating_point_is_still_met_exactly():
    assert 0.55 * 100 > 55  # 55.00000000000001: a naive ceil would ask for 56 counties
    assert period_completeness(55, 100, 0.55).is_complete
    assert not period_completeness(54, 100, 0.55).is_complete


def test_iranian_counts_at_the_default_share():
    # 0.85 x 478 = 406.3: 407 ranked counties are needed; 429 (all but the post-census
    # counties) are plenty.
    assert not period_completeness(406, 478, 0.85).is_complete
    assert period_completeness(407, 478, 0.85).is_complete
    assert period_completeness(429, 478, 0.85).share == pytest.approx(0.8975, abs=1e-4)


def test_no_county_ranked_is_never_complete_and_no_county_at_all_neither():
    assert not period_completeness(0, 478, 0.01).is_complete
    assert not period_completeness(0, 0, 0.5).is_complete
    assert period_completeness(0, 0, 0.5).share == 0.0


def test_one_county_in_the_country_ranked_is_complete():
    assert period_completeness(1, 1, 1.0).is_complete


@pytest.mark.parametrize(("ranked", "counties"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_refused(ranked, counties):
    with pytest.raises(ValueError):
        period_completeness(ranked, counties, 0.5)


# --- compute_scores on hand-made rows ------------------------------------------------------


def _rows(values: dict[int, list[float]], period: str = "1402") -> ScoreRows:
    """County id -> its five indicator values (NaN: no observation); counties 1 and 2 are in
    province 10, the others in province 20; every county listed is in the country."""
    county_ids = sorted(values)
    obs = [
        (k + 1, county, value)
        for county in county_ids
        for k, value in enumerate(values[county])
        if not np.isnan(value)
    ]
    columns = list(zip(*obs, strict=True)) if obs else [(), (), ()]
    return ScoreRows(
        codes=CODES,
        county_ids=np.array(county_ids, dtype=np.int64),
        county_province=np.array([10 if c <= 2 else 20 for c in county_ids], dtype=np.int64),
        area_ids=np.array([], dtype=np.int64),
        area_county=np.array([], dtype=np.int64),
        area_population=np.array([], dtype=np.float64),
        indicator_code={k + 1: code for k, code in enumerate(CODES)},
        obs_indicator=np.array(columns[0], dtype=np.int64),
        obs_county=np.array(columns[1], dtype=np.int64),
        obs_area=np.zeros(len(obs), dtype=np.int64),
        obs_period=[period] * len(obs),
        obs_value=np.array(columns[2], dtype=np.float64),
        obs_synthetic=np.zeros(len(obs), dtype=bool),
    )


# County 3 is far above everyone on i0 but lacks two indicators: if it took part in the
# normalisation, it would squash everyone else's i0 scores towards 0.
COUNTRY = {
    1: [10, 8, 6, 4, 2],  # coverage 1.0
    2: [5, 5, 5, 5, NAN],  # 0.8: exactly at the minimum
    3: [1000, 1, 1, NAN, NAN],  # 0.6: below
    4: [1, 2, 3, 4, 5],  # 1.0
    5: [NAN] * 5,  # no data at all
}
RULES = Completeness(min_coverage=0.8, min_ranked_share=0.6)


def test_counties_below_the_minimum_get_no_score_rank_or_tier():
    out = compute_scores(_rows(COUNTRY), SPEC, RULES)
    assert sorted(s.county_id for s in out.scores) == [1, 2, 4]
    assert [(f.county_id, f.coverage, f.missing) for f in out.shortfalls] == [
        (3, 0.6, ["i3", "i4"])
    ]


def test_ranks_and_tiers_run_over_the_ranked_counties_only():
    out = compute_scores(_rows(COUNTRY), SPEC, RULES)
    assert sorted(s.national_rank for s in out.scores) == [1, 2, 3]
    by_county = {s.county_id: s for s in out.scores}
    assert by_county[1].provincial_rank in (1, 2) and by_county[2].provincial_rank in (1, 2)
    assert by_county[4].provincial_rank == 1  # alone among ranked counties of province 20
    ordered = sorted(out.scores, key=lambda s: s.composite)
    expected_tiers = scoring.quantile_tiers(np.array([s.composite for s in ordered]))
    assert [s.tier for s in ordered] == expected_tiers.tolist()


def test_normalisation_is_computed_among_ranked_counties_only():
    out = compute_scores(_rows(COUNTRY), SPEC, RULES)
    ranked = [1, 2, 4]
    data = {code: np.array([COUNTRY[c][k] for c in ranked]) for k, code in enumerate(CODES)}
    expected = scoring.composite(data, SPEC)
    by_county = {s.county_id: s for s in out.scores}
    for position, county in enumerate(ranked):
        assert by_county[county].composite == round(100 * float(expected.score[position]), 2)
        assert by_county[county].coverage == round(float(expected.coverage[position]), 3)
    # With county 3 in the minmax range, county 1's i0 (10 of 1..1000) would score ~1 %.
    with_all = scoring.composite(
        {code: np.array([COUNTRY[c][k] for c in (1, 2, 3, 4)]) for k, code in enumerate(CODES)},
        SPEC,
    )
    assert by_county[1].composite != round(100 * float(with_all.score[0]), 2)


def test_the_period_summary_counts_every_county_of_the_country():
    out = compute_scores(_rows(COUNTRY), SPEC, RULES)
    [summary] = out.period_summaries
    assert (summary.period, summary.counties, summary.with_data, summary.ranked) == (
        "1402",
        5,
        4,
        3,
    )
    assert summary.mean_coverage == pytest.approx((1 + 0.8 + 0.6 + 1) / 4, abs=1e-3)
    assert summary.is_complete  # 3 of 5 = 0.6, exactly the minimum share
    stricter = compute_scores(_rows(COUNTRY), SPEC, Completeness(0.8, 0.61))
    assert not stricter.period_summaries[0].is_complete


def test_no_county_complete_gives_no_scores_and_a_provisional_period():
    partial = {c: [1.0 * c, 2.0, 3.0, NAN, NAN] for c in (1, 2, 3)}
    out = compute_scores(_rows(partial), SPEC, RULES)
    assert out.scores == [] and out.decompositions == []
    assert sorted(f.county_id for f in out.shortfalls) == [1, 2, 3]
    [summary] = out.period_summaries
    assert (summary.ranked, summary.with_data, summary.is_complete) == (0, 3, False)
    assert out.periods == ["1402"]


def test_one_county_in_the_country_is_ranked_first_in_a_complete_period():
    out = compute_scores(_rows({7: [1, 2, 3, 4, 5]}), SPEC, Completeness(0.8, 1.0))
    [score] = out.scores
    assert (score.national_rank, score.provincial_rank) == (1, 1)
    assert 1 <= score.tier <= 5
    assert out.period_summaries[0].is_complete and out.period_summaries[0].ranked == 1


def test_a_lower_minimum_coverage_ranks_more_counties():
    out = compute_scores(_rows(COUNTRY), SPEC, Completeness(0.6, 0.6))
    assert sorted(s.county_id for s in out.scores) == [1, 2, 3, 4]
    assert out.shortfalls == []


# --- the same rules through the database ---------------------------------------------------


def test_a_rebuild_stores_each_periods_completeness_and_each_shortfall(world):
    scoring_world(world)  # 1402: the three counties with every indicator
    for code, value in mix(0.7).items():
        observe(world.county_a, code, "1403", value)
    observe(world.county_b, "unemployment_rate", "1403", 12)
    run = rebuild_scores_now(publish=True)

    periods = {p.period: p for p in ScorePeriod.objects.filter(run=run)}
    assert set(periods) == {"1402", "1403"}
    full, partial = periods["1402"], periods["1403"]
    assert (full.county_count, full.with_data_count, full.ranked_count) == (3, 3, 3)
    assert full.is_complete and full.mean_coverage == Decimal("1.000")
    assert (partial.county_count, partial.with_data_count, partial.ranked_count) == (3, 2, 1)
    assert not partial.is_complete
    assert partial.min_coverage == Decimal("0.800")
    assert partial.min_ranked_share == Decimal("0.850")

    [shortfall] = CoverageShortfall.objects.filter(run=run)
    assert (shortfall.county, shortfall.period) == (world.county_b, "1403")
    assert shortfall.coverage < Decimal("0.8")
    assert set(shortfall.missing) == set(SPEC_CODES) - {"unemployment_rate"}
    assert not Score.objects.filter(run=run, county=world.county_b, period="1403").exists()

    statuses = run_periods(run)
    assert statuses.default == "1402" and statuses.provisional == ["1403"]
    assert run.methodology_snapshot["completeness"] == {
        "min_coverage": 0.8,
        "min_ranked_share": 0.85,
    }
