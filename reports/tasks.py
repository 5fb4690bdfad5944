"""Celery tasks that build long exports (each takes the ExportJob's primary key), and the daily
task that e-mails the scheduled briefing packs (reports/briefings.py).

Every job that finishes, done or failed, is announced with reports.signals.export_job_finished
once its row is saved.

Each worker process keeps one Chromium for the PDFs' charts (governance.exports.chart_images):
started, with WeasyPrint loaded, in the background as the process starts, so its first report
does not wait for them, and closed as the process ends."""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_process_init, worker_process_shutdown
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance import access
from governance.exports import chart_images
from governance.exports.chart_images import ChartsUnavailable
from reports.models import ExportJob, ExportKind, ExportStatus
from reports.signals import export_job_finished

logger = logging.getLogger(__name__)
MAX_RETRIES = 2


# Set while no warm-up runs: a job that comes during the warm-up waits for it (it does work the
# job would do anyway, and WeasyPrint is not used from two threads at once).
_warm = threading.Event()
_warm.set()
WARM_UP_WAIT_SECONDS = 60


def _warm_up() -> None:
    from governance.exports.pdf_export import warm_up

    try:
        chart_images.start_session()  # Chromium starts in its own thread meanwhile
        warm_up()
        if chart_images.chromium_path() is not None:  # else start_session said so
            chart_images.figure_png({"data": [{"type": "bar", "x": [0], "y": [1]}]}, 100, 100)
    except Exception:  # a report will try again, and say what went wrong
        logger.exception("starting the PDF tools failed")
    finally:
        _warm.set()


@worker_process_init.connect
def start_pdf_tools(**_kwargs: Any) -> None:
    """A new worker process starts its chart browser, draws a chart and renders a line of text
    in the background, so that its first report costs what any other does."""
    _warm.clear()
    threading.Thread(target=_warm_up, name="pdf-warm-up", daemon=True).start()


@worker_process_shutdown.connect
def close_chart_browser(**_kwargs: Any) -> None:
    """A worker process that ends closes its chart browser (atexit does too, as a fallback)."""
    chart_images.close_session()


class ExportRefused(Exception):
    """The job's user may no longer make this export (their role or place changed since)."""


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
    if not access.can_make_briefing(job.user, province):
        raise ExportRefused(
            _("%(user)s may no longer make the briefing pack of %(province)s.")
            % {"user": job.user.get_full_name() or job.user.username, "province": province.name}
        )
    pdf = report_data.province_briefing_pdf(province, job.user, progress, period)
    return pdf, f"briefing-{province.code}.pdf"


def _finished(job: ExportJob) -> None:
    """Announce a job whose final row is saved (reports.signals)."""
    export_job_finished.send(sender=ExportJob, job=job)


def fail_job(job: ExportJob, error: str) -> str:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    job.refresh_from_db()
    _finished(job)
    return ExportStatus.FAILED


@shared_task(bind=True, max_retries=MAX_RETRIES, default_retry_delay=10)
def build_export(self: Task, job_id: int) -> str:
    """Build the job's file; retried a bounded number of times, then marked failed."""
    _warm.wait(timeout=WARM_UP_WAIT_SECONDS)
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ExportStatus.DONE:
        return job.status
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, attempts=job.attempts + 1, progress=5
    )
    try:
        with translation.override(job.language):
            content, name = _build(job)
    except (ChartsUnavailable, ExportRefused) as exc:
        # A set-up problem (no browser in this image or host) or a refusal: retrying cannot
        # help, and the job keeps the translated reason instead of a traceback.
        logger.error("export job %s failed: %s", job_id, exc)
        return fail_job(job, str(exc))
    except Exception as exc:
        logger.exception("export job %s failed", job_id)
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            raise self.retry(exc=exc) from exc
        return fail_job(job, str(exc))
    job.refresh_from_db()
    job.file.save(name, ContentFile(content), save=False)
    job.status = ExportStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    _finished(job)
    return ExportStatus.DONE


@shared_task
def send_scheduled_briefings(day: str | None = None) -> dict[str, int]:
    """Celery beat's daily run: build and e-mail each active briefing schedule of today's weekday
    (the site's local date; `day`, an ISO date, for another) not yet sent that day."""
    import datetime

    from reports.briefings import send_due_briefings

    outcomes = send_due_briefings(datetime.date.fromisoformat(day) if day else None)
    return {
        "sent": sum(1 for o in outcomes if o.ok),
        "failed": sum(1 for o in outcomes if not o.ok),
    }
