"""The baseline population period: the profile's, else the newest period with county values,
cached until an observation changes."""

from __future__ import annotations

import pytest

from counties.baseline import current_baseline
from counties.services import ensure_default_catalogue
from demo.country import iran_profile
from governance.country import pin_profile
from tests.observations import observe
from tests.project_factories import make_area

pytestmark = pytest.mark.django_db


def test_without_a_profile_period_the_newest_county_period_is_the_baseline_and_follows_new_data(
    world, django_assert_max_num_queries
):
    profile = iran_profile()
    profile.baseline_period = ""  # no census year named: the newest period with values
    pin_profile(profile)
    ensure_default_catalogue()
    observe(world.county_a, "population", "1395", 1000)
    assert current_baseline().period == "1395"
    with django_assert_max_num_queries(2):  # the profile is cached; the stamp and the cache
        assert current_baseline().period == "1395"
    observe(world.county_a, "population", "1400", 1100, area=make_area(world.county_a))
    assert current_baseline().period == "1395"  # an area's value is not a county value
    observe(world.county_b, "population", "1400", 900)
    assert current_baseline().period == "1400"
    world.county_b.observations.filter(period="1400").delete()
    assert current_baseline().period == "1395"
