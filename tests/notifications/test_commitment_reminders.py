"""The daily commitment reminders (Celery beat's notifications.tasks.send_commitment_reminders
and the send_reminders command): due and overdue commitments reach their owner once, the
province after the escalation delay; preferences and languages are respected."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from notifications import services
from notifications.choices import EmailStatus, NotificationKind
from notifications.events import send_commitment_reminders
from notifications.models import Notification
from notifications.tasks import send_commitment_reminders as reminder_task
from participation import services as participation
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

DUE = NotificationKind.COMMITMENT_DUE
OVERDUE = NotificationKind.COMMITMENT_OVERDUE


def _to(user) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [user.email]]


def _read(text: str) -> str:
    """Text as a reader sees it: without the isolates around typed values."""
    return text.replace("\u2068", "").replace("\u2069", "")


def test_a_commitment_due_tomorrow_emails_its_owner_once_even_when_the_task_runs_twice(
    people, commitment_due
):
    commitment = commitment_due(1)
    participation.update_commitment(
        commitment, status="open", owner_user=people.governor_a, expected_version=1
    )

    first = reminder_task.delay().get()
    second = reminder_task.delay().get()

    assert first == {"due": 1, "overdue": 0, "escalated": 0, "emails": 1}
    assert second == {"due": 0, "overdue": 0, "escalated": 0, "emails": 0}
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.dedupe_key) == (
        people.governor_a,
        DUE,
        f"commitment_due:{commitment.pk}:{commitment.due_on.isoformat()}",
    )
    assert notice.email_status == EmailStatus.SENT and notice.emailed_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["governor_a@example.org"]
    assert "Open a one-stop desk" in _read(sent.subject)
    assert f"http://127.0.0.1:8000/participation/CA/meetings/{commitment.meeting_id}/" in sent.body
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_due_date_beyond_the_lead_is_not_reminded_yet(people, commitment_due, settings):
    commitment_due(2)
    assert send_commitment_reminders().due == 0
    settings.NOTIFY_DUE_LEAD_DAYS = 2
    assert send_commitment_reminders().due == 1


def test_without_an_owners_account_the_countys_governors_are_told(people, commitment_due):
    second_governor = type(people.governor_a).objects.create(
        username="gov_a2", role="governor", county=people.county_a, email="gov_a2@example.org"
    )
    commitment_due(1)

    run = send_commitment_reminders()

    assert run.due == 2 and run.emails == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        people.governor_a.username,
        second_governor.username,
    }
    assert not _to(people.officer_a) and not _to(people.governor_b)


def test_a_done_commitment_is_not_reminded(people, commitment_due):
    commitment = commitment_due(1)
    participation.update_commitment(commitment, status="done", expected_version=1)
    assert send_commitment_reminders().due == 0
    assert not Notification.objects.exists()


def test_a_new_due_date_is_a_new_reminder(people, commitment_due):
    commitment = commitment_due(1)
    send_commitment_reminders()
    later = commitment.due_on + datetime.timedelta(days=30)
    participation.update_commitment(commitment, status="open", due_on=later, expected_version=1)
    assert send_commitment_reminders(later - datetime.timedelta(days=1)).due == 1
    assert Notification.objects.filter(kind=DUE).count() == 2


def test_an_overdue_commitment_reaches_the_provinces_officer_only_after_the_delay(
    people, commitment_due
):
    commitment = commitment_due(-3)  # 3 days overdue, the escalation waits for 7
    participation.update_commitment(
        commitment, status="in_progress", owner_user=people.governor_a, expected_version=1
    )

    run = send_commitment_reminders()
    assert (run.overdue, run.escalated) == (1, 0)
    assert [m.to for m in mail.outbox] == [["governor_a@example.org"]]
    assert "Overdue commitment: Open a one-stop desk" in _read(mail.outbox[0].subject)

    later = f.today() + datetime.timedelta(days=settings.NOTIFY_ESCALATE_AFTER_DAYS - 3)
    run = send_commitment_reminders(later)
    assert (run.overdue, run.escalated) == (0, 1)  # the owner was told already
    escalation = Notification.objects.get(recipient=people.officer_a)
    assert escalation.kind == OVERDUE and escalation.params["escalated"] is True
    assert escalation.params["days"] == 7
    assert escalation.dedupe_key.endswith(":escalated")
    assert _to(people.officer_a) and not _to(people.governor_b)  # county B's province is another

    assert send_commitment_reminders(later + datetime.timedelta(days=1)).escalated == 0


def test_the_escalation_delay_is_a_setting(people, commitment_due, settings):
    settings.NOTIFY_ESCALATE_AFTER_DAYS = 2
    commitment_due(-2)
    assert send_commitment_reminders().escalated == 1


def test_an_unsubscribed_owner_gets_no_email_but_sees_the_notice(people, commitment_due, client):
    services.set_email_preferences(people.governor_a, {DUE: False})
    commitment_due(1)

    run = send_commitment_reminders()

    assert (run.due, run.emails) == (1, 0) and mail.outbox == []
    notice = Notification.objects.get(recipient=people.governor_a)
    assert notice.email_status == EmailStatus.SKIPPED and notice.emailed_at is None
    client.force_login(people.governor_a)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open a one-stop desk" in page and "notification-unread" in page


def test_turning_one_kind_off_leaves_the_others_on(people, commitment_due):
    services.set_email_preferences(people.governor_a, {DUE: False})
    commitment_due(-1)
    assert send_commitment_reminders().emails == 1  # the overdue kind is still on
    assert services.email_preferences(people.governor_a) == {
        kind: kind != DUE for kind in NotificationKind.values
    }


def test_a_user_without_an_email_address_is_told_in_the_site_only(people, commitment_due):
    people.governor_a.email = ""
    people.governor_a.save(update_fields=["email"])
    commitment_due(1)
    assert send_commitment_reminders().emails == 0
    assert Notification.objects.get().email_status == EmailStatus.SKIPPED


def test_each_email_is_in_its_recipients_language(people, commitment_due, settings):
    settings.NOTIFY_ESCALATE_AFTER_DAYS = 1
    commitment_due(-12, title="Repair the road 12")
    send_commitment_reminders()

    (english,) = _to(people.governor_a)
    (persian,) = _to(people.officer_a)
    assert "Overdue commitment: Repair the road 12" in _read(english.subject)
    assert "was due on" in english.body and "Hello gov_a," in english.body
    assert "توازن" in persian.subject and "۱۲" in persian.subject
    assert "تعهد" in persian.body and "شهرستان" in persian.body and "was due" not in persian.body
    # The title as typed, isolated inside the Persian sentence (its digits stay Latin).
    assert "\u2068Repair the road 12\u2069" in persian.body
    html = dict((mime, body) for body, mime in persian.alternatives)["text/html"]
    assert 'dir="rtl"' in html and '<bdi dir="auto">Repair the road 12</bdi>' in html


def test_a_mail_server_that_refuses_leaves_the_email_pending_for_the_next_run(
    people, commitment_due, monkeypatch
):
    commitment_due(1)
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert send_commitment_reminders().emails == 0
    assert Notification.objects.get().email_status == EmailStatus.PENDING

    monkeypatch.undo()
    assert send_commitment_reminders().emails == 1  # retried, and only once
    assert send_commitment_reminders().emails == 0
    assert len(mail.outbox) == 1


def test_the_command_runs_the_same_service(people, commitment_due):
    commitment_due(1)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 1
    text = out.getvalue()
    assert "1 falling due" in text and "1 e-mails sent" in text
    assert "0 falling due" in text


def test_the_command_takes_a_day_in_either_calendar(people, commitment_due):
    commitment = commitment_due(10)
    import jdatetime

    day = jdatetime.date.fromgregorian(date=commitment.due_on - datetime.timedelta(days=1))
    call_command("send_reminders", "--date", day.strftime("%Y/%m/%d"), stdout=StringIO())
    assert Notification.objects.filter(kind=DUE).count() == 1


def test_beat_runs_the_reminders_every_day_at_seven(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["commitment-reminders-daily"]
    assert entry["task"] == "notifications.tasks.send_commitment_reminders"
    schedule = entry["schedule"]
    assert schedule.hour == {7} and schedule.minute == {0}
    assert schedule.day_of_week == set(range(7))
    from governance.celery import app

    assert "notifications.tasks.send_commitment_reminders" in app.tasks
