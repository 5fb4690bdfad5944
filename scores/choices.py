"""Choices of the scores domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoreRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DRAFT = "draft", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


class RunTrigger(models.TextChoices):
    IMPORT = "import", _("Data import")
    METHODOLOGY = "methodology", _("Methodology change")
    NIGHTLY = "nightly", _("Nightly rebuild")
    MANUAL = "manual", _("Requested by hand")
    DEMO = "demo", _("Demo data")
    APPROVAL = "approval", _("Approved data submission")


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
