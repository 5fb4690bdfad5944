"""Celery tasks of the scores domain: score rebuilds, their watchdog and the nightly run.

Tasks take primary keys, are enqueued with `transaction.on_commit` by the services, are
idempotent (a run that is no longer in the expected state is left alone) and retry a bounded
number of times.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import OperationalError

from scores import services, split_rebuild
from scores.choices import RunTrigger
from scores.models import ScoreRun

# A rebuild takes seconds; a run blocked behind another one retries for up to ~10 minutes (a run
# whose worker died is failed after services.ABANDONED_AFTER without heartbeat, so the wait ends),
# and the nightly task re-enqueues any run whose retries ran out.
REBUILD_RETRY_DELAY = 15
REBUILD_MAX_RETRIES = 40


@shared_task(bind=True, max_retries=REBUILD_MAX_RETRIES, default_retry_delay=REBUILD_RETRY_DELAY)
def rebuild_scores(self, run_id: int) -> str:
    """Compute score run `run_id` (a draft, or published if asked), one run at a time: in this
    process, or split by province across the workers in a large country (a chord whose
    callback ends the run; see scores.split_rebuild)."""
    try:
        if split_rebuild.should_split():
            run = split_rebuild.start_split_rebuild(run_id)
        else:
            run = services.run_score_rebuild(run_id)
    except (services.ScoreRunBusy, OperationalError) as exc:
        raise self.retry(exc=exc) from exc
    except ScoreRun.DoesNotExist:
        return "missing"  # deleted since it was queued: nothing to do
    return str(run.status)


@shared_task
def recover_score_runs() -> int:
    """Fail runs whose worker died (no heartbeat) and queue their retry; returns how many."""
    return services.recover_abandoned_runs()


@shared_task
def nightly_score_rebuild() -> int:
    """Queue the nightly rebuild (a draft for review, like any rebuild) and rescue queued runs
    whose task gave up; returns the run id."""
    services.rescue_stale_queued_runs(datetime.timedelta(hours=1))
    return services.queue_score_rebuild(trigger=RunTrigger.NIGHTLY).pk


@shared_task(bind=True, max_retries=3, default_retry_delay=REBUILD_RETRY_DELAY)
def read_province_batch(self, run_id: int, provinces: list[int]) -> dict[str, object]:
    """A part of a split rebuild: the run's observations of these provinces, packed."""
    try:
        return split_rebuild.read_province_batch(run_id, provinces)
    except OperationalError as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def finish_split_rebuild_task(parts: list[dict[str, object]], run_id: int, started: float) -> str:
    """The callback of a split rebuild: compute, write and end the run from the parts."""
    try:
        run = split_rebuild.finish_split_rebuild(run_id, parts, started)
    except OperationalError:
        # The run went back to the queue (services.guard_run): start it over after a while.
        rebuild_scores.apply_async((run_id,), countdown=REBUILD_RETRY_DELAY)
        return "queued"
    return str(run.status)


@shared_task
def fail_split_rebuild(run_id: int) -> str:
    """The error callback of a split rebuild: a part failed, so the run fails (if running)."""
    return str(split_rebuild.fail_split_run(run_id).status)


@shared_task(bind=True, max_retries=3, default_retry_delay=REBUILD_RETRY_DELAY)
def run_sensitivity(self, analysis_id: int) -> str:
    """Compute sensitivity analysis `analysis_id` (idempotent: one not queued is left alone)."""
    from scores.models import SensitivityAnalysis
    from scores.sensitivity import run_sensitivity_analysis

    try:
        return str(run_sensitivity_analysis(analysis_id).status)
    except SensitivityAnalysis.DoesNotExist:
        return "missing"
    except OperationalError as exc:
        raise self.retry(exc=exc) from exc
