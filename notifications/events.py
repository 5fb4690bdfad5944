"""Who is told what: each event of the other apps made into notifications through `notify`.

- commitment_due: an open commitment falls due within NOTIFY_DUE_LEAD_DAYS → its owner's
  account, else the county's governors;
- commitment_overdue: an open commitment is past its due date → the same people; once it is
  NOTIFY_ESCALATE_AFTER_DAYS overdue, also the officers of the county's province;
- submission_waiting: a submission is sent for review → who may approve it
  (`access.submission_reviewers`);
- submission_returned: a submission is returned → its submitter, with the reviewer's comment;
- project_feedback: a citizen writes on a public project → the county's governors;
- briefing_ready: a province briefing pack's job finishes → whoever asked for it.

Who holds which role is `governance.access`'s question; this module only asks it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from governance import access
from notifications.choices import NotificationKind
from notifications.messages import bilingual
from notifications.services import EmailWhen, notify, send_emails
from participation.models import Commitment

if TYPE_CHECKING:
    from governance.models import User
    from projects.models import ProjectFeedback
    from reports.models import ExportJob
    from submissions.models import Submission


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


# --- commitments (the daily run) -------------------------------------------------------------


@dataclass
class ReminderRun:
    """What one run of the commitment reminders did."""

    due: int = 0
    overdue: int = 0
    escalated: int = 0
    emails: int = 0


class _Recipients:
    """The people a county's commitment reminders go to, read once per county in a run."""

    def __init__(self) -> None:
        self._governors: dict[int, list[User]] = {}
        self._officers: dict[int | None, list[User]] = {}

    def owners(self, commitment: Commitment) -> list[User]:
        """The owner's account if it may still read the county, else the county's governors."""
        owner = commitment.owner_user
        if owner is not None and access.can_view_county(owner, commitment.county):
            return [owner]
        county = commitment.county
        if county.pk not in self._governors:
            self._governors[county.pk] = list(access.governors_of(county))
        return self._governors[county.pk]

    def officers(self, commitment: Commitment) -> list[User]:
        province_id = commitment.county.province_id
        if province_id not in self._officers:
            self._officers[province_id] = list(access.provincial_officers_of(province_id))
        return self._officers[province_id]


def _commitment_params(commitment: Commitment, **extra: Any) -> dict[str, Any]:
    return {
        "commitment": commitment.pk,
        "title": commitment.title,
        "owner": commitment.owner,
        "county": bilingual(commitment.county),
        "due_on": commitment.due_on.isoformat(),
        **extra,
    }


def _commitment_link(commitment: Commitment) -> str:
    return reverse(
        "participation:meeting",
        kwargs={"code": commitment.county.code, "pk": commitment.meeting_id},
    )


def _open_commitments() -> Any:
    return Commitment.objects.open().select_related("county", "owner_user").order_by("due_on", "pk")


def send_commitment_reminders(today: datetime.date | None = None) -> ReminderRun:
    """Tell owners about their open commitments falling due (within NOTIFY_DUE_LEAD_DAYS) and
    overdue, and the province's officers about those overdue NOTIFY_ESCALATE_AFTER_DAYS or
    more; then e-mail what is pending, over one connection. Each notice is recorded once per
    person and due date: running it again the same day (or the next) tells nobody twice; a
    new due date is a new notice. Each commitment's notices are saved as they are made, so a
    run stopped half-way is finished by the next one."""
    today = today or timezone.localdate()
    lead = datetime.timedelta(days=settings.NOTIFY_DUE_LEAD_DAYS)
    people = _Recipients()
    run = ReminderRun()
    for commitment in _open_commitments().filter(due_on__gte=today, due_on__lte=today + lead):
        run.due += len(
            notify(
                people.owners(commitment),
                NotificationKind.COMMITMENT_DUE,
                _commitment_params(commitment),
                _commitment_link(commitment),
                f"commitment_due:{commitment.pk}:{commitment.due_on.isoformat()}",
                email="later",
            )
        )
    for commitment in _open_commitments().filter(due_on__lt=today):
        overdue, escalated = _remind_overdue(commitment, today, people)
        run.overdue += overdue
        run.escalated += escalated
    run.emails = send_emails()
    return run


def _remind_overdue(
    commitment: Commitment, today: datetime.date, people: _Recipients
) -> tuple[int, int]:
    """The notices of one overdue commitment: (to its owners, to the province's officers)."""
    key = f"commitment_overdue:{commitment.pk}:{commitment.due_on.isoformat()}"
    link = _commitment_link(commitment)
    owners = notify(
        people.owners(commitment),
        NotificationKind.COMMITMENT_OVERDUE,
        _commitment_params(commitment),
        link,
        key,
        email="later",
    )
    days = (today - commitment.due_on).days
    if days < settings.NOTIFY_ESCALATE_AFTER_DAYS:
        return len(owners), 0
    officers = notify(
        people.officers(commitment),
        NotificationKind.COMMITMENT_OVERDUE,
        _commitment_params(commitment, escalated=True, days=days),
        link,
        f"{key}:escalated",
        email="later",
    )
    return len(owners), len(officers)


# --- submissions ----------------------------------------------------------------------------


def _submission_params(submission: Submission, person: Any) -> dict[str, Any]:
    job = submission.import_job
    return {
        "submission": submission.pk,
        "origin": submission.origin,
        "county": bilingual(submission.county) if submission.county_id else None,
        "period": submission.period,
        "file": job.original_name if job is not None else "",
        "person": _person(person),
    }


def notify_submission_waiting(submission: Submission, *, email: EmailWhen = "queued") -> int:
    """Tell whoever may decide on the submission that it waits for them."""
    submitter = submission.submitted_by or submission.created_by
    return len(
        notify(
            access.submission_reviewers(submission),
            NotificationKind.SUBMISSION_WAITING,
            _submission_params(submission, submitter),
            reverse("submissions:detail", args=[submission.pk]),
            # Each time it is sent for review (again, after a return) is a new event.
            f"submission_waiting:{submission.pk}:{submission.version}",
            email=email,
        )
    )


def notify_submission_returned(submission: Submission, *, email: EmailWhen = "queued") -> int:
    """Tell the submitter that the submission was returned, and why."""
    submitter = submission.submitted_by or submission.created_by
    if submitter is None:
        return 0
    params = _submission_params(submission, submission.decided_by)
    params["comment"] = submission.comment
    return len(
        notify(
            [submitter],
            NotificationKind.SUBMISSION_RETURNED,
            params,
            reverse("submissions:detail", args=[submission.pk]),
            f"submission_returned:{submission.pk}:{submission.version}",
            email=email,
        )
    )


# --- citizens' feedback -----------------------------------------------------------------------


def notify_project_feedback(feedback: ProjectFeedback, *, email: EmailWhen = "queued") -> int:
    """Tell the county's governors that a citizen wrote about one of its public projects (not
    what they wrote, nor who they are: that stays on the feedback page)."""
    project = feedback.project
    county = project.county
    return len(
        notify(
            access.governors_of(county),
            NotificationKind.PROJECT_FEEDBACK,
            {
                "feedback": feedback.pk,
                "project": bilingual(project, "title"),
                "county": bilingual(county),
                "rating": feedback.rating,
            },
            reverse("participation:feedback", kwargs={"code": county.code}),
            f"project_feedback:{feedback.pk}",
            email=email,
        )
    )


# --- briefing packs ---------------------------------------------------------------------------


def notify_export_finished(job: ExportJob) -> int:
    """Tell whoever asked for a province briefing pack that it is ready (or failed). A
    scheduled pack (a job with a `schedule_id`) is e-mailed with its PDF by the reports app:
    it is listed here but not e-mailed again."""
    from counties.models import Province
    from reports.models import ExportKind, ExportStatus

    if job.kind != ExportKind.PROVINCE_BRIEFING or job.status not in (
        ExportStatus.DONE,
        ExportStatus.FAILED,
    ):
        return 0
    province = Province.objects.filter(code=job.params.get("province", "")).first()
    scheduled = getattr(job, "schedule_id", None) is not None
    return len(
        notify(
            [job.user],
            NotificationKind.BRIEFING_READY,
            {
                "job": job.pk,
                "province": bilingual(province) if province else job.params.get("province", ""),
                "status": job.status,
            },
            reverse("reports:job", args=[job.pk]),
            f"briefing_ready:{job.pk}:{job.status}",
            email="never" if scheduled else "now",
        )
    )
