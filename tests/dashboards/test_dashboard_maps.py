"""The dashboards' maps name their boundaries by URL (counties.boundaries): the pages carry no
shapes, and the files hold every place the maps locate."""

from __future__ import annotations

import json

import pytest

from counties import boundaries
from tests.conftest import client_for


@pytest.mark.parametrize("url", ["/dashboards/", "/dashboards/?province=PA"])
def test_the_dashboards_maps_fetch_their_boundaries_instead_of_inlining_them(scored, url):
    client = client_for(scored.ministry, "fa")
    response = client.get(url)
    assert response.status_code == 200
    assert "coordinates" not in response.content.decode()
    maps = {p.key: p.figure for p in response.context["panels"] if p.key.endswith("-map")}
    expected = {"county-map": "counties", "province-map": "provinces"}
    assert set(maps) == set(expected)
    for key, figure in maps.items():
        urls = {trace["geojson"] for trace in figure["data"]}
        assert urls == {boundaries.boundary_url(expected[key])}
        served = json.loads(client.get(urls.pop(), headers={"Accept-Encoding": ""}).content)
        ids = {feature["id"] for feature in served["features"]}
        assert {code for trace in figure["data"] for code in trace["locations"]} <= ids
