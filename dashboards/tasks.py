"""The dashboards' cache warming: in the computing process before a score run is published,
and in a Celery task after."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings

from dashboards.warmup import warm_overviews, warm_run
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


def warm_before_publish(
    sender: Any, *, run_id: int, beat: Callable[[], None], **kwargs: Any
) -> str:
    """Receiver of scores' `score_run_computed`, in the process (a Celery worker) that computed
    the run: cache every dashboard view the run changes before it becomes the default, within
    WARM_BEFORE_PUBLISH_SECONDS."""
    if settings.WARM_BEFORE_PUBLISH_SECONDS <= 0:
        return "off"
    run = ScoreRun.objects.get(pk=run_id)
    result = warm_run(run, budget_seconds=settings.WARM_BEFORE_PUBLISH_SECONDS, beat=beat)
    if result.stopped:
        logger.warning("warming score run %s stopped early: %s", run_id, result)
    return f"{result.warmed} warmed, {result.failed} failed"
