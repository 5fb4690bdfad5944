"""seed_demo: real Iranian data when present, a labelled synthetic country otherwise."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from counties.demo import real_data_available
from counties.models import Area, County, Observation, Province
from governance.models import User

pytestmark = pytest.mark.django_db


def test_without_the_data_set_the_demo_is_a_synthetic_country_labelled_everywhere(tmp_path):
    call_command("seed_demo", data_dir=tmp_path, force=True)
    assert Province.objects.count() == 3 and County.objects.count() == 12
    assert not County.objects.filter(is_synthetic=False).exists()
    assert not Observation.objects.filter(is_synthetic=False).exists()
    assert not Area.objects.filter(is_synthetic=False).exists()
    assert set(User.objects.values_list("role", flat=True)) == {
        "governor",
        "provincial_officer",
        "ministry_staff",
        "analyst",
    }


def test_running_the_demo_twice_duplicates_nothing(tmp_path):
    call_command("seed_demo", data_dir=tmp_path, force=True)
    counts = (
        County.objects.count(),
        Observation.objects.count(),
        Area.objects.count(),
        User.objects.count(),
    )
    call_command("seed_demo", data_dir=tmp_path, force=True)
    assert counts == (
        County.objects.count(),
        Observation.objects.count(),
        Area.objects.count(),
        User.objects.count(),
    )


@pytest.mark.skipif(
    not real_data_available(settings.DEMO_DATA_DIR),
    reason="../shared/data/iran is not beside the checkout",
)
def test_real_data_set_gives_31_provinces_478_counties_and_the_2016_population():
    call_command("seed_demo", force=True)
    assert Province.objects.count() == 31
    assert County.objects.count() == 478
    population = Observation.objects.filter(indicator__code="population", period="1395")
    assert round(sum(population.values_list("value", flat=True))) == 79_926_270
    arak = County.objects.get(name_en="Arak")
    assert User.objects.get(username="governor").county == arak
    assert not population.filter(is_synthetic=True).exists()
