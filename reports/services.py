"""Writes of the reports domain: asking for a long export (PDF) built by a Celery task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from governance.queueing import enqueue_after_commit, fail_waiting
from reports.models import ExportJob, ExportStatus

if TYPE_CHECKING:
    from governance.models import User


def request_export(user: User, kind: str, params: dict[str, Any], language: str) -> ExportJob:
    """Create an export job and queue its task; a job the broker refused comes back failed."""
    from reports.tasks import build_export

    job = ExportJob.objects.create(user=user, kind=kind, params=params, language=language)
    job_id = job.pk
    not_queued = fail_waiting(
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED), ExportStatus.FAILED
    )
    enqueue_after_commit(build_export, job_id, on_failure=not_queued)
    job.refresh_from_db(fields=["status", "error", "finished_at"])
    return job
