"""Celery tasks of the dashboards: warm the cache after a score run is published."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from dashboards.warmup import warm_overviews
from scores.models import ScoreRun

logger = logging.getLogger(__name__)

# No view is started after this many seconds; the hard limit stops a worker stuck in one.
WARM_BUDGET_SECONDS = 300


@shared_task(ignore_result=True, time_limit=WARM_BUDGET_SECONDS + 120)
def warm_dashboards(run_id: int) -> str:
    """Compute the national and provincial default views of run `run_id` into the cache.

    Not retried: warming is only a head start for the first visitors; they compute what is
    missing. A run that is no longer the latest published one is left alone (the newer run
    warms its own views).
    """
    run = ScoreRun.objects.latest_published()
    if run is None or run.pk != run_id:
        return "superseded"
    result = warm_overviews(run, budget_seconds=WARM_BUDGET_SECONDS)
    return f"{result.warmed} warmed, {result.failed} failed" + (
        " (stopped)" if result.stopped else ""
    )


def warm_after_publish(sender: Any, *, run_id: int, **kwargs: Any) -> None:
    """Receiver of scores' `score_run_published`: queue the cache warming; a failure here is
    logged, never the run's failure."""
    try:
        from governance.queueing import enqueue

        enqueue(warm_dashboards, run_id)
    except Exception:
        logger.exception("could not warm the dashboards for score run %s", run_id)
