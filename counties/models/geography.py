"""Provinces, counties (shahrestan) and the areas inside a county."""

from __future__ import annotations

from collections.abc import Collection

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.choices import AreaKind
from counties.fields import county_field
from counties.queries import CountyQuerySet, NamedQuerySet, ProvinceQuerySet
from governance.ranges import count_validators
from governance.versioning import Versioned


class BilingualName(models.Model):
    """Abstract: a Persian and an English name, shown in the active language."""

    name_fa = models.CharField(_("name (Persian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en":
            return self.name_en or self.name_fa
        return self.name_fa or self.name_en


# What a missing name of a dimension or indicator is told (model validation and forms alike).
NAME_REQUIRED = {
    "name_fa": _("Enter the Persian name: dimensions and indicators are named in both languages."),
    "name_en": _("Enter the English name: dimensions and indicators are named in both languages."),
}


class BothNames(BilingualName):
    """Abstract: a BilingualName whose two names are both required (dimensions, indicators).

    Each reader sees the catalogue in their own language, so neither name may be empty: the
    fields are not blank (forms and the admin require them, with the messages below) and model
    validation refuses names of spaces only."""

    name_fa = models.CharField(
        _("name (Persian)"), max_length=200, error_messages={"blank": NAME_REQUIRED["name_fa"]}
    )
    name_en = models.CharField(
        _("name (English)"), max_length=200, error_messages={"blank": NAME_REQUIRED["name_en"]}
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        # A name of spaces only is no name: stripped, it fails the fields' own blank check.
        for name in NAME_REQUIRED:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, value.strip())
        super().clean_fields(exclude)


class Province(BilingualName):
    """A province (ostan): the level above counties."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=16, blank=True)
    osm_relation = models.BigIntegerField(_("OpenStreetMap relation"), null=True, blank=True)
    wikidata = models.CharField(_("Wikidata id"), max_length=32, blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    # The newest of these (with the count of rows) versions the boundaries' URLs
    # (counties.boundaries).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class County(BilingualName):
    """A county (shahrestan), the unit a governor runs."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Stable key of the county.")
    )
    census_code = models.CharField(_("census code"), max_length=16, blank=True, db_index=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="counties"
    )
    osm_relation = models.BigIntegerField(_("OpenStreetMap relation"), null=True, blank=True)
    wikidata = models.CharField(_("Wikidata id"), max_length=32, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    # The newest of these (with the count of rows) versions the boundaries' URLs
    # (counties.boundaries).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        ordering = ["province__code", "name_fa"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    @cached_property
    def created_after_census(self) -> bool:
        """No census code where the data set has them: the county did not exist at the census.

        The Iranian boundaries' `sci_code_2016` is null for the 49 counties created after the
        1395 (2016) census, so the import leaves `census_code` blank and the census has no
        figures for them. Boundaries imported without any census codes say nothing either way
        (one query, only for a county without a code).
        """
        if self.census_code or self.is_synthetic:
            return False
        known = getattr(self, "any_census_code", None)  # read with the county (county page)
        if known is not None:
            return bool(known)
        # `> ""` rather than `!= ""`: a range the census code's index answers (a scan of every
        # county otherwise, tens of milliseconds at 5,000 counties).
        return County.objects.filter(census_code__gt="").exists()


class Area(BilingualName, Versioned):
    """A zone inside a county (city, district, rural area, informal settlement)."""

    county = county_field("areas")
    code = models.CharField(_("code"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AreaKind.choices)
    is_deprived = models.BooleanField(_("deprived"), default=False)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=count_validators()
    )
    # Loaded by `import_geography --level area`; the county page maps the areas that have one.
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The boundary is left out of the history: each version would copy it, and the history page
    # lists changed values, which a boundary is not (a change of it alone shows no entry).
    history = HistoricalRecords(excluded_fields=["geometry"])

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["county", "-is_deprived", "name_fa"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name_fa"], name="area_name_unique_in_county"
            ),
        ]
