"""Celery tasks of the counties domain: large imports.

Tasks take primary keys, are enqueued with `transaction.on_commit` by the services, are
idempotent (an import that is no longer in the expected state is left alone) and retry a
bounded number of times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from celery import Task, shared_task
from django.db import OperationalError

if TYPE_CHECKING:
    from counties.models import ImportJob


def _run_import_step(task: Task, step: Callable[[int], ImportJob], job_id: int) -> str:
    """Run `step` on import `job_id` and return the job's new status; a locked or unreachable
    database is retried within the task's bounded retries."""
    try:
        return str(step(job_id).status)
    except OperationalError as exc:
        raise task.retry(exc=exc) from exc


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def check_import(self: Task, job_id: int) -> str:
    """Validate an uploaded file and store its preview (counts and errors)."""
    from counties import imports

    return _run_import_step(self, imports.check_import_job, job_id)


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def apply_import(self: Task, job_id: int) -> str:
    """Import a confirmed file, all or nothing."""
    from counties import imports

    return _run_import_step(self, imports.apply_import_job, job_id)
