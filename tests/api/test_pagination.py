"""API page counts: cached while the counted rows are unchanged, never stale after a write."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import Observation
from tests.conftest import client_for
from tests.observations import observe, scoring_world

pytestmark = pytest.mark.django_db


def _counts(captured) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def test_observation_count_is_cached_until_an_observation_changes(world):
    scoring_world(world, periods=("1402",))
    client = client_for(world.analyst)
    stored = Observation.objects.count()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/observations/").json()["count"] == stored
    with CaptureQueriesContext(connection) as second:
        assert client.get("/api/v1/observations/").json()["count"] == stored
    assert _counts(first) == 1 and _counts(second) == 0

    observe(world.county_a, "new_jobs", "1403", 4)
    assert client.get("/api/v1/observations/").json()["count"] == stored + 1
    Observation.objects.filter(period="1403").get().delete()
    assert client.get("/api/v1/observations/").json()["count"] == stored


def test_each_filter_has_its_own_count(world):
    scoring_world(world, periods=("1402",))
    client = client_for(world.analyst)
    everything = client.get("/api/v1/observations/").json()["count"]
    one_county = client.get("/api/v1/observations/", {"county": world.county_a.code}).json()
    assert one_county["count"] == Observation.objects.filter(county=world.county_a).count()
    assert 0 < one_county["count"] < everything
    assert client.get("/api/v1/observations/").json()["count"] == everything


def test_endpoints_without_a_stamp_count_every_time(world):
    client = client_for(world.analyst)
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/counties/")
    with CaptureQueriesContext(connection) as second:
        client.get("/api/v1/counties/")
    assert _counts(first) == _counts(second) == 1


def test_a_filter_that_matches_nothing_gives_an_empty_page(world):
    scoring_world(world, periods=("1402",))
    response = client_for(world.analyst).get("/api/v1/observations/", {"period": "not-a-period"})
    assert response.status_code == 200 and response.json()["count"] == 0
