"""The country profile: one record that says which country Tavazon serves and how it speaks of it.

Everything country-specific lives here, not in the code: the names of the two levels, the
calendar, the currency, the default language and time zone, the attribution of boundaries and
data, and the baseline population figure. `governance.country.current_profile()` reads it.
"""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.choices import Calendar, Language
from governance.versioning import Versioned


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(zone)s is not a time zone name."), params={"zone": value})


def validate_currency_code(value: str) -> None:
    if value and not (len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValidationError(_("A currency code is three capital letters (ISO 4217), e.g. USD."))


def _text(label, max_length: int = 100, default: str = "", **extra) -> models.CharField:
    return models.CharField(label, max_length=max_length, blank=True, default=default, **extra)


class CountryProfile(Versioned):
    """The one country profile (its primary key is always 1); edited by ministry staff on the
    country page or with `configure_country`, with the edit-conflict check of Versioned."""

    SINGLETON = 1

    name_en = _text(_("name of the country (English)"))
    name_fa = _text(_("name of the country (Persian)"))

    province_level_en = _text(_("upper level, singular (English)"), 40, "province")
    province_level_plural_en = _text(_("upper level, plural (English)"), 40, "provinces")
    province_level_fa = _text(_("upper level, singular (Persian)"), 40, "استان")
    province_level_plural_fa = _text(_("upper level, plural (Persian)"), 40, "استان‌ها")
    county_level_en = _text(_("lower level, singular (English)"), 40, "county")
    county_level_plural_en = _text(_("lower level, plural (English)"), 40, "counties")
    county_level_fa = _text(_("lower level, singular (Persian)"), 40, "شهرستان")
    county_level_plural_fa = _text(_("lower level, plural (Persian)"), 40, "شهرستان‌ها")

    calendar = models.CharField(
        _("calendar"), max_length=16, choices=Calendar.choices, default=Calendar.GREGORIAN
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    time_zone = _text(_("time zone"), 64, "UTC", validators=[validate_time_zone])

    currency_code = _text(_("currency (ISO 4217 code)"), 3, validators=[validate_currency_code])
    currency_symbol = _text(_("currency symbol"), 8)
    currency_name_en = _text(_("currency, plural (English)"), 40)
    currency_name_fa = _text(_("currency (Persian)"), 40)
    entry_unit_factor = models.PositiveBigIntegerField(
        _("currency units in one entry unit"),
        default=1,
        help_text=_(
            "Budgets are stored in the currency's unit. When people count in a larger unit, "
            "give how many currency units it holds (e.g. 10) and its names; 1 when they count "
            "in the currency itself."
        ),
    )
    entry_unit_name_en = _text(_("entry unit, plural (English)"), 40)
    entry_unit_name_fa = _text(_("entry unit (Persian)"), 40)

    boundary_source_en = _text(_("boundaries' source (English)"), 300)
    boundary_source_fa = _text(_("boundaries' source (Persian)"), 300)
    boundary_source_url = models.URLField(_("boundaries' source address"), blank=True)
    boundary_licence = _text(_("boundaries' licence"), 100)
    data_sources_en = models.TextField(_("data sources (English)"), blank=True)
    data_sources_fa = models.TextField(_("data sources (Persian)"), blank=True)

    baseline_population_indicator = _text(
        _("baseline population indicator (code)"), 64, "population"
    )
    baseline_period = _text(
        _("baseline period"), 16, help_text=_("The year of the census or estimate, e.g. 2016.")
    )
    baseline_source_en = _text(_("baseline's source (English)"), 300)
    baseline_source_fa = _text(_("baseline's source (Persian)"), 300)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("country profile")
        verbose_name_plural = _("country profile")
        constraints = [
            models.CheckConstraint(name="one_country_profile", condition=models.Q(pk=1)),
        ]

    def __str__(self) -> str:
        return self.name_en or self.name_fa or str(_("country profile"))

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON
        super().save(*args, **kwargs)
