"""Writes of the reports domain: asking for a long export (PDF) built by a Celery task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from governance.queueing import enqueue_after_commit
from reports.models import ExportJob, ExportStatus

if TYPE_CHECKING:
    from governance.models import User


def request_export(user: User, kind: str, params: dict[str, Any], language: str) -> ExportJob:
    """Create an export job and queue its task; a job the broker refused comes back failed."""
    from reports.tasks import build_export

    job = ExportJob.objects.create(user=user, kind=kind, params=params, language=language)
    job_id = job.pk
    enqueue_after_commit(build_export, job_id, on_failure=lambda why: _not_queued(job_id, why))
    job.refresh_from_db(fields=["status", "error", "finished_at"])
    return job


def _not_queued(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
