"""Notifications through a real SMTP server (aiosmtpd on a local port, the shared `smtp_server`
fixture of tests/conftest.py): one run's e-mails over one connection, each in its recipient's
language, plain text with an HTML alternative; a server that is down leaves them pending."""

from __future__ import annotations

import pytest

from notifications.choices import EmailStatus
from notifications.events import send_commitment_reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _parts(message) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def test_reminders_go_through_a_real_smtp_server_once_each_in_the_readers_language(
    people, commitment_due, smtp_server, settings
):
    settings.NOTIFY_ESCALATE_AFTER_DAYS = 1
    commitment_due(-3, title="Open a one-stop desk")

    run = send_commitment_reminders()
    again = send_commitment_reminders()

    assert (run.overdue, run.escalated, run.emails) == (1, 1, 2)
    assert again.emails == 0
    assert sorted(smtp_server.recipients) == ["governor_a@example.org", "officer_a@example.org"]
    assert len(set(smtp_server.peers)) == 1  # the run's mails over one connection
    by_recipient = {m["To"]: m for m in smtp_server.messages}
    english, persian = by_recipient["governor_a@example.org"], by_recipient["officer_a@example.org"]
    assert english["From"] == settings.DEFAULT_FROM_EMAIL
    assert english["Auto-Submitted"] == "auto-generated"
    assert "Overdue commitment" in english["Subject"]
    assert "۳ روز معوق" in persian["Subject"]  # decoded from its RFC 2047 encoding
    text, html = _parts(persian)["text/plain"], _parts(persian)["text/html"]
    assert "تعهد" in text and "مسئول" in text
    assert 'lang="fa" dir="rtl"' in html
    assert "http://127.0.0.1:8000/notifications/preferences/" in text
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}


def test_a_server_that_is_down_leaves_the_emails_pending_then_they_go_once(
    people, commitment_due, smtp_server, settings
):
    commitment_due(1)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    assert send_commitment_reminders().emails == 0
    assert Notification.objects.get().email_status == EmailStatus.PENDING

    settings.EMAIL_PORT = port
    assert send_commitment_reminders().emails == 1
    assert send_commitment_reminders().emails == 0
    assert smtp_server.recipients == ["governor_a@example.org"]
