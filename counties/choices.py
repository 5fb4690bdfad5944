"""Choices of the counties domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    RURAL = "rural", _("Rural area")
    INFORMAL_SETTLEMENT = "informal_settlement", _("Informal settlement")


class ProjectStatus(models.TextChoices):
    """Labels of the derived statuses of counties.progress.Status (same values)."""

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


class BudgetUnit(models.TextChoices):
    """Units users type budgets in; stored as rials (1 toman = 10 rials)."""

    RIAL = "rial", _("rials")
    TOMAN = "toman", _("tomans")
    MILLION_TOMAN = "million_toman", _("million tomans")
    BILLION_TOMAN = "billion_toman", _("billion tomans")


RIALS_PER_UNIT: dict[str, int] = {
    BudgetUnit.RIAL: 1,
    BudgetUnit.TOMAN: 10,
    BudgetUnit.MILLION_TOMAN: 10_000_000,
    BudgetUnit.BILLION_TOMAN: 10_000_000_000,
}


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    CENSUS = "census", _("Census (every five to ten years)")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the file")
    INVALID = "invalid", _("Errors found")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
