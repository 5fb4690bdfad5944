"""One read for "the latest value of an indicator for a county": `latest_values()`.

Pages, reports, plan targets, KPIs, investor figures and the county profile all ask it, so they
agree on which value is the latest: the greatest period start, county-level rows only, and on a
tie (a year and its first month start on the same day) the row saved last.
"""

from __future__ import annotations

import pytest

from counties.models import Observation
from counties.services import ensure_default_catalogue
from tests.observations import observe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue(db):
    ensure_default_catalogue()


def _latest(**filters):
    return {
        (o.indicator.code, o.county.code): (o.period, o.value)
        for o in Observation.objects.filter(**filters).latest_values()
    }


def test_the_latest_period_wins_per_indicator_and_county(world):
    observe(world.county_a, "unemployment_rate", "1402", 14.0)
    observe(world.county_a, "unemployment_rate", "1404", 11.0)
    observe(world.county_a, "unemployment_rate", "1403", 12.0)
    observe(world.county_b, "unemployment_rate", "1401", 20.0)
    observe(world.county_a, "new_jobs", "1401", 3.0)
    assert _latest() == {
        ("unemployment_rate", "CA"): ("1404", 11.0),
        ("unemployment_rate", "CB"): ("1401", 20.0),
        ("new_jobs", "CA"): ("1401", 3.0),
    }


def test_area_values_are_never_the_countys_latest_value(world):
    from counties.models import Area

    area = Area.objects.create(county=world.county_a, name_fa="ناحیه", kind="city")
    observe(world.county_a, "unemployment_rate", "1402", 14.0)
    observe(world.county_a, "unemployment_rate", "1404", 9.0, area=area)
    assert _latest() == {("unemployment_rate", "CA"): ("1402", 14.0)}


def test_a_tie_on_the_start_day_gives_one_row_the_one_saved_last(world):
    observe(world.county_a, "unemployment_rate", "1404", 11.0)
    observe(world.county_a, "unemployment_rate", "1404-01", 10.5)
    assert _latest() == {("unemployment_rate", "CA"): ("1404-01", 10.5)}


def test_filters_and_ordering_of_the_caller_are_kept_in_one_query(world, django_assert_num_queries):
    observe(world.county_a, "unemployment_rate", "1403", 12.0)
    observe(world.county_a, "new_jobs", "1403", 3.0)
    observe(world.county_b, "new_jobs", "1404", 4.0)
    with django_assert_num_queries(1):
        rows = list(
            Observation.objects.filter(county=world.county_a)
            .select_related("indicator")
            .order_by("-indicator__code")
            .latest_values()
        )
    assert [o.indicator.code for o in rows] == ["unemployment_rate", "new_jobs"]
