"""Editing areas: bad input changes nothing, concurrent edits are caught, every change audited."""

from __future__ import annotations

import re

import pytest

from counties.models import Area
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(world):
    return Area.objects.create(
        county=world.county_a, name_fa="نقاط شهری", name_en="Urban", kind="city", population=1000
    )


def _form(area, **changes):
    data = {
        "name_fa": area.name_fa,
        "name_en": area.name_en,
        "code": "",
        "kind": area.kind,
        "population": area.population,
        "version": area.version,
    }
    data.update(changes)
    return data


def test_second_of_two_concurrent_edits_is_refused_and_the_first_is_kept(world, area):
    client = client_for(world.governor_a)
    first = client.post(f"/counties/CA/areas/{area.pk}/edit/", _form(area, population=1500))
    assert first.status_code == 302
    stale = client.post(f"/counties/CA/areas/{area.pk}/edit/", _form(area, population=9999))
    assert stale.status_code == 200
    assert "Someone else changed this area" in stale.content.decode()
    area.refresh_from_db()
    assert area.population == 1500


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"population": "-5"}, "greater than or equal to 0"),
        ({"population": "many"}, "Enter a whole number"),
        ({"kind": "castle"}, "Select a valid choice"),
        ({"population": "60000000"}, "more than 50 million"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(world, area, changes, message):
    response = client_for(world.governor_a).post(
        f"/counties/CA/areas/{area.pk}/edit/", _form(area, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    area.refresh_from_db()
    assert area.population == 1000 and area.kind == "city" and area.version == 1


def test_duplicate_area_name_in_the_same_county_is_refused(world, area):
    response = client_for(world.governor_a).post("/counties/CA/areas/new/", _form(area, version=""))
    assert "already has an area with this name" in response.content.decode()
    assert Area.objects.filter(county=world.county_a).count() == 1


def test_every_change_is_recorded_with_who_and_what(world, area):
    client = client_for(world.governor_a)
    client.post(
        f"/counties/CA/areas/{area.pk}/edit/", _form(area, population=1500, is_deprived="on")
    )
    latest = area.history.order_by("-history_date").first()
    assert latest.history_user == world.governor_a
    html = client.get(f"/counties/CA/areas/{area.pk}/history/").content.decode()
    assert "gov_a" in html and "1,500" in html  # as numbers read elsewhere


def test_the_history_shows_values_in_the_users_digits(world, area):
    client = client_for(world.governor_a)
    client.post(
        f"/counties/CA/areas/{area.pk}/edit/", _form(area, population=1500, is_deprived="on")
    )
    url = f"/counties/CA/areas/{area.pk}/history/"
    english = client.get(url).content.decode()
    assert "1,000 → 1,500" in english and "No → Yes" in english
    world.governor_a.language = "fa"
    world.governor_a.save(update_fields=["language"])
    client.cookies["django_language"] = "fa"
    persian = client.get(url).content.decode()
    assert "۱٬۰۰۰ → ۱٬۵۰۰" in persian
    changes = re.findall(r"<div><strong>.*?</strong>: (.*?)</div>", persian, re.S)
    assert changes and not re.search("[0-9]", "".join(changes))
