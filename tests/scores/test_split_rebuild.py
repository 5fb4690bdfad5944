"""A rebuild split by province across workers (a Celery chord) stores exactly what the
single-process rebuild stores, and keeps the score run's states."""

from __future__ import annotations

from typing import Any
from unittest import mock

import numpy as np
import pytest

from counties.models import Area, County, Indicator, Observation
from governance.periods import parse_period
from scores import services as scores
from scores import split_rebuild
from scores.choices import ScoreRunStatus
from scores.models import CoverageShortfall, Score, ScoreDecomposition, ScorePeriod, ScoreRun
from tests import personas
from tests.observations import GOOD, POOR, SPEC_CODES, scoring_world

PERIODS = ("1400", "1401", "1402")


def _value(code: str, rng: np.random.Generator) -> float:
    low, high = sorted((POOR[code], GOOD[code]))
    return round(float(rng.uniform(low, high)), 3)


def _observation(indicator: Indicator, county: County, period: str, value: float, **extra: Any):
    parsed = parse_period(period)
    return Observation(
        indicator=indicator,
        county=county,
        period=parsed.key,
        period_kind=parsed.kind,
        period_start=parsed.gregorian_start(),
        value=value,
        **extra,
    )


def many_provinces(world) -> None:
    """Five provinces (the world's two and three more) of two to four counties, three years of
    the default methodology's indicators with holes (shortfalls), monthly values, areas with
    populations and a synthetic value."""
    scoring_world(world, periods=())
    rng = np.random.default_rng(14)
    counties = [world.county_a, world.county_a2, world.county_b]
    for p in range(3):
        province = personas.make_province(f"PX{p}")
        counties += [personas.make_county(province, f"CX{p}{c}") for c in range(2 + p)]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[*SPEC_CODES, "population"])}
    rows = []
    for k, county in enumerate(counties):
        areas = [
            Area.objects.create(
                county=county, name_fa=f"ناحیه {k}-{a}", kind="city", population=1000 + 700 * a
            )
            for a in range(k % 3)
        ]
        for period in PERIODS:
            for j, code in enumerate(SPEC_CODES):
                if (k + j) % 7 == 0 and period != "1400":  # holes: still ranked (9 of 10)
                    continue
                if k % 4 == 1 and j < 4 and period == "1401":  # too many holes: shortfalls
                    continue
                if code == "unemployment_rate" and period == "1402":
                    for month in ("01", "02", "03"):
                        value = _value(code, rng)
                        rows.append(
                            _observation(indicators[code], county, f"{period}-{month}", value)
                        )
                    continue
                synthetic = k == 4 and j == 0
                rows.append(
                    _observation(
                        indicators[code], county, period, _value(code, rng), is_synthetic=synthetic
                    )
                )
                for area in areas:
                    rows.append(
                        _observation(indicators[code], county, period, _value(code, rng), area=area)
                    )
            population = float(rng.integers(50_000, 900_000))
            rows.append(_observation(indicators["population"], county, period, population))
    Observation.objects.bulk_create(rows)


def _stored(run: ScoreRun) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a run stored, without its own ids, in a fixed order."""
    return {
        "scores": sorted(
            Score.objects.filter(run=run).values_list(
                "county_id",
                "period",
                "composite",
                "dimensions",
                "coverage",
                "national_rank",
                "provincial_rank",
                "tier",
                "balance",
                "area_count",
                "area_scores",
                "is_synthetic",
            ),
            key=lambda row: (row[1], row[0]),
        ),
        "decompositions": list(
            ScoreDecomposition.objects.filter(run=run)
            .order_by("period")
            .values_list("period", "county_count", "mean_score", "total", "between", "within")
        ),
        "shortfalls": list(
            CoverageShortfall.objects.filter(run=run)
            .order_by("period", "county_id")
            .values_list("county_id", "period", "coverage", "missing")
        ),
        "periods": list(
            ScorePeriod.objects.filter(run=run)
            .order_by("period")
            .values_list("period", "county_count", "with_data_count", "ranked_count", "is_complete")
        ),
    }


@pytest.fixture
def split(settings):
    """Rebuilds split across workers whatever the country's size, in three parts."""
    settings.REBUILD_SPLIT_MIN_COUNTIES = 1
    settings.REBUILD_SPLIT_PARTS = 3


def _queue_and_run(publish: bool = True) -> ScoreRun:
    """Queue a run and send its task, which runs eagerly (tests) and so does its chord."""
    from scores.tasks import rebuild_scores

    run = scores.queue_score_rebuild(publish=publish, enqueue=False)
    rebuild_scores.delay(run.pk)
    return ScoreRun.objects.get(pk=run.pk)


def test_the_rebuild_split_by_province_stores_exactly_what_the_single_process_rebuild_stores(
    world, split
):
    many_provinces(world)
    single = scores.rebuild_scores_now(publish=True)
    assert len(split_rebuild.province_batches(3)) == 3

    chord = _queue_and_run()

    assert chord.status == ScoreRunStatus.PUBLISHED, chord.error
    assert chord.timings["parts"] == 3
    expected, got = _stored(single), _stored(chord)
    assert len(expected["scores"]) > 25 and expected["shortfalls"], "the world is not varied"
    assert any(row[8] is not None for row in expected["scores"]), "no county has a balance"
    assert got == expected
    assert chord.periods == single.periods and chord.score_count == single.score_count


def test_a_split_run_ends_as_a_draft_unless_asked_to_publish(world, split):
    many_provinces(world)
    run = _queue_and_run(publish=False)
    assert run.status == ScoreRunStatus.DRAFT, run.error
    assert ScoreRun.objects.latest_published() is None


def test_small_countries_and_workers_without_a_result_backend_keep_the_single_process_rebuild(
    world, settings
):
    from governance.celery import app

    settings.REBUILD_SPLIT_MIN_COUNTIES = 4
    assert not split_rebuild.should_split()  # three counties
    settings.REBUILD_SPLIT_MIN_COUNTIES = 3
    assert split_rebuild.should_split()
    settings.REBUILD_SPLIT_MIN_COUNTIES = 0
    assert not split_rebuild.should_split()
    settings.REBUILD_SPLIT_MIN_COUNTIES = 1
    settings.CELERY_RESULT_BACKEND = None
    app.conf.task_always_eager = False  # a worker (set back by the _celery_in_process fixture)
    assert not split_rebuild.should_split()  # a chord needs a result backend
    settings.CELERY_RESULT_BACKEND = "redis://127.0.0.1:6379/5"
    assert split_rebuild.should_split()


def test_province_batches_cover_every_province_once_and_balance_their_counties(world):
    many_provinces(world)  # provinces of 2, 1, 2, 3 and 4 counties
    batches = split_rebuild.province_batches(2)
    provinces = sorted(set(County.objects.values_list("province_id", flat=True)))
    assert sorted(p for batch in batches for p in batch) == provinces
    sizes = [County.objects.filter(province_id__in=batch).count() for batch in batches]
    assert sorted(sizes) == [6, 6]
    assert len(split_rebuild.province_batches(50)) == len(provinces)


def test_packed_columns_come_back_unchanged_through_json(world):
    import json

    many_provinces(world)
    indicators = scores.fetch_indicator_codes(SPEC_CODES)
    columns = scores.fetch_observation_columns(list(indicators))
    back = split_rebuild.unpack_columns(json.loads(json.dumps(split_rebuild.pack_columns(columns))))
    for name in ("indicator", "county", "area", "value", "synthetic"):
        assert np.array_equal(getattr(back, name), getattr(columns, name)), name
        assert getattr(back, name).dtype == getattr(columns, name).dtype, name
    assert back.period == columns.period


def test_a_part_that_fails_fails_the_run_and_leaves_the_published_run_shown(world, split):
    many_provinces(world)
    published = scores.rebuild_scores_now(publish=True)
    with mock.patch(
        "scores.services.fetch_observation_columns", side_effect=ValueError("disk on fire")
    ):
        run = _queue_and_run()
    # In-process the part's error reaches the chord's sender; with workers, the chord's error
    # callback fails the run (below).
    assert run.status == ScoreRunStatus.FAILED and "disk on fire" in run.error
    assert not Score.objects.filter(run=run).exists()
    assert ScoreRun.objects.latest_published() == published


def test_the_chords_error_callback_fails_a_running_run_and_no_other(world, split):
    from scores.tasks import fail_split_rebuild

    many_provinces(world)
    published = scores.rebuild_scores_now(publish=True)
    assert fail_split_rebuild.delay(published.pk).get() == ScoreRunStatus.PUBLISHED
    run = scores.queue_score_rebuild(enqueue=False)
    assert scores.start_run(run.pk)
    assert fail_split_rebuild.delay(run.pk).get() == ScoreRunStatus.FAILED
    run.refresh_from_db()
    assert "part of the rebuild" in run.error
    assert ScoreRun.objects.latest_published() == published


def test_a_split_run_given_up_on_while_its_parts_read_leaves_no_scores(world, split):
    many_provinces(world)
    real = scores.fetch_observation_columns

    def abandoned_meanwhile(*args: Any, **kwargs: Any) -> scores.ObservationColumns:
        ScoreRun.objects.filter(status=ScoreRunStatus.RUNNING).update(
            status=ScoreRunStatus.FAILED, error="Abandoned"
        )
        return real(*args, **kwargs)

    with mock.patch("scores.services.fetch_observation_columns", abandoned_meanwhile):
        _queue_and_run()  # the next part finds the run given up on, and stops
    run = ScoreRun.objects.get()
    assert run.status == ScoreRunStatus.FAILED and run.error == "Abandoned"
    assert not Score.objects.exists()


def test_a_split_run_whose_callback_finds_it_given_up_on_stores_nothing(world, split):
    many_provinces(world)
    real = split_rebuild.unpack_columns

    def abandoned_meanwhile(packed: dict[str, Any]) -> scores.ObservationColumns:
        ScoreRun.objects.filter(status=ScoreRunStatus.RUNNING).update(
            status=ScoreRunStatus.FAILED, error="Abandoned"
        )
        return real(packed)

    with mock.patch("scores.split_rebuild.unpack_columns", abandoned_meanwhile):
        run = _queue_and_run()
    assert run.status == ScoreRunStatus.FAILED and run.error == "Abandoned"
    assert not Score.objects.exists()


def test_a_split_run_not_queued_any_more_is_left_alone(world, split):
    many_provinces(world)
    run = scores.rebuild_scores_now()
    assert split_rebuild.start_split_rebuild(run.pk).status == ScoreRunStatus.DRAFT
    assert Score.objects.filter(run=run).count() == run.score_count
