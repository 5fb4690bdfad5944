"""Indicators (what is measured) and observations (a value per county or area and period)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.choices import Direction, Frequency, PeriodKind
from counties.fields import county_field
from counties.models.geography import Area, BothNames
from counties.queries import ObservationQuerySet
from governance.fields import optional_link, user_link
from governance.ranges import measure_validators


class Dimension(BothNames):
    """A group of indicators; the three challenges of the speech are dimensions too."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    is_challenge = models.BooleanField(
        _("one of the three challenges"),
        default=False,
        help_text=_("Informal settlements, solid waste and employment."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")


class Indicator(BothNames):
    """A measured quantity with its unit, direction and valid range."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="indicators"
    )
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    min_value = models.FloatField(
        _("lowest valid value"), null=True, blank=True, validators=measure_validators()
    )
    max_value = models.FloatField(
        _("highest valid value"), null=True, blank=True, validators=measure_validators()
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.YEARLY
    )
    is_county_reported = models.BooleanField(
        _("reported by the county"),
        default=False,
        help_text=_(
            "Figures only the county office holds: governors and provincial officers enter "
            "them on the data entry form, and the provincial officer approves them."
        ),
    )
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["dimension__order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    @property
    def unit_label(self) -> str:
        """The unit in the active language (known units are in the translation catalogue)."""
        return gettext(self.unit) if self.unit else ""

    @property
    def display_decimals(self) -> int:
        """Whole numbers for counts (people, jobs), one decimal for rates."""
        return 0 if self.unit in ("people", "jobs") else 1


class Observation(models.Model):
    """One value of an indicator for a county (or an area of it) in one period."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    county = county_field("observations")
    area = optional_link(Area, _("area"), "observations", on_delete=models.CASCADE)
    period = models.CharField(
        _("period"),
        max_length=16,
        help_text=_(
            "A year, quarter or month of the country profile's calendar, written YYYY, YYYY-Qn "
            "or YYYY-MM (Jalali 1395-Q2 or Gregorian 2016-Q2, as the profile says)."
        ),
    )
    period_kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    value = models.FloatField(_("value"), validators=measure_validators())
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = user_link(_("updated by"))

    # Corrections keep the old value, who changed it and when (bulk writes included, through
    # simple_history's bulk_create_with_history / bulk_update_with_history).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "county", "period_start"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "county", "period"],
                condition=models.Q(area__isnull=True),
                name="observation_unique_county_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "period"],
                condition=models.Q(area__isnull=False),
                name="observation_unique_area_period",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period"], name="obs_indicator_period"),
            # "Does any synthetic value exist?" (exports label them) answers from this small
            # index instead of scanning every observation (8.5 million at 5,000 counties).
            models.Index(
                fields=["id"], condition=models.Q(is_synthetic=True), name="obs_synthetic"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.county.code} {self.period} = {self.value}"
