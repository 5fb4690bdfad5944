"""Choices of notifications: what happened (the kind), and where its e-mail stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """The events Tavazon tells people about; the labels name them on the preferences page."""

    COMMITMENT_DUE = "commitment_due", _("A commitment you own falls due")
    COMMITMENT_OVERDUE = "commitment_overdue", _("A commitment is overdue")
    SUBMISSION_WAITING = "submission_waiting", _("Figures wait for your review")
    SUBMISSION_RETURNED = "submission_returned", _("Your figures were returned for correction")
    PROJECT_FEEDBACK = "project_feedback", _("A citizen wrote about a public project")
    BRIEFING_READY = "briefing_ready", _("A briefing pack you asked for is ready")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("To be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")
