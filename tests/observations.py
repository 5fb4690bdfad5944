"""Plain factories for indicator data: observations, a scored world."""

from __future__ import annotations

from counties.catalogue import DEFAULT_METHODOLOGY
from counties.models import Area, County, Indicator, Observation
from counties.services import ensure_default_catalogue
from governance.periods import parse_period
from scores.services import ensure_default_methodology

SPEC_CODES = [i["code"] for d in DEFAULT_METHODOLOGY["spec"]["dimensions"] for i in d["indicators"]]

# A "good" and a "poor" profile in raw units for the default methodology's ten indicators.
GOOD = {
    "informal_settlement_share": 2,
    "insecure_tenure_households": 5,
    "waste_collection_coverage": 98,
    "waste_recycling": 25,
    "sanitary_landfill_share": 80,
    "waste_per_capita": 0.6,
    "unemployment_rate": 6,
    "youth_unemployment_rate": 15,
    "participation_rate": 48,
    "new_jobs": 12,
}
POOR = {
    "informal_settlement_share": 30,
    "insecure_tenure_households": 45,
    "waste_collection_coverage": 55,
    "waste_recycling": 2,
    "sanitary_landfill_share": 10,
    "waste_per_capita": 1.2,
    "unemployment_rate": 25,
    "youth_unemployment_rate": 45,
    "participation_rate": 33,
    "new_jobs": 2,
}


def observe(
    county: County,
    code: str,
    period: str,
    value: float,
    *,
    area: Area | None = None,
    synthetic: bool = False,
    source: str = "test",
) -> Observation:
    """Create one observation (history included: it goes through save())."""
    parsed = parse_period(period)
    return Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        county=county,
        area=area,
        period=parsed.key,
        period_kind=parsed.kind,
        period_start=parsed.gregorian_start(),
        value=value,
        source=source,
        is_synthetic=synthetic,
    )


def observe_profile(
    county: County, period: str, profile: dict[str, float], *, area: Area | None = None
) -> None:
    for code, value in profile.items():
        observe(county, code, period, value, area=area)


def mix(weight_good: float) -> dict[str, float]:
    """A profile between POOR (0) and GOOD (1)."""
    return {c: POOR[c] + weight_good * (GOOD[c] - POOR[c]) for c in GOOD}


def scoring_world(world, periods: tuple[str, ...] = ("1402",)) -> None:
    """Catalogue, default methodology, populations and the ten indicators for the 3 counties."""
    ensure_default_catalogue()
    ensure_default_methodology()
    for period in periods:
        for county, quality, population in (
            (world.county_a, 0.8, 500_000),
            (world.county_a2, 0.3, 100_000),
            (world.county_b, 0.5, 250_000),
        ):
            observe_profile(county, period, mix(quality))
            observe(county, "population", period, population)


def varied_world(world, extra: int = 6, seed: int = 15, period: str = "1402") -> list[County]:
    """`scoring_world` plus `extra` counties whose ten indicators are drawn independently
    between POOR and GOOD (so methods disagree on the order); returns every county."""
    import numpy as np

    from tests import personas

    scoring_world(world, (period,))
    rng = np.random.default_rng(seed)
    counties = [world.county_a, world.county_a2, world.county_b]
    for k in range(extra):
        county = personas.make_county(world.province_b, f"CV{k}", name_en=f"County V{k}")
        share = rng.uniform(0, 1, len(GOOD))
        profile = {c: POOR[c] + s * (GOOD[c] - POOR[c]) for c, s in zip(GOOD, share, strict=True)}
        observe_profile(county, period, profile)
        observe(county, "population", period, 50_000 + 10_000 * k)
        counties.append(county)
    return counties
