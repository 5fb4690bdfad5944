"""The default indicator catalogue: the three challenges of the speech plus context dimensions."""

from __future__ import annotations

from dataclasses import dataclass

CENSUS_SOURCE = "Statistical Centre of Iran, Census 1395 (2016)"


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    name_fa: str
    name_en: str
    is_challenge: bool
    order: int


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    dimension: str
    name_fa: str
    name_en: str
    unit: str
    direction: str
    min_value: float | None
    max_value: float | None
    frequency: str = "yearly"
    source: str = ""


DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec("marginalization", "حاشیه‌نشینی", "Informal settlements", True, 1),
    DimensionSpec("solid_waste", "پسماند", "Solid waste", True, 2),
    DimensionSpec("employment", "اشتغال", "Employment", True, 3),
    DimensionSpec("education", "آموزش", "Education", False, 4),
    DimensionSpec("demography", "جمعیت", "Population", False, 5),
)

INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "informal_settlement_share",
        "marginalization",
        "سهم جمعیت ساکن در سکونتگاه‌های غیررسمی",
        "Population in informal settlements",
        "%",
        "lower",
        0,
        100,
    ),
    IndicatorSpec(
        "insecure_tenure_households",
        "marginalization",
        "خانوارهای فاقد سند مالکیت معتبر",
        "Households without secure tenure",
        "%",
        "lower",
        0,
        100,
    ),
    IndicatorSpec(
        "waste_per_capita",
        "solid_waste",
        "پسماند جمع‌آوری‌شده سرانه",
        "Waste collected per capita",
        "kg/day",
        "lower",
        0,
        5,
    ),
    IndicatorSpec(
        "waste_collection_coverage",
        "solid_waste",
        "پوشش جمع‌آوری پسماند",
        "Waste collection coverage",
        "%",
        "higher",
        0,
        100,
    ),
    IndicatorSpec(
        "waste_recycling",
        "solid_waste",
        "تفکیک از مبدأ و بازیافت",
        "Source separation and recycling",
        "%",
        "higher",
        0,
        100,
    ),
    IndicatorSpec(
        "sanitary_landfill_share",
        "solid_waste",
        "سهم دفن بهداشتی",
        "Sanitary landfill share",
        "%",
        "higher",
        0,
        100,
    ),
    IndicatorSpec(
        "unemployment_rate",
        "employment",
        "نرخ بیکاری",
        "Unemployment rate",
        "%",
        "lower",
        0,
        100,
        source=CENSUS_SOURCE,
    ),
    IndicatorSpec(
        "youth_unemployment_rate",
        "employment",
        "نرخ بیکاری جوانان",
        "Youth unemployment rate (15-24)",
        "%",
        "lower",
        0,
        100,
    ),
    IndicatorSpec(
        "participation_rate",
        "employment",
        "نرخ مشارکت اقتصادی",
        "Labour-force participation rate",
        "%",
        "higher",
        0,
        100,
        source=CENSUS_SOURCE,
    ),
    IndicatorSpec(
        "new_jobs",
        "employment",
        "اشتغال ایجادشده",
        "New jobs created",
        "jobs per 1,000 people",
        "higher",
        0,
        1000,
    ),
    IndicatorSpec(
        "literacy_rate",
        "education",
        "نرخ باسوادی (۱۵ سال و بیشتر)",
        "Literacy rate (15+)",
        "%",
        "higher",
        0,
        100,
        source=CENSUS_SOURCE,
    ),
    IndicatorSpec(
        "urban_share",
        "demography",
        "نسبت شهرنشینی",
        "Urban share",
        "%",
        "higher",
        0,
        100,
        source=CENSUS_SOURCE,
    ),
    IndicatorSpec(
        "population",
        "demography",
        "جمعیت",
        "Population",
        "people",
        "higher",
        0,
        None,
        frequency="census",
        source=CENSUS_SOURCE,
    ),
)

# Census columns of iran_counties_census2016.csv that become observations of period 1395.
CENSUS_COLUMNS: dict[str, str] = {
    "population": "pop_2016",
    "urban_share": "urban_pct_2016",
    "literacy_rate": "literacy15plus_pct_2016",
    "unemployment_rate": "unemployment_rate_2016",
    "participation_rate": "participation_rate_2016",
}
CENSUS_PERIOD = "1395"
