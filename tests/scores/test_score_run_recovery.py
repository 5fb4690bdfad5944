"""A score run whose worker died is found by its old heartbeat, failed, and retried; refusals are
clear messages, never tracebacks."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from scores import services as scores
from scores.choices import RunTrigger, ScoreRunStatus
from scores.models import Score, ScoreRun
from scores.tasks import recover_score_runs
from tests.conftest import client_for
from tests.observations import scoring_world

pytestmark = pytest.mark.django_db


def _running(*, started: datetime.timedelta, heartbeat: datetime.timedelta | None) -> ScoreRun:
    now = timezone.now()
    return ScoreRun.objects.create(
        status=ScoreRunStatus.RUNNING,
        trigger=RunTrigger.IMPORT,
        started_at=now - started,
        heartbeat_at=None if heartbeat is None else now - heartbeat,
    )


def test_a_run_whose_worker_stopped_beating_two_minutes_ago_is_failed_and_the_next_run_goes(
    world,
):
    scoring_world(world)
    dead = _running(started=datetime.timedelta(minutes=3), heartbeat=datetime.timedelta(minutes=2))
    run = scores.rebuild_scores_now(publish=True)
    dead.refresh_from_db()
    assert dead.status == ScoreRunStatus.FAILED
    assert "heartbeat" in dead.error and dead.finished_at is not None
    assert run.status == ScoreRunStatus.PUBLISHED


def test_a_long_run_that_still_beats_is_not_taken_for_dead(world):
    scoring_world(world)
    alive = _running(started=datetime.timedelta(hours=1), heartbeat=datetime.timedelta(seconds=5))
    with pytest.raises(scores.ScoreRunBusy):
        scores.rebuild_scores_now(publish=True)
    alive.refresh_from_db()
    assert alive.status == ScoreRunStatus.RUNNING


def test_the_watchdog_fails_an_abandoned_run_and_queues_a_retry(
    world, django_capture_on_commit_callbacks
):
    scoring_world(world)
    dead = _running(started=datetime.timedelta(minutes=5), heartbeat=datetime.timedelta(minutes=4))
    patch = mock.patch("scores.tasks.rebuild_scores.delay")
    with patch as enqueue, django_capture_on_commit_callbacks(execute=True):
        assert recover_score_runs() == 1
    dead.refresh_from_db()
    assert dead.status == ScoreRunStatus.FAILED
    retry = ScoreRun.objects.get(status=ScoreRunStatus.QUEUED)
    assert retry.trigger == RunTrigger.IMPORT
    assert enqueue.call_args.args == (retry.pk,)


def test_the_watchdog_leaves_a_beating_run_alone(world):
    alive = _running(
        started=datetime.timedelta(minutes=40), heartbeat=datetime.timedelta(seconds=3)
    )
    assert recover_score_runs() == 0
    alive.refresh_from_db()
    assert alive.status == ScoreRunStatus.RUNNING
    assert not ScoreRun.objects.filter(status=ScoreRunStatus.QUEUED).exists()


def test_the_computing_process_beats_while_it_works(world):
    scoring_world(world)
    seen: list[datetime.datetime | None] = []
    real_write = scores.write_scores

    def write(run, computed, *rules):
        seen.append(ScoreRun.objects.get(pk=run.pk).heartbeat_at)
        return real_write(run, computed, *rules)

    with mock.patch.object(scores, "write_scores", write):
        run = scores.rebuild_scores_now(publish=True)
    assert run.status == ScoreRunStatus.PUBLISHED
    assert seen and seen[0] is not None and seen[0] >= run.started_at


def test_a_worker_declared_dead_while_it_was_only_slow_does_not_publish(world):
    scoring_world(world)
    real_compute = scores.compute_scores

    def slow_compute(rows, spec, *rules):
        # Meanwhile the watchdog (another process) took the run for dead.
        ScoreRun.objects.filter(status=ScoreRunStatus.RUNNING).update(
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        with mock.patch("scores.tasks.rebuild_scores.delay"):
            recover_score_runs()
        return real_compute(rows, spec, *rules)

    with mock.patch.object(scores, "compute_scores", slow_compute):
        run = scores.rebuild_scores_now(publish=True)
    assert run.status == ScoreRunStatus.FAILED and "no heartbeat" in run.error
    assert not Score.objects.filter(run=run).exists()
    assert ScoreRun.objects.latest_published() is None


def test_the_rebuild_button_sends_again_a_queued_run_whose_task_gave_up(
    world, django_capture_on_commit_callbacks
):
    scoring_world(world)
    stuck = ScoreRun.objects.create(queued_at=timezone.now() - datetime.timedelta(minutes=20))
    patch = mock.patch("scores.tasks.rebuild_scores.delay")
    with patch as enqueue, django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.ministry).post("/counties/scores/runs/rebuild/")
    assert response.status_code == 302
    assert enqueue.call_args.args == (stuck.pk,)


def test_rebuild_scores_sync_behind_a_live_run_says_so_and_exits_non_zero(world):
    scoring_world(world)
    alive = _running(started=datetime.timedelta(seconds=30), heartbeat=datetime.timedelta(0))
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("rebuild_scores", "--sync", "--language", "en")
    assert f"#{alive.pk}" in str(refused.value) and "--sync" in str(refused.value)


def test_the_busy_refusal_survives_the_trip_through_celery():
    import pickle

    busy = pickle.loads(pickle.dumps(scores.ScoreRunBusy(3, 2)))
    assert (busy.run_id, busy.running_id) == (3, 2)
    assert "(2) is running" in str(busy)
