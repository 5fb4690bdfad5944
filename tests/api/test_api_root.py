"""/api/v1/ lists the endpoints of every app, each a link that answers."""

from __future__ import annotations

import pytest

from governance.api_root import endpoint_names
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_api_root_links_every_apps_endpoints(world):
    client = client_for(world.analyst)
    root = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert root.status_code == 200
    links = root.json()
    for prefix in ("counties", "projects", "score-runs", "meetings", "submissions"):
        assert links[prefix].endswith(f"/api/v1/{prefix}/"), prefix
    assert set(links) == set(endpoint_names())
    for url in links.values():
        assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200, url


def test_the_api_root_is_for_signed_in_users(world):
    assert client_for(None).get("/api/v1/", HTTP_ACCEPT="application/json").status_code in (
        401,
        403,
    )
