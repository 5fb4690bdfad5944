"""The events of the other apps that notify: a submission waiting for review or returned, a
citizen's feedback on a public project, a finished briefing pack. Each is recorded with the
change that caused it and e-mailed once the transaction commits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail

from counties.imports import import_observations
from counties.models import Indicator
from counties.services import ensure_default_catalogue
from notifications.choices import EmailStatus, NotificationKind
from notifications.models import Notification
from projects.services import record_feedback
from reports.models import ExportJob, ExportKind, ExportStatus
from reports.signals import export_job_finished
from submissions import services as submissions
from tests import personas
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

FILE = b"indicator,county,period,value,source\nnew_jobs,CA,1403,4,Survey\n"


def _plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")


@pytest.fixture
def jobs(people):
    ensure_default_catalogue()
    return Indicator.objects.get(code="new_jobs")


def _submitted(people, jobs, user=None):
    user = user or people.governor_a
    draft = submissions.save_draft(
        people.county_a, "1403", {jobs.pk: (12.0, "")}, user=user, expected_version=None
    )
    return submissions.submit_submission(draft, user=user, expected_version=draft.version)


def test_a_governors_submission_waits_for_the_provinces_officer(
    people, jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submitted(people, jobs)

    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (
        people.officer_a,
        NotificationKind.SUBMISSION_WAITING,
    )
    assert notice.link == f"/data/submissions/{submission.pk}/"
    assert notice.email_status == EmailStatus.SENT
    (sent,) = mail.outbox
    assert sent.to == ["officer_a@example.org"]  # not ministry staff, not the governor
    assert "آمار شهرستان" in sent.body and "gov_a" in sent.body  # the officer reads Persian


def test_without_an_officer_in_the_province_ministry_staff_are_asked(
    people, jobs, django_capture_on_commit_callbacks
):
    people.officer_a.is_active = False
    people.officer_a.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(people, jobs)
    assert [n.recipient for n in Notification.objects.all()] == [people.ministry]


def test_an_officers_submission_and_an_import_wait_for_ministry_staff_never_their_author(
    people, jobs, django_capture_on_commit_callbacks
):
    second_staff = personas.ministry_staff("ministry2")
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(people, jobs, user=people.officer_a)
    waiting = Notification.objects.filter(kind=NotificationKind.SUBMISSION_WAITING)
    assert {n.recipient for n in waiting} == {people.ministry, second_staff}

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        plan = import_observations(FILE, "jobs.csv", user=people.ministry, approve=False)
    assert plan.held
    assert [n.recipient for n in Notification.objects.all()] == [second_staff]
    assert Notification.objects.get().params["origin"] == "import"


def test_a_returned_submission_reaches_its_submitter_with_the_comment(
    people, jobs, django_capture_on_commit_callbacks
):
    submission = _submitted(people, jobs)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submissions.return_submission(
            submission, user=people.officer_a, comment="Jobs look too high: check them."
        )

    notice = Notification.objects.get(kind=NotificationKind.SUBMISSION_RETURNED)
    assert notice.recipient == people.governor_a
    assert notice.params["comment"] == "Jobs look too high: check them."
    (sent,) = mail.outbox
    assert sent.to == ["governor_a@example.org"]
    body = _plain(sent.body)
    assert "officer_a returned the figures of County A county for" in body
    assert "Comment: Jobs look too high: check them." in body


def test_submitting_again_after_a_return_is_a_new_event(people, jobs):
    submission = _submitted(people, jobs)
    returned = submissions.return_submission(submission, user=people.officer_a, comment="Check.")
    submissions.submit_submission(
        returned, user=people.governor_a, expected_version=returned.version
    )
    waiting = Notification.objects.filter(kind=NotificationKind.SUBMISSION_WAITING)
    assert waiting.count() == 2 and {n.recipient for n in waiting} == {people.officer_a}


def test_a_failing_notification_never_undoes_the_submission(people, jobs, monkeypatch):
    from notifications import events

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(events, "notify", broken)
    submission = _submitted(people, jobs)
    submission.refresh_from_db()
    assert submission.state == "submitted" and not Notification.objects.exists()


def test_a_citizens_feedback_reaches_the_countys_governors_without_its_words(
    people, django_capture_on_commit_callbacks
):
    project = make_project(people.county_a, title_en="Compost plant")
    with django_capture_on_commit_callbacks(execute=True):
        record_feedback(
            project, text="Private words of a citizen", name="Citizen Name", rating=4, ip="1.2.3.4"
        )

    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (people.governor_a, NotificationKind.PROJECT_FEEDBACK)
    assert notice.link == "/participation/CA/critiques/feedback/"
    (sent,) = mail.outbox
    body = _plain(sent.body)
    assert "A citizen wrote about the public project “Compost plant” of County A county." in body
    assert "Rating: 4 out of 5" in body
    assert "Private words" not in sent.body and "Citizen Name" not in sent.body


def _briefing(people, **fields) -> ExportJob:
    return ExportJob.objects.create(
        user=people.officer_a,
        kind=ExportKind.PROVINCE_BRIEFING,
        params={"province": people.province_a.code},
        **{"status": ExportStatus.DONE, **fields},
    )


def test_a_finished_briefing_pack_is_announced_to_whoever_asked_for_it(
    people, django_capture_on_commit_callbacks
):
    job = _briefing(people)
    with django_capture_on_commit_callbacks(execute=True):
        export_job_finished.send(sender=ExportJob, job=job)
    with django_capture_on_commit_callbacks(execute=True):
        export_job_finished.send(sender=ExportJob, job=job)  # a retried task: told once

    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (people.officer_a, NotificationKind.BRIEFING_READY)
    assert notice.link == f"/reports/jobs/{job.pk}/"
    (sent,) = mail.outbox
    assert "بستهٔ گزارش استان" in sent.body and "آماده" in sent.body


def test_a_failed_briefing_pack_is_announced_too_but_not_a_county_report(people):
    failed = _briefing(people, status=ExportStatus.FAILED)
    export_job_finished.send(sender=ExportJob, job=failed)
    assert Notification.objects.get().params["status"] == "failed"

    report = ExportJob.objects.create(
        user=people.officer_a,
        kind=ExportKind.COUNTY_REPORT,
        params={"county": "CA"},
        status=ExportStatus.DONE,
    )
    export_job_finished.send(sender=ExportJob, job=report)
    assert Notification.objects.count() == 1


def test_a_scheduled_pack_is_listed_but_not_emailed_again(
    people, django_capture_on_commit_callbacks
):
    job = _briefing(people)
    job.schedule_id = 7  # set by the scheduled packs, which e-mail their PDF themselves
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        export_job_finished.send(sender=SimpleNamespace, job=job)
    assert callbacks == []

    notice = Notification.objects.get()
    assert notice.email_status == EmailStatus.SKIPPED and mail.outbox == []

    unscheduled = _briefing(people)
    unscheduled.schedule_id = None
    with django_capture_on_commit_callbacks(execute=True):
        export_job_finished.send(sender=ExportJob, job=unscheduled)
    assert len(mail.outbox) == 1
