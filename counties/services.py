"""Writes of the counties domain. Views, commands and tasks call these; nothing else writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from counties.catalogue import DIMENSIONS, INDICATORS
from counties.choices import AreaKind
from counties.geojson_import import BoundaryFileError, BoundaryRow, matching_area
from counties.models import Area, County, Dimension, Indicator, Province
from governance.ranges import check_numbers
from governance.versioning import lock_current, save_next_version

if TYPE_CHECKING:
    from governance.models import User


@dataclass
class WriteReport:
    """How many rows a bulk write created, updated and left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _differs(instance: Any, values: dict[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())


@transaction.atomic
def import_geography(
    rows: list[BoundaryRow],
    level: str,
    *,
    synthetic: bool = False,
    default_kind: str = AreaKind.DISTRICT,
) -> WriteReport:
    """Create or update provinces, counties or areas from validated rows, all or nothing: places
    by code, areas by code within their county (`default_kind` for new areas whose row names
    no kind)."""
    report = WriteReport()
    if level == "province":
        _import_provinces(rows, synthetic, report)
    elif level == "county":
        _import_counties(rows, synthetic, report)
    else:
        _import_areas(rows, synthetic, default_kind, report)
    return report


def _import_provinces(rows: list[BoundaryRow], synthetic: bool, report: WriteReport) -> None:
    existing = {p.code: p for p in Province.objects.select_for_update()}
    for row in rows:
        values: dict[str, Any] = {
            "name_fa": row.name_fa,
            "name_en": row.name_en,
            "iso_code": row.iso_code,
            "osm_relation": row.osm_relation,
            "wikidata": row.wikidata,
            "geometry": row.geometry,
            "is_synthetic": synthetic,
        }
        _upsert(Province, existing.get(row.code), {"code": row.code, **values}, values, report)


def _import_counties(rows: list[BoundaryRow], synthetic: bool, report: WriteReport) -> None:
    provinces = {p.code: p for p in Province.objects.all()}
    missing = sorted({row.province_code for row in rows} - set(provinces))
    if missing:
        raise BoundaryFileError([_("Unknown provinces: %(codes)s") % {"codes": ", ".join(missing)}])
    existing_counties = {c.code: c for c in County.objects.select_for_update()}
    for row in rows:
        values = {
            "name_fa": row.name_fa,
            "name_en": row.name_en,
            "province": provinces[row.province_code],
            "census_code": row.census_code,
            "osm_relation": row.osm_relation,
            "wikidata": row.wikidata,
            "geometry": row.geometry,
            "area_km2": row.area_km2,
            "is_synthetic": synthetic,
        }
        _upsert(
            County, existing_counties.get(row.code), {"code": row.code, **values}, values, report
        )


def _import_areas(
    rows: list[BoundaryRow], synthetic: bool, default_kind: str, report: WriteReport
) -> None:
    """Each row updates the area of its county with its code (or, failing that, the one without
    a code and with its Persian name) as that area's next version, or creates one."""
    counties = {
        c.code: c
        for c in County.objects.filter(code__in={row.county_code for row in rows}).only("code")
    }
    missing = sorted({row.county_code for row in rows} - set(counties))
    if missing:
        raise BoundaryFileError([_("Unknown counties: %(codes)s") % {"codes": ", ".join(missing)}])
    by_county: dict[int, list[Area]] = {}
    for recorded in Area.objects.select_for_update().filter(county__in=counties.values()):
        by_county.setdefault(recorded.county_id, []).append(recorded)
    for row in rows:
        county = counties[row.county_code]
        values: dict[str, Any] = {
            "code": row.code,
            "name_fa": row.name_fa,
            "name_en": row.name_en,
            "geometry": row.geometry,
            "is_synthetic": synthetic,
        }
        if row.kind:
            values["kind"] = row.kind
        area = matching_area(by_county.get(county.pk, []), row.code, row.name_fa)
        if area is None:
            created = Area(county=county, **{"kind": default_kind, **values})
            created.save()
            by_county.setdefault(county.pk, []).append(created)
            report.created += 1
        elif _differs(area, values):
            for name, value in values.items():
                setattr(area, name, value)
            save_next_version(area, values, user=None)
            report.updated += 1
        else:
            report.unchanged += 1


def _upsert(
    model: Any,
    instance: Any,
    create_values: dict[str, Any],
    values: dict[str, Any],
    report: WriteReport,
) -> None:
    if instance is None:
        model.objects.create(**create_values)
        report.created += 1
        return
    # Decimal/float comparison: compare the rounded area as text to avoid false "updated".
    comparable = {k: (str(v) if k == "area_km2" else v) for k, v in values.items()}
    current = {
        k: (str(getattr(instance, k)) if k == "area_km2" else getattr(instance, k)) for k in values
    }
    if comparable == current:
        report.unchanged += 1
        return
    for name, value in values.items():
        setattr(instance, name, value)
    # updated_at too: it versions the boundaries' URLs (counties.boundaries).
    instance.save(update_fields=[*values, "updated_at"])
    report.updated += 1


@transaction.atomic
def ensure_default_catalogue() -> WriteReport:
    """Create the default dimensions and indicators; existing ones are left as users edited them."""
    report = WriteReport()
    dimensions: dict[str, Dimension] = {}
    for spec in DIMENSIONS:
        dimension, created = Dimension.objects.get_or_create(
            code=spec.code,
            defaults={
                "name_fa": spec.name_fa,
                "name_en": spec.name_en,
                "is_challenge": spec.is_challenge,
                "order": spec.order,
            },
        )
        dimensions[spec.code] = dimension
        report.created += created
    for indicator_spec in INDICATORS:
        _, created = Indicator.objects.get_or_create(
            code=indicator_spec.code,
            defaults={
                "dimension": dimensions[indicator_spec.dimension],
                "name_fa": indicator_spec.name_fa,
                "name_en": indicator_spec.name_en,
                "unit": indicator_spec.unit,
                "direction": indicator_spec.direction,
                "min_value": indicator_spec.min_value,
                "max_value": indicator_spec.max_value,
                "frequency": indicator_spec.frequency,
                "source": indicator_spec.source,
                "is_county_reported": indicator_spec.county_reported,
            },
        )
        report.created += created
        report.unchanged += not created
    return report


@transaction.atomic
def save_area(
    area: Area, values: dict[str, Any], *, expected_version: int | None, user: User | None = None
) -> Area:
    """Create or update an area; refuse (StaleEditError) if it changed since `expected_version`."""
    if area.pk is not None:
        current = lock_current(area, expected_version)
        for name, value in values.items():
            setattr(current, name, value)
        check_numbers(current)
        return save_next_version(current, values, user=user)
    for name, value in values.items():
        setattr(area, name, value)
    check_numbers(area)
    area._history_user = user
    area.save()
    return area


@transaction.atomic
def save_indicator(
    indicator: Indicator,
    values: dict[str, Any],
    *,
    new_dimension: dict[str, Any] | None = None,
    user: User | None = None,
) -> Indicator:
    """Create or update a catalogue indicator, creating its new dimension first if given."""
    if new_dimension:
        last = Dimension.objects.order_by("-order").values_list("order", flat=True).first() or 0
        values["dimension"] = Dimension.objects.create(**new_dimension, order=last + 1)
    for name, value in values.items():
        setattr(indicator, name, value)
    check_numbers(indicator)
    if indicator.pk is None:
        indicator.save()
    else:
        indicator.save(update_fields=list(values))
    return indicator
