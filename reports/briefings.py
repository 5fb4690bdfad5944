"""The weekly briefing pack by e-mail: each active BriefingSchedule, on its day of the week, has
its province's briefing pack built (an ExportJob of the schedule's creator, by the same build
path as a pack asked for on the exports page) and e-mailed as a PDF to each recipient who has an
e-mail address and may still read the pack. A pack that could not be built is e-mailed to
nobody; the schedule's creator gets a short e-mail saying why (docs/exports-and-api.md).

Once a day at most: a schedule is claimed for a date by a conditional UPDATE of `last_sent_on`
before anything is built, so a second run that day (beat twice, the command by hand, two
workers at once) finds it claimed and sends nothing. A failed pack is not tried again that day.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from governance import access
from reports.models import BriefingSchedule, ExportJob, ExportKind, ExportStatus, PackLanguage

if TYPE_CHECKING:
    from governance.models import User

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one schedule's run did: the jobs built, whom the pack reached, what went wrong."""

    schedule: BriefingSchedule
    jobs: list[ExportJob] = field(default_factory=list)
    sent_to: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def due_schedules(day: datetime.date) -> QuerySet[BriefingSchedule]:
    """The active schedules of `day`'s weekday not yet sent on `day`."""
    return BriefingSchedule.objects.filter(active=True, weekday=day.weekday()).exclude(
        last_sent_on=day
    )


def _claim(schedule_id: int, day: datetime.date) -> bool:
    """Mark the schedule sent on `day` unless it already is: one conditional UPDATE, so of two
    runs at the same moment only one claims it."""
    return due_schedules(day).filter(pk=schedule_id).update(last_sent_on=day) == 1


def send_due_briefings(day: datetime.date | None = None) -> list[Outcome]:
    """Build and e-mail every schedule due on `day` (the site's local date by default)."""
    day = day or timezone.localdate()
    outcomes = []
    for schedule_id in list(due_schedules(day).order_by("pk").values_list("pk", flat=True)):
        if not _claim(schedule_id, day):
            continue
        schedule = BriefingSchedule.objects.select_related("province", "created_by").get(
            pk=schedule_id
        )
        outcomes.append(send_briefing(schedule, day))
    return outcomes


def recipients_by_language(schedule: BriefingSchedule) -> dict[str, list[User]]:
    """The recipients who get the pack (an e-mail address, and still allowed to read the
    province's pack), by the language of the pack they get. There is always one language: with
    nobody to e-mail, the pack is still built, for the creator's exports page."""
    readers = list(
        schedule.recipients.filter(access.briefing_readers(schedule.province))
        .exclude(email="")
        .order_by("pk")
    )
    if schedule.language != PackLanguage.RECIPIENT:
        return {schedule.language: readers}
    groups: dict[str, list[User]] = {}
    for user in readers:
        groups.setdefault(user.language, []).append(user)
    return groups or {schedule.created_by.language: []}


def send_briefing(schedule: BriefingSchedule, day: datetime.date) -> Outcome:
    """Build the schedule's pack (one per language needed) and e-mail it; tell the creator of a
    pack that could not be built."""
    outcome = Outcome(schedule)
    for language, users in recipients_by_language(schedule).items():
        job = build_pack(schedule, language)
        outcome.jobs.append(job)
        try:
            if job.status == ExportStatus.DONE:
                outcome.sent_to += mail_pack(schedule, job, users, day)
            else:
                outcome.errors.append(job.error)
                tell_creator(schedule, job, day)
        except Exception as exc:  # the mail server refused or is down: the next pack may go
            logger.exception("briefing schedule %s: e-mail failed", schedule.pk)
            outcome.errors.append(str(exc))
    BriefingSchedule.objects.filter(pk=schedule.pk).update(last_job=outcome.jobs[-1])
    return outcome


def build_pack(schedule: BriefingSchedule, language: str) -> ExportJob:
    """The schedule's briefing pack in `language`, built here by build_export (the exports
    page's path), as a job of the schedule's creator in the published run's default period."""
    from reports.tasks import build_export, fail_job

    job = ExportJob.objects.create(
        user=schedule.created_by,
        kind=ExportKind.PROVINCE_BRIEFING,
        params={"province": schedule.province.code, "period": ""},
        language=language,
        schedule=schedule,
    )
    result = build_export.apply(args=(job.pk,), throw=False)
    job.refresh_from_db()
    if not job.is_finished:  # an error outside the build itself (storing the file)
        fail_job(job, str(result.result))
    return job


def _links(job: ExportJob) -> dict[str, str]:
    site = settings.SITE_URL.rstrip("/")
    return {
        "site_url": settings.SITE_URL,
        "exports_url": site + reverse("reports:index"),
        "job_url": site + reverse("reports:job", args=[job.pk]),
        "schedules_url": site + reverse("reports:schedules"),
    }


def _render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """A mail's subject (one line) and body from reports/email/<template>{_subject,}.txt."""
    subject = render_to_string(f"reports/email/{template}_subject.txt", context)
    body = render_to_string(f"reports/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _context(schedule: BriefingSchedule, job: ExportJob, day: datetime.date) -> dict[str, Any]:
    creator = schedule.created_by
    return {
        "schedule": schedule,
        "province": schedule.province,
        "weekday": schedule.get_weekday_display(),
        "day": day,
        "job": job,
        "creator": creator.get_full_name() or creator.username,
        **_links(job),
    }


def mail_pack(
    schedule: BriefingSchedule, job: ExportJob, users: Sequence[User], day: datetime.date
) -> list[str]:
    """E-mail the job's PDF to each of `users` (one message each, in the pack's language, all
    through one connection); the addresses it went to."""
    if not users:
        return []
    with job.file.open("rb") as stored:
        pdf = stored.read()
    filename = f"briefing-{schedule.province.code}-{day.isoformat()}.pdf"
    messages = []
    with translation.override(job.language):
        context = _context(schedule, job, day)
        for user in users:
            subject, body = _render("briefing", {**context, "user": user})
            message = EmailMessage(subject, body, to=[user.email])
            message.attach(filename, pdf, "application/pdf")
            messages.append(message)
    with get_connection() as connection:
        connection.send_messages(messages)
    return [user.email for user in users]


def tell_creator(schedule: BriefingSchedule, job: ExportJob, day: datetime.date) -> bool:
    """A short e-mail to the schedule's creator: the pack could not be built, and why."""
    creator = schedule.created_by
    if not creator.email:
        logger.warning("briefing schedule %s failed; its creator has no e-mail", schedule.pk)
        return False
    with translation.override(job.language):
        subject, body = _render(
            "briefing_failed", {**_context(schedule, job, day), "user": creator}
        )
    EmailMessage(subject, body, to=[creator.email]).send()
    return True
