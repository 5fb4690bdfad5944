"""The places' stamp (counties.queries.geography_stamp) changes with every kind of write to a
county or a province, and only then: pages key their cached names by it (one statement)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import County
from counties.queries import geography_stamp
from tests import personas

pytestmark = pytest.mark.django_db


def test_it_changes_with_each_write_to_a_county_or_a_province_and_only_then(world):
    seen = {geography_stamp()}
    with CaptureQueriesContext(connection) as queries:
        assert geography_stamp() in seen  # unchanged
    assert len(queries) == 1
    added = personas.make_county(world.province_a, "NEW", name_en="New")
    seen.add(geography_stamp())
    added.name_en = "Renamed"
    added.save()
    seen.add(geography_stamp())
    world.province_b.name_fa = "استان تازه"
    world.province_b.save()
    seen.add(geography_stamp())
    County.objects.filter(pk=added.pk).delete()
    seen.add(geography_stamp())
    assert len(seen) == 5
