"""A county's figures as its page shows them: the key figures (population, area, density) and
the newest value of each indicator, rendered once per state of the data.

Nothing here depends on who is asking except whether they may follow a value to its source and
history (`can_view_private`, decided per request by governance.access and part of the key).
The key names what the figures derive from: the observations (`observations_stamp`, which
changes on every write), the indicator catalogue (`catalogue_stamp`), the county's own row (its
area, census code), the baseline population figure, the country profile and the language
(governance.caching). So an edit is seen on the next visit, and an unchanged county costs
two small queries instead of reading its observations and rendering its table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from counties.baseline import Baseline
from counties.models import County, Observation
from counties.queries import catalogue_stamp
from governance.caching import cached, versioned_key


@dataclass(frozen=True)
class CountyFigures:
    """The two blocks of the county page built from its observations."""

    key_figures: SafeString  # population, area and density (and the note when it has none)
    indicators: SafeString  # the table of the newest value of each indicator


def county_figures(
    county: County, baseline: Baseline, stamp: int, *, can_view_private: bool
) -> CountyFigures:
    """The county's figures for a user who may (or may not) see their sources, as of the
    observations `stamp`; cached (two queries on a miss, besides the catalogue's one)."""
    key = versioned_key(
        "county-figures",
        county.pk,
        county.updated_at.isoformat() if county.updated_at else "-",
        int(county.created_after_census),
        stamp,
        catalogue_stamp(),
        baseline.indicator_code,
        baseline.period,
        int(can_view_private),
    )
    figures: CountyFigures = cached(
        key, lambda: _render(county, baseline, can_view_private=can_view_private)
    )
    return figures


def _render(county: County, baseline: Baseline, *, can_view_private: bool) -> CountyFigures:
    latest = list(
        Observation.objects.select_related("indicator__dimension")
        .filter(county=county)
        .order_by("indicator__dimension__order", "indicator__code")
        .latest_values()
    )
    population = next((o for o in latest if o.indicator.code == baseline.indicator_code), None)
    density = None
    if population and county.area_km2:
        density = population.value / float(county.area_km2)
    context = {
        "county": county,
        "figures": latest,
        "population": population,
        "density": density,
        "can_view_private": can_view_private,
    }
    return CountyFigures(
        key_figures=render_to_string("counties/_key_figures.html", context),
        indicators=render_to_string("counties/_indicator_table.html", context),
    )
