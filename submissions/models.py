"""Data submissions: values entered or imported, reviewed, and approved before they are used.

Only approved values reach the observations (counties.Observation), and so the scores. A
submission holds its values (SubmittedValue) until it is approved; approving writes them as
observations, each SubmittedValue then pointing at the observation it became (provenance).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import county_field
from counties.models import Area, ImportJob, Indicator, Observation, Province
from governance.fields import Timestamped, optional_link, user_link
from governance.ranges import measure_validators
from governance.versioning import Versioned
from submissions.choices import COUNTY_ORIGINS, SubmissionOrigin, SubmissionState


class Submission(Versioned, Timestamped):
    """A batch of values from one county office (one county and period, the data entry form)
    or from a file import; approved by the provincial officer (a county's own submission) or
    by ministry staff (a provincial officer's submission, an import)."""

    origin = models.CharField(
        _("origin"), max_length=16, choices=SubmissionOrigin.choices, default=SubmissionOrigin.FORM
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=SubmissionState.choices,
        default=SubmissionState.DRAFT,
        db_index=True,
    )
    # The data entry form: one county and period. An import may span counties and periods:
    # these are then empty and the values say where they belong.
    county = county_field("submissions", null=True, blank=True)
    province = optional_link(Province, _("province"), "submissions", on_delete=models.CASCADE)
    period = models.CharField(_("period"), max_length=16, blank=True)
    import_job = optional_link(ImportJob, _("import"), "submission", one_to_one=True)
    created_by = user_link(_("entered by"), blank=False)
    submitted_by = user_link(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = user_link(_("approved or returned by"))
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    comment = models.TextField(
        _("reviewer's comment"),
        blank=True,
        help_text=_(
            "Why it was returned, or what the approver noted (required for flagged values)."
        ),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data submission")
        verbose_name_plural = _("data submissions")
        constraints = [
            # One open form submission per county and period: a second entry edits the first.
            models.UniqueConstraint(
                fields=["county", "period"],
                condition=models.Q(origin="form") & ~models.Q(state="approved"),
                name="one_open_submission_per_county_period",
            ),
            # One open proposal of investor jobs per county and period: a correction updates it.
            models.UniqueConstraint(
                fields=["county", "period"],
                condition=models.Q(origin="investments") & ~models.Q(state="approved"),
                name="one_open_investment_jobs_per_county_period",
            ),
        ]
        indexes = [models.Index(fields=["state", "province"], name="submission_state_province")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.origin} {self.state}"

    @property
    def is_form(self) -> bool:
        """Entered in the data entry form (not imported)."""
        return self.origin == SubmissionOrigin.FORM

    @property
    def is_county_entered(self) -> bool:
        """One county's and period's own figures (the form, or its investor pipeline's jobs)."""
        return self.origin in COUNTY_ORIGINS

    @property
    def is_approved(self) -> bool:
        return self.state == SubmissionState.APPROVED


class SubmittedValue(models.Model):
    """One value of a submission, with its validation and outlier flags."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    county = county_field("+")
    area = optional_link(Area, _("area"), on_delete=models.CASCADE)
    period = models.CharField(_("period"), max_length=16)
    value = models.FloatField(_("value"), validators=measure_validators())
    # The source the observation will carry: an import's row or file source; empty for the
    # data entry form (approval then names the indicator's source or the county office).
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The checks the value did not pass (counties.value_checks.Flag.as_json()), e.g.
    # [{"code": "change", "blocking": false, "params": {...}}]; empty when it looks ordinary.
    flags = models.JSONField(_("flags"), default=list, blank=True)
    observation = models.ForeignKey(
        Observation,
        verbose_name=_("observation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_values",
        help_text=_("The observation the value became when the submission was approved."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "indicator__dimension__order", "indicator__code", "pk"]
        verbose_name = _("submitted value")
        verbose_name_plural = _("submitted values")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "county", "period"],
                condition=models.Q(area__isnull=True),
                name="submitted_value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.county_id} {self.period} = {self.value}"
