"""Celery tasks of notifications: the daily commitment reminders (beat) and the e-mails of
events recorded in a request. Both are idempotent: a notice is recorded and e-mailed once,
whatever runs it twice; an e-mail the mail server refused is tried again by the next daily run
(which is their bounded retry)."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from notifications import events, services


@shared_task
def send_commitment_reminders() -> dict[str, int]:
    """Due and overdue commitments' notices, then every pending e-mail (beat, daily)."""
    return asdict(events.send_commitment_reminders())


@shared_task
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications (those still pending); how many were sent."""
    return services.send_emails(notification_ids)
