"""Writes of the reports domain: asking for a long export (PDF) built by a Celery task, and the
weekly briefing e-mails' schedules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance import access
from governance.queueing import enqueue_after_commit, fail_waiting
from governance.versioning import lock_current, save_next_version
from reports.models import BriefingSchedule, ExportJob, ExportStatus

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


def _check_recipients(schedule: BriefingSchedule, recipients: list[User]) -> None:
    """Refuse recipients who may not read the province's briefing pack."""
    allowed = set(
        get_user_model()
        .objects.filter(access.briefing_readers(schedule.province))
        .filter(pk__in=[user.pk for user in recipients])
        .values_list("pk", flat=True)
    )
    refused = [user for user in recipients if user.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "recipients": _("%(user)s may not read this province's briefing pack.")
                % {"user": refused[0].get_full_name() or refused[0].username}
            },
            code="not_a_reader",
        )


@transaction.atomic
def save_schedule(
    schedule: BriefingSchedule,
    values: dict[str, Any],
    recipients: Iterable[User],
    *,
    expected_version: int | None,
    user: User | None,
) -> BriefingSchedule:
    """Create or update a briefing schedule and its recipients; StaleEditError if it changed
    since `expected_version`, ValidationError for a recipient who may not read the pack. Only
    the fields people set are written: the sends' `last_sent_on` and `last_job` stay as stored."""
    recipients = list(recipients)
    _check_recipients(schedule, recipients)
    if schedule.pk is not None:
        schedule = lock_current(schedule, expected_version)
        for name, value in values.items():
            setattr(schedule, name, value)
        save_next_version(schedule, values, user=user)
    else:
        for name, value in values.items():
            setattr(schedule, name, value)
        schedule._history_user = user
        schedule.save()
    schedule.recipients.set(recipients)
    return schedule


@transaction.atomic
def deactivate_schedule(schedule: BriefingSchedule, *, user: User | None) -> BriefingSchedule:
    """Stop a schedule's e-mails (it is kept, and may be made active again on its edit page)."""
    current = lock_current(schedule)
    current.active = False
    return save_next_version(current, ["active"], user=user)
