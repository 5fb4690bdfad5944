"""Demo geography: the real Iranian data set when present, else a labelled synthetic country."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
import shapely.geometry
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties.geojson_import import (
    BoundaryFileError,
    BoundaryRow,
    FieldMap,
    load_feature_collection,
    parse_boundaries,
)
from counties.geometry import area_km2
from counties.models import Area, County, Indicator, Observation, Province
from counties.services import ensure_default_catalogue, import_geography
from demo.census import CENSUS_COLUMNS, CENSUS_PERIOD, CENSUS_SOURCE
from demo.synthetic import SYNTHETIC_SOURCE, SyntheticReport
from governance.periods import parse_period
from governance.persian import to_persian_digits

PROVINCES_FILE = "iran_provinces_osm_simplified.geojson"
COUNTIES_FILE = "iran_counties_osm_simplified.geojson"
CENSUS_FILE = "iran_counties_census2016.csv"

# Counties that get demo sub-areas with a synthetic informal settlement (English names).
DEMO_AREA_COUNTIES = (
    "Arak",
    "Ashtian",
    "Zahedan",
    "Mashhad",
    "Ahvaz",
    "Kermanshah",
    "Bandar Abbas",
)


@dataclass
class DemoGeographyReport:
    source: str
    provinces: int
    counties: int
    observations: int
    areas: int


def real_data_available(folder: Path) -> bool:
    return all((folder / name).is_file() for name in (PROVINCES_FILE, COUNTIES_FILE, CENSUS_FILE))


@transaction.atomic
def load_iran(folder: Path) -> DemoGeographyReport:
    """Load 31 provinces, 478 counties and the 2016 census figures from the shared data folder."""
    ensure_default_catalogue()
    for level, name in (("province", PROVINCES_FILE), ("county", COUNTIES_FILE)):
        known = set(Province.objects.values_list("code", flat=True))
        parsed = parse_boundaries(
            load_feature_collection(folder / name), level, FieldMap.default_for(level), known
        )
        if parsed.errors:
            raise BoundaryFileError(parsed.errors)
        import_geography(parsed.rows, level)
    observations = _load_census(folder / CENSUS_FILE)
    areas = _load_census_areas(folder / CENSUS_FILE)
    return DemoGeographyReport(
        "iran", Province.objects.count(), County.objects.count(), observations, areas
    )


def _census_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _load_census(path: Path) -> int:
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=CENSUS_COLUMNS)}
    counties = {c.code: c for c in County.objects.all()}
    period = parse_period(CENSUS_PERIOD)
    existing = {
        (o.indicator_id, o.county_id): o
        for o in Observation.objects.filter(
            period=period.key, area__isnull=True, indicator__in=indicators.values()
        )
    }
    to_create: list[Observation] = []
    to_update: list[Observation] = []
    for row in _census_rows(path):
        county = counties.get(row["osm_relation"])
        if county is None:
            continue
        for code, column in CENSUS_COLUMNS.items():
            if not row.get(column):
                continue
            value = float(row[column])
            current = existing.get((indicators[code].pk, county.pk))
            if current is None:
                to_create.append(
                    Observation(
                        indicator=indicators[code],
                        county=county,
                        period=period.key,
                        period_kind=period.kind,
                        period_start=period.gregorian_start(),
                        value=value,
                        source=CENSUS_SOURCE,
                    )
                )
            elif current.value != value:
                current.value = value
                to_update.append(current)
    bulk_create_with_history(
        to_create, Observation, batch_size=1000, default_change_reason="census 1395"
    )
    bulk_update_with_history(
        to_update, Observation, ["value"], batch_size=1000, default_change_reason="census 1395"
    )
    return len(to_create) + len(to_update)


def _load_census_areas(path: Path) -> int:
    """Urban and rural parts of each county with their real 2016 populations.

    In a few demo counties an informal settlement is carved out of the urban part; its size is
    synthetic and so is the remaining formal urban population, and both are labelled so. Their
    rural part is labelled synthetic too: draw_demo_area_boundaries gives all three made-up
    boundaries.
    """
    counties = {c.code: c for c in County.objects.all()}
    existing = {(a.county_id, a.name_fa): a for a in Area.objects.all()}
    rng = random.Random(1395)
    count = 0
    for row in _census_rows(path):
        county = counties.get(row["osm_relation"])
        if county is None or not row.get("urban_2016"):
            continue
        urban, rural = int(row["urban_2016"]), int(row["rural_2016"])
        demo = county.name_en in DEMO_AREA_COUNTIES
        informal = int(urban * rng.uniform(0.06, 0.18)) if demo else 0
        specs = [
            ("نقاط شهری", "Urban areas", "city", urban - informal, False, demo),
            ("نقاط روستایی", "Rural areas", "rural", rural, demo, demo),
        ]
        if demo:
            specs.append(
                (
                    "سکونتگاه‌های غیررسمی",
                    "Informal settlements",
                    "informal_settlement",
                    informal,
                    True,
                    True,
                )
            )
        for name_fa, name_en, kind, population, deprived, synthetic in specs:
            values = {
                "name_en": name_en,
                "kind": kind,
                "population": population,
                "is_deprived": deprived,
                "is_synthetic": synthetic,
            }
            area = existing.get((county.pk, name_fa))
            if area is None:
                Area.objects.create(county=county, name_fa=name_fa, **values)
            elif any(getattr(area, k) != v for k, v in values.items()):
                # Only real changes are saved: a re-run must not touch `updated_at`, which
                # the score rebuild uses to tell whether the data changed.
                for name, value in values.items():
                    setattr(area, name, value)
                area.save(update_fields=[*values, "updated_at"])
            count += 1
    return count


def _save_if_changed(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> None:
    """update_or_create that leaves an unchanged row alone (no new history, same updated_at)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        model.objects.create(**lookup, **values)
    elif any(getattr(instance, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()


# --- synthetic country -----------------------------------------------------------------

_SYNTHETIC_PROVINCES = 3
_SYNTHETIC_COUNTIES_PER_PROVINCE = 4


def _square(lon: float, lat: float, size: float) -> dict[str, object]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@transaction.atomic
def load_synthetic() -> DemoGeographyReport:
    """A small made-up country (3 provinces x 4 counties), every row flagged synthetic.

    Rows are matched by code, so re-running renames in place (Persian names once had Latin
    digits) and never duplicates."""
    ensure_default_catalogue()
    rng = random.Random(42)
    province_rows: list[BoundaryRow] = []
    county_rows: list[BoundaryRow] = []
    for p in range(_SYNTHETIC_PROVINCES):
        lon0, lat0 = 50.0 + 2.0 * p, 32.0
        code = f"S{p + 1}"
        whole = _square(lon0, lat0, 2.0)
        province_rows.append(
            BoundaryRow(
                code=code,
                name_fa=to_persian_digits(f"استان نمونه {p + 1}"),
                name_en=f"Sample province {p + 1}",
                geometry=whole,
                area_km2=round(area_km2(whole), 1),
                iso_code=code,
            )
        )
        for c in range(_SYNTHETIC_COUNTIES_PER_PROVINCE):
            square = _square(lon0 + (c % 2), lat0 + (c // 2), 1.0)
            county_rows.append(
                BoundaryRow(
                    code=f"{code}-{c + 1}",
                    name_fa=to_persian_digits(f"شهرستان نمونه {p + 1}-{c + 1}"),
                    name_en=f"Sample county {p + 1}-{c + 1}",
                    geometry=square,
                    area_km2=round(area_km2(square), 1),
                    province_code=code,
                )
            )
    import_geography(province_rows, "province", synthetic=True)
    import_geography(county_rows, "county", synthetic=True)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=CENSUS_COLUMNS)}
    period = parse_period(CENSUS_PERIOD)
    observations = 0
    for county in County.objects.filter(is_synthetic=True):
        population = rng.randint(40_000, 900_000)
        values = {
            "population": population,
            "urban_share": rng.uniform(35, 95),
            "literacy_rate": rng.uniform(75, 95),
            "unemployment_rate": rng.uniform(5, 20),
            "participation_rate": rng.uniform(33, 45),
        }
        for code, value in values.items():
            _save_if_changed(
                Observation,
                {
                    "indicator": indicators[code],
                    "county": county,
                    "area": None,
                    "period": period.key,
                },
                {
                    "period_kind": period.kind,
                    "period_start": period.gregorian_start(),
                    "value": round(value, 2),
                    "source": SYNTHETIC_SOURCE,
                    "is_synthetic": True,
                },
            )
            observations += 1
        urban = int(population * values["urban_share"] / 100)
        for name_fa, name_en, kind, pop, deprived in (
            ("نقاط شهری", "Urban areas", "city", urban, False),
            ("نقاط روستایی", "Rural areas", "rural", population - urban, True),
        ):
            _save_if_changed(
                Area,
                {"county": county, "name_fa": name_fa},
                {
                    "name_en": name_en,
                    "kind": kind,
                    "population": pop,
                    "is_deprived": deprived,
                    "is_synthetic": True,
                },
            )
    return DemoGeographyReport(
        "synthetic",
        Province.objects.count(),
        County.objects.count(),
        observations,
        Area.objects.filter(is_synthetic=True).count(),
    )


# --- synthetic area boundaries ----------------------------------------------------------


def _area_shapes(county_geometry: dict[str, Any], kinds: list[str]) -> list[Any]:
    """Made-up shapes inside a county for its areas by kind: the city a disc around the county's
    inner point, an informal settlement a smaller disc on the city's edge, the rest (rural
    areas) what is left; None for an area left undrawn (another kind, or nothing left)."""
    county = shapely.geometry.shape(county_geometry).buffer(0)
    centre = county.representative_point()
    radius = 0.2 * county.area**0.5
    city = centre.buffer(radius).intersection(county)
    informal = (
        shapely.Point(centre.x + 1.1 * radius, centre.y)
        .buffer(0.45 * radius)
        .intersection(county)
        .difference(city)
    )
    drawn = {"city": city, "informal_settlement": informal}
    rest = county.difference(city).difference(informal) if "informal_settlement" in kinds else None
    drawn["rural"] = rest if rest is not None else county.difference(city)
    shapes = []
    for kind in kinds:
        shape = drawn.pop(kind, None)  # one area of each kind drawn
        shapes.append(None if shape is None or shape.is_empty else shape)
    return shapes


@transaction.atomic
def draw_demo_area_boundaries() -> int:
    """Synthetic boundaries for the areas of the demo counties with sub-areas (the synthetic
    country's, or DEMO_AREA_COUNTIES'), so that the county page can map its areas by score.
    Imported as an area-level file would be, flagged synthetic (the areas' rows say so); an area
    that already has a boundary keeps it. Idempotent; returns the areas drawn."""
    counties = County.objects.filter(geometry__isnull=False).filter(
        Q(is_synthetic=True) | Q(name_en__in=DEMO_AREA_COUNTIES)
    )
    rows: list[BoundaryRow] = []
    for county in counties.order_by("code"):
        areas = list(county.areas.order_by("pk"))
        if not areas or any(a.geometry for a in areas):
            continue  # drawn already, or boundaries imported: never mixed with made-up ones
        assert county.geometry is not None
        for area, shape in zip(
            areas, _area_shapes(county.geometry, [a.kind for a in areas]), strict=True
        ):
            if shape is None:
                continue
            # Rounded, and as JSON stores it (lists): a re-run finds nothing changed.
            rounded = shapely.set_precision(shape, 1e-5)
            geometry = json.loads(json.dumps(shapely.geometry.mapping(rounded)))
            rows.append(
                BoundaryRow(
                    code=area.code,
                    name_fa=area.name_fa,
                    name_en=area.name_en,
                    geometry=geometry,
                    area_km2=round(area_km2(geometry), 1),
                    county_code=county.code,
                    kind=area.kind,
                )
            )
    if rows:
        import_geography(rows, "area", synthetic=True)
    return len(rows)


def load_demo_series() -> SyntheticReport:
    """Synthetic series around the census (idempotent; real values are never replaced)."""
    from demo.synthetic import generate_synthetic_series

    return generate_synthetic_series()
