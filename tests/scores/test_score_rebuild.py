"""Score runs: computed from the methodology and the data, coalesced, one at a time, published."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import numpy as np
import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from counties.models import Area
from scores import scoring
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import Methodology, Score, ScoreDecomposition, ScoreRun
from scores.tasks import REBUILD_MAX_RETRIES, nightly_score_rebuild, rebuild_scores
from tests.observations import GOOD, POOR, SPEC_CODES, mix, observe, observe_profile, scoring_world

pytestmark = pytest.mark.django_db


def _published(world) -> ScoreRun:
    scoring_world(world)
    run = scores.rebuild_scores_now(publish=True)
    assert run.status == ScoreRunStatus.PUBLISHED, run.error
    return run


def test_rebuild_stores_the_engines_scores_ranks_and_tiers_for_every_county(world):
    run = _published(world)
    spec = Methodology.objects.get(is_current=True).spec
    qualities = {"CA": 0.8, "CA2": 0.3, "CB": 0.5}
    data = {c: np.array([mix(q)[c] for q in qualities.values()]) for c in SPEC_CODES}
    expected = scoring.composite(data, spec)
    stored = {s.county.code: s for s in Score.objects.filter(run=run).select_related("county")}
    assert set(stored) == {"CA", "CA2", "CB"}
    for i, code in enumerate(qualities):
        assert stored[code].composite == Decimal(f"{100 * expected.score[i]:.2f}")
        for dimension, values in expected.dimensions.items():
            assert stored[code].dimensions[dimension] == round(100 * values[i], 2)
    assert [stored[c].national_rank for c in ("CA", "CB", "CA2")] == [1, 2, 3]
    # County A and A2 share province A; B is alone in province B.
    assert (stored["CA"].provincial_rank, stored["CA2"].provincial_rank) == (1, 2)
    assert stored["CB"].provincial_rank == 1
    assert [stored[c].tier for c in ("CA2", "CB", "CA")] == [1, 2, 4]
    assert stored["CA"].coverage == Decimal("1.000")
    assert run.periods == ["1402"] and run.score_count == 3
    assert run.methodology_snapshot["spec"] == spec and run.data_version


def test_within_county_balance_is_the_population_weighted_theil_t_of_its_areas(world):
    scoring_world(world)
    city = Area.objects.create(county=world.county_a, name_fa="شهر", kind="city", population=9000)
    slum = Area.objects.create(
        county=world.county_a, name_fa="حاشیه", kind="informal_settlement", population=1000
    )
    observe_profile(world.county_a, "1402", GOOD, area=city)
    observe_profile(world.county_a, "1402", POOR, area=slum)
    run = scores.rebuild_scores_now(publish=True)

    spec = Methodology.objects.get(is_current=True).spec
    areas = scoring.composite({c: np.array([GOOD[c], POOR[c]]) for c in SPEC_CODES}, spec)
    score = Score.objects.get(run=run, county=world.county_a)
    expected = scoring.theil_t(areas.score, weights=[9000, 1000])
    assert float(score.balance) == pytest.approx(expected, abs=1e-5)
    assert score.area_count == 2
    assert score.area_scores == {
        str(city.pk): round(100 * areas.score[0], 2),
        str(slum.pk): round(100 * areas.score[1], 2),
    }
    # A county without area data has no balance figure.
    assert Score.objects.get(run=run, county=world.county_b).balance is None


def test_national_decomposition_splits_theil_t_between_and_within_provinces(world):
    run = _published(world)
    rows = list(Score.objects.filter(run=run).order_by("county__code"))
    values = np.array([float(s.composite) / 100 for s in rows])
    decomposition = ScoreDecomposition.objects.get(run=run, period="1402")
    # Recompute from unrounded engine values is not possible here; rounding to 2 decimals of
    # 0-100 moves Theil by far less than 1e-4.
    total, between, within = scoring.theil_decomposition(
        values,
        [s.county.province_id for s in rows],
        weights=[{"CA": 500_000, "CA2": 100_000, "CB": 250_000}[s.county.code] for s in rows],
    )
    assert float(decomposition.total) == pytest.approx(total, abs=1e-4)
    assert float(decomposition.between) == pytest.approx(between, abs=1e-4)
    assert float(decomposition.within) == pytest.approx(within, abs=1e-4)
    assert decomposition.total == decomposition.between + decomposition.within or abs(
        decomposition.total - decomposition.between - decomposition.within
    ) <= Decimal("0.000002")
    assert decomposition.county_count == 3


def test_monthly_values_count_as_the_mean_of_their_year_when_the_year_has_none(world):
    scoring_world(world)
    # County B's 1403 has every indicator (so it reaches the minimum coverage and is ranked)
    # but unemployment, which comes as three monthly values only.
    profile = {**mix(0.5), "waste_recycling": 20}
    for code, value in profile.items():
        if code != "unemployment_rate":
            observe(world.county_b, code, "1403", value)
    for month, value in ((1, 10.0), (2, 20.0), (3, 30.0)):
        observe(world.county_b, "unemployment_rate", f"1403-{month:02d}", value)
    run = scores.rebuild_scores_now(publish=True)
    assert run.periods == ["1402", "1403"]
    score = Score.objects.get(run=run, county=world.county_b, period="1403")
    spec = Methodology.objects.get(is_current=True).spec
    data = {c: np.array([profile[c]]) for c in SPEC_CODES}
    data["unemployment_rate"] = np.array([20.0])
    assert score.composite == Decimal(f"{100 * scoring.composite(data, spec).score[0]:.2f}")
    assert Score.objects.filter(run=run, period="1403").count() == 1


def test_scores_computed_from_any_synthetic_value_are_flagged_synthetic(world):
    scoring_world(world)
    # Both counties have all ten indicators in 1401; only B's new-jobs figure is synthetic.
    for county in (world.county_a, world.county_b):
        for code, value in mix(0.5).items():
            if code != "new_jobs":
                observe(county, code, "1401", value)
    observe(world.county_b, "new_jobs", "1401", 5, synthetic=True)
    observe(world.county_a, "new_jobs", "1401", 5)
    run = scores.rebuild_scores_now(publish=True)
    flags = dict(
        Score.objects.filter(run=run, period="1401").values_list("county__code", "is_synthetic")
    )
    assert flags == {"CA": False, "CB": True}


def test_a_burst_of_requests_gives_one_queued_run_and_one_task(
    world, django_capture_on_commit_callbacks
):
    scoring_world(world)
    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        runs = {scores.queue_score_rebuild().pk for _ in range(5)}
    assert len(runs) == 1
    delay.assert_called_once_with(runs.pop())
    assert ScoreRun.objects.count() == 1


def test_joining_a_run_that_already_started_queues_another_so_no_change_is_missed(
    world, django_capture_on_commit_callbacks
):
    scoring_world(world)
    with mock.patch("scores.tasks.rebuild_scores.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            first = scores.queue_score_rebuild()
        with django_capture_on_commit_callbacks(execute=True):
            joined = scores.queue_score_rebuild()
            assert joined == first
            # The worker takes the run before our transaction commits.
            ScoreRun.objects.filter(pk=first.pk).update(
                status=ScoreRunStatus.RUNNING, started_at=timezone.now()
            )
    second = ScoreRun.objects.get(status=ScoreRunStatus.QUEUED)
    assert second.pk != first.pk
    assert [c.args for c in delay.call_args_list] == [(first.pk,), (second.pk,)]


def test_queued_task_runs_on_commit_and_ends_as_a_draft_that_publishing_publishes(
    world, django_capture_on_commit_callbacks
):
    scoring_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        run = scores.queue_score_rebuild()
        assert run.status == ScoreRunStatus.QUEUED
    run.refresh_from_db()
    assert run.status == ScoreRunStatus.DRAFT
    assert run.started_at <= run.finished_at and run.duration is not None
    assert ScoreRun.objects.latest_published() is None
    assert ScoreRun.objects.latest_draft() == run
    with django_capture_on_commit_callbacks(execute=True):
        scores.publish_score_run(run.pk, user=world.ministry)
    run.refresh_from_db()
    assert run.status == ScoreRunStatus.PUBLISHED and run.reviewed_by == world.ministry
    assert ScoreRun.objects.latest_published() == run


def test_a_run_that_is_no_longer_queued_is_not_computed_again(world):
    run = _published(world)
    published_at = run.published_at
    again = scores.run_score_rebuild(run.pk)
    assert again.published_at == published_at
    assert Score.objects.filter(run=run).count() == 3


def test_only_one_run_computes_at_a_time_and_the_task_retries_a_bounded_number_of_times(world):
    scoring_world(world)
    running = ScoreRun.objects.create(status=ScoreRunStatus.RUNNING, started_at=timezone.now())
    waiting = scores.queue_score_rebuild(enqueue=False)
    with pytest.raises(scores.ScoreRunBusy):
        scores.run_score_rebuild(waiting.pk)
    with pytest.raises(Retry):
        rebuild_scores.delay(waiting.pk)
    assert rebuild_scores.max_retries == REBUILD_MAX_RETRIES
    with pytest.raises(scores.ScoreRunBusy):  # the last retry gives up
        rebuild_scores.apply(args=[waiting.pk], retries=REBUILD_MAX_RETRIES)
    waiting.refresh_from_db()
    assert waiting.status == ScoreRunStatus.QUEUED
    running.refresh_from_db()
    assert running.status == ScoreRunStatus.RUNNING


def test_a_run_interrupted_for_half_an_hour_is_failed_and_the_next_one_proceeds(world):
    scoring_world(world)
    stale = ScoreRun.objects.create(
        status=ScoreRunStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    run = scores.rebuild_scores_now(publish=True)
    stale.refresh_from_db()
    assert stale.status == ScoreRunStatus.FAILED and "no heartbeat" in stale.error
    assert run.status == ScoreRunStatus.PUBLISHED


def test_a_failed_run_keeps_the_previous_run_published_and_records_its_error(world):
    good = _published(world)
    # A spec broken behind the validation's back (e.g. edited in the database).
    Methodology.objects.filter(is_current=True).update(spec={"dimensions": []})
    failed = scores.rebuild_scores_now(publish=True)
    assert failed.status == ScoreRunStatus.FAILED
    assert "dimensions" in failed.error and failed.finished_at is not None
    assert not Score.objects.filter(run=failed).exists()
    assert ScoreRun.objects.latest_published() == good


def test_only_the_scores_of_the_three_latest_published_runs_are_kept(world):
    runs = [_published(world)]
    for _ in range(3):
        Methodology.objects.filter(is_current=True).update(version=runs[-1].pk + 1)
        runs.append(scores.rebuild_scores_now(publish=True))
    assert not Score.objects.filter(run=runs[0]).exists()
    assert all(Score.objects.filter(run=r).count() == 3 for r in runs[1:])


def test_scores_are_stale_until_rebuilt_and_again_after_a_data_change(world):
    scoring_world(world)
    assert scores.scores_are_stale()
    scores.rebuild_scores_now(publish=True)
    assert not scores.scores_are_stale()
    observe(world.county_b, "new_jobs", "1400", 3)
    assert scores.scores_are_stale()


def test_without_a_current_methodology_the_run_fails_with_a_clear_error(world):
    scoring_world(world)
    Methodology.objects.update(is_current=False)
    run = scores.rebuild_scores_now(publish=True)
    assert run.status == ScoreRunStatus.FAILED and "methodology" in run.error


def test_rebuild_scores_command_queues_or_computes_in_process(world, capsys):
    scoring_world(world)
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        call_command("rebuild_scores", language="en")
    assert ScoreRun.objects.get().status == ScoreRunStatus.QUEUED
    capsys.readouterr()
    with translation.override("en"):
        call_command("rebuild_scores", sync=True, language="en")
    run = ScoreRun.objects.get()
    assert run.status == ScoreRunStatus.DRAFT
    out = capsys.readouterr().out
    assert f"Score run {run.pk} computed: a draft awaiting review" in out and "--publish" in out
    assert ScoreRun.objects.latest_published() is None


def test_rebuild_scores_sync_publish_publishes_in_one_step(world, capsys):
    scoring_world(world)
    call_command("rebuild_scores", sync=True, publish=True, language="en")
    run = ScoreRun.objects.get()
    assert run.status == ScoreRunStatus.PUBLISHED and run.published_at is not None
    assert ScoreRun.objects.latest_published() == run
    assert f"Score run {run.pk} published" in capsys.readouterr().out
    # The completeness rules still apply: the three counties are complete and ranked.
    assert Score.objects.filter(run=run).count() == 3


def test_nightly_rebuild_is_scheduled_in_settings_and_queues_a_run(world):
    scoring_world(world)
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-score-rebuild"]
    assert entry["task"] == "scores.tasks.nightly_score_rebuild"
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        run_id = nightly_score_rebuild()
    assert ScoreRun.objects.get(pk=run_id).trigger == "nightly"


def test_nightly_task_re_enqueues_a_queued_run_whose_task_gave_up(world):
    scoring_world(world)
    stuck = ScoreRun.objects.create(queued_at=timezone.now() - datetime.timedelta(hours=3))
    with mock.patch("scores.tasks.rebuild_scores.delay") as delay:
        assert nightly_score_rebuild() == stuck.pk
    delay.assert_called_with(stuck.pk)


def test_a_database_outage_puts_the_run_back_in_the_queue_for_the_task_to_retry(world):
    from django.db import OperationalError

    scoring_world(world)
    run = scores.queue_score_rebuild(enqueue=False)
    with (
        mock.patch("scores.services.fetch_score_rows", side_effect=OperationalError("locked")),
        pytest.raises(Retry),
    ):
        rebuild_scores.delay(run.pk)
    run.refresh_from_db()
    assert run.status == ScoreRunStatus.QUEUED and run.started_at is None
    retried = scores.run_score_rebuild(run.pk)
    assert retried.status == ScoreRunStatus.DRAFT and retried.score_count == 3
    assert scores.publish_score_run(run.pk).status == ScoreRunStatus.PUBLISHED
