"""Receivers of the other apps' signals (connected in NotificationsConfig.ready).

A submission's or a citizen's event is recorded in the same transaction as the event itself
(the list shows it as soon as the change is saved) and e-mailed by a Celery task once it has
committed, so the request never waits for the mail server. A failure here is logged and never
undoes the change that was announced: the notices are written in a savepoint of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

from notifications import events

logger = logging.getLogger(__name__)


def _safely(record: Callable[..., int], subject: Any, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            record(subject, **kwargs)
    except Exception:
        logger.exception("%s(%r) failed: nobody was notified", record.__name__, subject)


def on_submission_submitted(sender: Any, *, submission: Any, **kwargs: Any) -> None:
    """`submissions.signals.submission_submitted`: the reviewers are told."""
    _safely(events.notify_submission_waiting, submission)


def on_submission_returned(sender: Any, *, submission: Any, **kwargs: Any) -> None:
    """`submissions.signals.submission_returned`: the submitter is told, with the comment."""
    _safely(events.notify_submission_returned, submission)


def on_feedback(sender: Any, *, feedback: Any, **kwargs: Any) -> None:
    """`projects.signals.feedback_received`: the county's governors are told."""
    _safely(events.notify_project_feedback, feedback)


def on_export_finished(sender: Any, *, job: Any, **kwargs: Any) -> None:
    """`reports.signals.export_job_finished` (sent by the worker that built the job): whoever
    asked for a province briefing pack is told it is ready, or that it failed."""
    _safely(events.notify_export_finished, job)
