"""Choices of flagship projects and action plans."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    """Labels of the derived statuses of projects.progress.Status (same values)."""

    DELAYED = "delayed", _("Delayed")
    AT_RISK = "at_risk", _("At risk")
    ON_TRACK = "on_track", _("On track")
    NOT_STARTED = "not_started", _("Not started")
    DONE = "done", _("Done")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")
