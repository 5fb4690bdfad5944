"""seed_demo: real Iranian data when present, a labelled synthetic country otherwise."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from counties.models import Area, County, Observation, Province
from demo.geography import real_data_available
from governance.models import User
from governance.persian import to_latin_digits
from tests.demo_snapshots import seed_demo_once

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
    seed_demo_once(synthetic=True)
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
    seed_demo_once(synthetic=False)
    assert Province.objects.count() == 31
    assert County.objects.count() == 478
    population = Observation.objects.filter(indicator__code="population", period="1395")
    assert round(sum(population.values_list("value", flat=True))) == 79_926_270
    arak = County.objects.get(name_en="Arak")
    assert User.objects.get(username="governor").county == arak
    assert not population.filter(is_synthetic=True).exists()


def _names() -> list[tuple[str, str]]:
    return [
        *Province.objects.values_list("name_fa", "name_en"),
        *County.objects.values_list("name_fa", "name_en"),
    ]


def test_synthetic_persian_names_are_written_in_persian_digits_english_in_latin():
    seed_demo_once(synthetic=True)
    names = _names()
    assert len(names) == 15
    for name_fa, name_en in names:
        assert re.search("[۰-۹]", name_fa) and not re.search("[0-9]", name_fa), name_fa
        assert re.search("[0-9]", name_en) and not re.search("[۰-۹]", name_en), name_en
    assert County.objects.get(code="S1-2").name_fa == "شهرستان نمونه ۱-۲"
    assert County.objects.get(code="S1-2").name_en == "Sample county 1-2"
    assert Province.objects.get(code="S3").name_fa == "استان نمونه ۳"


def test_a_demo_seeded_with_latin_digit_names_is_renamed_in_place_not_duplicated(tmp_path):
    seed_demo_once(synthetic=True)
    # The names as earlier versions of seed_demo wrote them.
    for model in (Province, County):
        for place in model.objects.all():
            place.name_fa = to_latin_digits(place.name_fa)
            place.save(update_fields=["name_fa"])
    assert County.objects.filter(name_fa="شهرستان نمونه 1-2").exists()
    counts = (Province.objects.count(), County.objects.count(), Area.objects.count())
    governor_county = User.objects.get(username="governor").county_id
    call_command("seed_demo", data_dir=tmp_path, force=True, verbosity=0)
    assert (Province.objects.count(), County.objects.count(), Area.objects.count()) == counts
    assert County.objects.get(code="S1-2").name_fa == "شهرستان نمونه ۱-۲"
    assert not any(re.search("[0-9]", name_fa) for name_fa, _ in _names())
    assert User.objects.get(username="governor").county_id == governor_county
