"""A real Celery worker, through the configured broker, takes a score run from queued to a draft
(or to published when asked).

Runs only when CELERY_BROKER_URL is set (CI sets Redis), e.g.:
CELERY_BROKER_URL=redis://127.0.0.1:6379/3 DATABASE_URL=postgres://postgres@127.0.0.1:5432/tavazon
"""

from __future__ import annotations

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from governance.celery import app
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import Score, ScoreRun
from tests.observations import scoring_world

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not BROKER_URL, reason="no CELERY_BROKER_URL set"),
]


@pytest.fixture
def real_worker():
    """A worker thread consuming from the broker; tasks are sent there, not run eagerly."""
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER_URL
    app.control.purge()  # tasks left in the queue by earlier runs would refer to other databases
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous


@pytest.mark.parametrize(
    ("publish", "ending"),
    [(False, ScoreRunStatus.DRAFT), (True, ScoreRunStatus.PUBLISHED)],
    ids=["draft-for-review", "published-when-asked"],
)
def test_a_queued_run_is_computed_by_a_real_worker(
    transactional_db, world, real_worker, publish, ending
):
    """A rebuild ends as a draft for ministry staff to review, or published when asked for
    (`rebuild_scores --publish`); either way the worker computes it through the broker."""
    scoring_world(world)
    with transaction.atomic():
        run = scores.queue_score_rebuild(publish=publish)
    seen = [ScoreRun.objects.get(pk=run.pk).status]
    deadline = time.monotonic() + 60
    while seen[-1] != ending and time.monotonic() < deadline:
        time.sleep(0.2)
        status = ScoreRun.objects.get(pk=run.pk).status
        if status != seen[-1]:
            seen.append(status)
        assert status != ScoreRunStatus.FAILED, ScoreRun.objects.get(pk=run.pk).error
    assert seen[0] == ScoreRunStatus.QUEUED
    assert seen[-1] == ending, seen
    assert Score.objects.filter(run=run).count() == 3
    published = ScoreRun.objects.latest_published()
    assert (published is not None and published.pk == run.pk) is publish
