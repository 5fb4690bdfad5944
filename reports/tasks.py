"""Celery tasks that build long exports; each takes the ExportJob's primary key."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from governance.exports.chart_images import ChartsUnavailable
from reports.models import ExportJob, ExportKind, ExportStatus

logger = logging.getLogger(__name__)
MAX_RETRIES = 2


def _build(job: ExportJob) -> tuple[bytes, str]:
    from counties.models import County, Province
    from reports import report_data

    def progress(percent: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=percent)

    # The period asked for when the job was queued ("": the published run's default, chosen
    # when the PDF is built, so a run published meanwhile is the one shown).
    period = job.params.get("period", "")
    if job.kind == ExportKind.COUNTY_REPORT:
        county = County.objects.select_related("province").get(code=job.params["county"])
        progress(10)
        pdf = report_data.county_report_pdf(county, job.user, period)
        return pdf, f"county-{county.code}.pdf"
    province = Province.objects.get(code=job.params["province"])
    pdf = report_data.province_briefing_pdf(province, job.user, progress, period)
    return pdf, f"briefing-{province.code}.pdf"


def _fail(job: ExportJob, error: str) -> str:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    return ExportStatus.FAILED


@shared_task(bind=True, max_retries=MAX_RETRIES, default_retry_delay=10)
def build_export(self: Task, job_id: int) -> str:
    """Build the job's file; retried a bounded number of times, then marked failed."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ExportStatus.DONE:
        return job.status
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, attempts=job.attempts + 1, progress=5
    )
    try:
        with translation.override(job.language):
            content, name = _build(job)
    except ChartsUnavailable as exc:
        # A set-up problem (no browser in this image or host): retrying cannot help, and the
        # job keeps the translated reason instead of a traceback.
        logger.error("export job %s failed: %s", job_id, exc)
        return _fail(job, str(exc))
    except Exception as exc:
        logger.exception("export job %s failed", job_id)
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            raise self.retry(exc=exc) from exc
        return _fail(job, str(exc))
    job.refresh_from_db()
    job.file.save(name, ContentFile(content), save=False)
    job.status = ExportStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    return ExportStatus.DONE
