"""Celery tasks of the scores domain: score rebuilds, their watchdog and the nightly run.

Tasks take primary keys, are enqueued with `transaction.on_commit` by the services, are
idempotent (a run that is no longer in the expected state is left alone) and retry a bounded
number of times.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import OperationalError

from scores import services
from scores.choices import RunTrigger
from scores.models import ScoreRun

# A rebuild takes seconds; a run blocked behind another one retries for up to ~10 minutes (a run
# whose worker died is failed after services.ABANDONED_AFTER without heartbeat, so the wait ends),
# and the nightly task re-enqueues any run whose retries ran out.
REBUILD_RETRY_DELAY = 15
REBUILD_MAX_RETRIES = 40


@shared_task(bind=True, max_retries=REBUILD_MAX_RETRIES, default_retry_delay=REBUILD_RETRY_DELAY)
def rebuild_scores(self, run_id: int) -> str:
    """Compute score run `run_id` (a draft, or published if asked), one run at a time."""
    try:
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
