"""Boundaries served as versioned, cached GeoJSON files (counties.boundaries): what they hold,
how they are cached and compressed, who may fetch them, when their version changes, and that
pages and images use them instead of inlining the shapes."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from django.utils import translation

from counties import boundaries, charts
from counties.geojson_import import BoundaryRow
from counties.geometry import map_geometry, polygons_of
from counties.models import Area, County
from counties.services import import_geography
from governance.exports import chart_images
from governance.exports.figure_preparers import prepared_figure
from tests.conftest import PERSONAS, client_for

RING = [[50.0, 30.0], [51.0, 30.0], [51.0, 31.0], [50.0, 31.0], [50.0, 30.0]]


def _get(client, url, **headers):
    return client.get(url, headers=headers)


def _collection(response) -> dict:
    encoding = response.get("Content-Encoding")
    body = response.content
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        body = brotli.decompress(body)
    return json.loads(body)


def _row(county: County, geometry: dict) -> BoundaryRow:
    return BoundaryRow(
        code=county.code,
        name_fa=county.name_fa,
        name_en=county.name_en,
        geometry=geometry,
        area_km2=1000.0,
        province_code=county.province.code,
    )


def test_the_counties_file_holds_every_stored_boundary_by_code(world):
    County.objects.create(province=world.province_b, code="CX", name_en="No shape", geometry=None)
    response = _get(client_for(world.analyst), boundaries.boundary_url("counties"))
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    collection = _collection(response)
    assert collection["type"] == "FeatureCollection"
    stored = County.objects.filter(geometry__isnull=False)
    assert sorted(f["id"] for f in collection["features"]) == sorted(c.code for c in stored)
    assert all("properties" not in f for f in collection["features"])  # names come with traces
    shape = collection["features"][0]["geometry"]
    assert shape["type"] == "MultiPolygon"
    # Rewound for d3: the exterior runs clockwise (RFC 7946's counter-clockwise paints the globe).
    assert shape["coordinates"][0][0] == [[50, 30], [50, 31], [51, 31], [51, 30], [50, 30]]


def test_a_provinces_counties_and_a_countys_areas_have_their_own_files(world):
    area = Area.objects.create(
        county=world.county_a,
        name_fa="الف",
        kind="city",
        geometry={"type": "Polygon", "coordinates": [RING]},
    )
    Area.objects.create(county=world.county_a, name_fa="ب", kind="city")
    client = client_for(world.governor_b)
    provinces = _collection(_get(client, boundaries.boundary_url("provinces")))
    assert sorted(f["id"] for f in provinces["features"]) == ["PA", "PB"]
    counties = _collection(_get(client, boundaries.boundary_url("province-counties", "PA")))
    assert sorted(f["id"] for f in counties["features"]) == ["CA", "CA2"]
    areas = _collection(_get(client, boundaries.boundary_url("areas", "CA")))
    assert [f["id"] for f in areas["features"]] == [boundaries.area_key(area)]
    assert _get(client, boundaries.boundary_url("areas", "CB")).status_code == 200


def test_files_are_immutable_tagged_and_compressed_as_the_browser_accepts(world):
    client = client_for(world.ministry)
    url = boundaries.boundary_url("counties")
    plain = _get(client, url, accept_encoding="identity")
    assert plain["Cache-Control"] == "private, max-age=31536000, immutable"
    assert "Accept-Encoding" in plain["Vary"] and plain.has_header("ETag")
    assert not plain.has_header("Content-Encoding")
    zipped = _get(client, url, accept_encoding="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    brotlied = _get(client, url, accept_encoding="gzip, deflate, br")
    assert brotlied["Content-Encoding"] == "br"
    assert _collection(zipped) == _collection(brotlied) == json.loads(plain.content)
    assert zipped["ETag"] == plain["ETag"]
    again = _get(client, url, if_none_match=plain["ETag"])
    assert again.status_code == 304 and again["Cache-Control"] == plain["Cache-Control"]


def test_another_version_redirects_uncached_to_the_current_file(world):
    client = client_for(world.analyst)
    current = boundaries.boundary_url("counties")
    for stale in ("0123456789abcdef", "not-a-version"):
        response = _get(client, f"/counties/geo/{stale}/counties.json")
        assert response.status_code == 302 and response["Location"] == current
        assert response["Cache-Control"] == "no-cache"


def test_unknown_levels_and_places_are_not_found(world):
    client = client_for(world.analyst)
    version = boundaries.boundary_version("counties")
    assert _get(client, f"/counties/geo/{version}/districts.json").status_code == 404
    assert _get(client, f"/counties/geo/{version}/areas.json").status_code == 404
    assert _get(client, f"/counties/geo/{version}/provinces/NOPE/counties.json").status_code == 404
    assert _get(client, f"/counties/geo/{version}/counties/NOPE/areas.json").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_boundaries_open_to_whoever_may_open_the_pages_with_maps(world, persona):
    client = client_for(world.persona(persona))
    page = client.get("/counties/CA/")
    response = _get(client, boundaries.boundary_url("counties"))
    if persona == "anonymous":
        assert page.status_code == 302 and response.status_code == 403
    else:
        assert page.status_code == 200 and response.status_code == 200


def test_the_version_changes_when_a_boundary_is_imported_or_a_county_deleted(world):
    before = boundaries.boundary_version("counties")
    in_province = boundaries.boundary_version("province-counties", "PA")
    unchanged = import_geography([_row(world.county_b, world.county_b.geometry)], "county")
    assert unchanged.unchanged == 1 and boundaries.boundary_version("counties") == before
    moved = {"type": "Polygon", "coordinates": [[[p[0] + 1, p[1]] for p in RING]]}
    import_geography([_row(world.county_b, moved)], "county")
    after = boundaries.boundary_version("counties")
    assert after != before
    # County B is in province B: province A's file keeps its version (and its browsers' copy).
    assert boundaries.boundary_version("province-counties", "PA") == in_province
    County.objects.create(province=world.province_a, code="CN", geometry=moved)
    assert boundaries.boundary_version("province-counties", "PA") != in_province
    with_new = boundaries.boundary_version("counties")
    County.objects.filter(code="CA2").delete()
    assert boundaries.boundary_version("counties") not in (before, after, with_new)


def test_a_new_version_serves_the_new_shapes_and_the_old_url_moves_to_it(world):
    client = client_for(world.analyst)
    old = boundaries.boundary_url("counties")
    _get(client, old)  # built and cached at the old version
    moved = {"type": "Polygon", "coordinates": [[[p[0] + 1, p[1]] for p in RING]]}
    import_geography([_row(world.county_b, moved)], "county")
    new = boundaries.boundary_url("counties")
    assert new != old and _get(client, old)["Location"] == new
    shapes = {f["id"]: f["geometry"] for f in _collection(_get(client, new))["features"]}
    assert [51, 30] in shapes["CB"]["coordinates"][0][0] and [52, 31] in shapes["CB"][
        "coordinates"
    ][0][0]


def _province_map(code: str = "PA") -> dict:
    """The province page's plotly map (its counties coloured by an indicator)."""
    counties = list(County.objects.filter(province__code=code).order_by("code"))
    return charts.indicator_choropleth(
        counties, [1.0] * len(counties), "x", reverse=False, province_code=code
    )


def test_pages_with_plotly_maps_carry_the_url_of_the_boundaries_not_the_shapes(world):
    client = client_for(world.ministry)
    response = client.get("/counties/province/PA/")
    assert response.status_code == 200
    assert "coordinates" not in response.content.decode()
    figure = response.context["figure"] or _province_map()  # (no indicator in this world)
    geojson = figure["data"][-1]["geojson"]
    assert geojson == boundaries.boundary_url("province-counties", "PA")
    ids = {f["id"] for f in _collection(client.get(geojson))["features"]}
    assert set(figure["data"][-1]["locations"]) <= ids


def test_the_county_page_draws_its_map_itself_and_fetches_no_boundaries(world):
    """The county page's location map is inline SVG (counties.svg_maps): neither the shapes'
    coordinates nor a boundaries URL, and no plotly.js."""
    html = client_for(world.ministry).get("/counties/CA/").content.decode()
    assert '<svg id="county-map"' in html
    assert "coordinates" not in html and "/boundaries/" not in html
    assert "plotly" not in html


def test_images_get_the_boundaries_inline_as_kaleido_cannot_fetch_them(world):
    with translation.override("en"):
        figure = _province_map()
    inline = prepared_figure(figure)
    assert isinstance(figure["data"][-1]["geojson"], str)  # the page's figure is left alone
    assert inline["data"][-1]["geojson"] == boundaries.boundary_collection(
        "province-counties", "PA"
    )
    drawn = chart_images.Chart(figure).spec()  # what the browser session is given to draw
    assert drawn["data"][-1]["geojson"]["type"] == "FeatureCollection"


def test_a_map_is_drawn_as_an_image_from_its_inline_boundaries(world):
    from governance.exports.chromium import chromium_path

    if chromium_path() is None:
        pytest.skip("no Chromium found")
    with translation.override("en"):
        figure = _province_map()
    assert chart_images.figure_png(figure, 300, 200).startswith(b"\x89PNG")


def test_map_geometry_simplifies_rounds_and_keeps_rings_closed():
    wiggly = [[50 + i / 1000, 30 + (i % 2) / 100000] for i in range(1001)]
    ring = [*wiggly, [51, 31], [50, 31], wiggly[0]]
    shape = map_geometry({"type": "Polygon", "coordinates": [ring]}, 0.001, 3)
    (outer,) = polygons_of(shape)[0]
    assert len(outer) < 10 and outer[0] == outer[-1]
    assert all(len(str(v).split(".")[-1]) <= 3 for point in outer for v in point)
    tiny = [[50, 30], [50.00001, 30], [50.00001, 30.00001], [50, 30]]
    dropped = map_geometry({"type": "MultiPolygon", "coordinates": [[ring], [tiny]]}, 0, 3)
    assert len(dropped["coordinates"]) == 1  # rounding left the tiny polygon no area
