"""The demo governor's county page draws the map of its areas once boundaries are imported
(import_geography --level area), in Persian and English."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from counties.geometry import bounds
from counties.models import Area, County
from governance.country import current_profile, localized
from tests.browser.conftest import log_in, screenshot, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _halves(county: County) -> list[dict[str, object]]:
    """The county's bounding box cut in two, west and east, as two area features."""
    assert county.geometry is not None
    west, south, east, north = bounds([county.geometry])
    middle = (west + east) / 2

    def box(left: float, right: float) -> dict[str, object]:
        ring = [[left, south], [right, south], [right, north], [left, north], [left, south]]
        return {"type": "Polygon", "coordinates": [ring]}

    return [
        {
            "type": "Feature",
            "properties": {"code": code, "county_code": county.code, **names},
            "geometry": box(*edges),
        }
        for code, names, edges in (
            ("W", {"name_fa": "غرب", "name_en": "West", "kind": "city"}, (west, middle)),
            ("E", {"name_fa": "شرق", "name_en": "East", "kind": "rural"}, (middle, east)),
        )
    ]


def test_the_county_page_draws_its_areas_map(page, live_server, synthetic_demo, tmp_path):
    county = County.objects.get(staff__username="governor")
    # The demo draws made-up boundaries for its own areas (demo.geography): only the file's two.
    Area.objects.filter(county=county).update(geometry=None)
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": _halves(county)}))
    call_command("import_geography", path, level="area", kind_field="kind", language="en")
    Area.objects.filter(county=county, code="E").update(is_deprived=True)

    log_in(page, live_server, "governor", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/{county.code}/")
    # The county's outline and its two areas, drawn on the server (counties.svg_maps).
    # (expect retries without evaluating a string, which the Content-Security-Policy forbids.)
    expect(page.locator("#area-map path")).to_have_count(3)
    expect(page.locator("#area-map path.outline")).to_have_count(1)
    assert "محروم" in page.locator("#area-map-legend").text_content()
    deprived = page.locator('#area-map path[fill="#D55E00"] title')
    assert deprived.text_content().startswith("شرق")
    # The boundaries' credit of the country profile in use (the demo's: OpenStreetMap or the
    # synthetic country's own).
    source = localized(current_profile(), "boundary_source", "fa")
    assert source and source in page.locator("#area-map-panel .map-credit").inner_text()
    screenshot(page, "county-areas-map-fa")

    switch_language(page, "en")
    expect(page.locator("#area-map path")).to_have_count(3)
    assert "deprived" in page.locator("#area-map-legend").text_content()
    assert page.locator('#area-map path[fill="#D55E00"] title').text_content().startswith("East")
    screenshot(page, "county-areas-map-en")
