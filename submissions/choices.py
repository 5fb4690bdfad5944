"""Choices of data submissions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    """draft → submitted → approved, or returned (with a comment) → submitted again."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")


class SubmissionOrigin(models.TextChoices):
    FORM = "form", _("Data entry form")
    IMPORT = "import", _("File import")
    COMMAND = "command", _("Operator's command (import_observations)")
    # Realized jobs reported in a county's investor pipeline, proposed as its new_jobs value
    # (participation.services.jobs): county-entered, reviewed as the data entry form is.
    INVESTMENTS = "investments", _("Investor pipeline (realized jobs)")


# Origins whose submission is one county's and period's own figures: reviewed by the province's
# officer when a governor sent it (governance.access.can_approve_submission).
COUNTY_ORIGINS = (SubmissionOrigin.FORM, SubmissionOrigin.INVESTMENTS)
