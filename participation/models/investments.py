"""Investors and entrepreneurs: a pipeline from lead to operating, with jobs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import challenge_link, county_field
from governance.fields import Timestamped, money_field, optional_link, user_link
from governance.ranges import count_validators
from governance.versioning import Versioned
from participation.choices import InvestmentStage, Sector
from participation.queries import CountyScopedQuerySet

INVESTMENT_CONTACT_FIELDS = ("contact_person", "phone", "email")


class Investment(Versioned, Timestamped):
    """One investor's or entrepreneur's project in a county, and where it stands."""

    county = county_field("investments")
    name = models.CharField(_("project"), max_length=200)
    investor = models.CharField(_("investor or entrepreneur"), max_length=200)
    stakeholder = optional_link("participation.Stakeholder", _("stakeholder record"), "investments")
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    amount = money_field(_("amount"))
    expected_jobs = models.PositiveIntegerField(
        _("expected jobs"), default=0, validators=count_validators()
    )
    realized_jobs = models.PositiveIntegerField(
        _("realized jobs"), default=0, validators=count_validators()
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=InvestmentStage.choices, default="lead"
    )
    lead_on = models.DateField(_("first contact"))
    stage_changed_on = models.DateField(_("stage reached on"))
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    blocking_agency = models.CharField(_("blocking agency"), max_length=200, blank=True)
    challenge = challenge_link("investments")
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = CountyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["county", "-stage_changed_on", "name"]
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        constraints = [
            models.CheckConstraint(
                name="investment_amount_not_negative",
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
            ),
            models.CheckConstraint(
                name="dropped_investment_has_reason",
                condition=~models.Q(stage="dropped")
                | (~models.Q(dropped_reason="") & ~models.Q(blocking_agency="")),
            ),
            models.UniqueConstraint(
                fields=["county", "name"], name="investment_name_unique_in_county"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InvestmentEvent(models.Model):
    """The pipeline's history: a stage reached, or realized jobs reported, on a date."""

    investment = models.ForeignKey(
        Investment, verbose_name=_("investment"), on_delete=models.CASCADE, related_name="events"
    )
    date = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=16, choices=InvestmentStage.choices)
    realized_jobs = models.PositiveIntegerField(
        _("realized jobs"), default=0, validators=count_validators()
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_link(_("recorded by"))

    class Meta:
        ordering = ["investment", "date", "pk"]
        verbose_name = _("investment event")
        verbose_name_plural = _("investment events")

    def __str__(self) -> str:
        return f"{self.investment} {self.stage} {self.date}"
