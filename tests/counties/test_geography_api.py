"""The geography API: signed-in users read, nobody writes, anonymous gets nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", ["governor_a", "officer_a", "ministry", "analyst"])
def test_signed_in_users_list_counties_filtered_by_province(world, persona):
    response = _client(world.persona(persona)).get("/api/v1/counties/?province__code=PA")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {"CA", "CA2"}


def test_anonymous_visitors_get_401_or_403(world):
    assert _client(None).get("/api/v1/counties/").status_code in (401, 403)


def test_nobody_writes_geography_through_the_api(world):
    response = _client(world.ministry).post("/api/v1/provinces/", {"code": "X"})
    assert response.status_code in (403, 405)


def test_openapi_schema_and_docs_are_served_without_a_cdn(world, client):
    client.force_login(world.analyst)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
