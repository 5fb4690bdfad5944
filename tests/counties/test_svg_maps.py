"""The county page's maps drawn on the server as inline SVG (counties.svg_maps): what they show,
that they are built once per boundaries version, and that the county page needs no plotly.js."""

from __future__ import annotations

import re

from django.utils import translation

from counties import svg_maps
from counties.models import County
from counties.services import import_geography
from tests.conftest import client_for
from tests.counties.test_boundaries import RING, _row

WIGGLY = [[50 + i / 1000, 30 + (i % 2) / 100000] for i in range(1001)]


def _points(path: str) -> list[tuple[int, int]]:
    numbers = [int(n) for n in re.findall(r"-?\d+", path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_the_county_page_references_no_plotly_bundle_and_no_chart_script(world):
    html = client_for(world.ministry).get("/counties/CA/").content.decode()
    assert "vendor/plotly/" not in html and "js/charts.js" not in html
    assert 'class="plotly-chart"' not in html
    assert '<svg id="county-map" class="svg-map"' in html


def test_the_location_map_highlights_the_county_among_its_province_by_name(world):
    county = County.objects.select_related("province").get(code="CA")
    with translation.override("fa"):
        drawn = svg_maps.county_location_map(county)
    assert drawn is not None
    assert [s.code for s in drawn.shapes] == ["CA2", "CA"]  # the county last, on top
    assert [s.fill for s in drawn.shapes] == [svg_maps.NEUTRAL, svg_maps.HIGHLIGHT]
    assert [s.title for s in drawn.shapes] == [world.county_a2.name_fa, world.county_a.name_fa]
    with translation.override("en"):
        drawn = svg_maps.county_location_map(county)
    assert drawn is not None and drawn.shapes[-1].title == "County A"


def test_a_county_without_a_boundary_has_no_location_map_and_says_so(world):
    County.objects.filter(code="CA").update(geometry=None)
    county = County.objects.select_related("province").get(code="CA")
    assert svg_maps.county_location_map(county) is None
    html = client_for(world.ministry).get("/counties/CA/").content.decode()
    assert 'id="no-county-map"' in html and 'id="county-map"' not in html


def test_the_province_drawing_is_built_once_per_boundaries_version(world, monkeypatch):
    built = []
    build = svg_maps._province_drawing
    monkeypatch.setattr(
        svg_maps, "_province_drawing", lambda *args: built.append(args) or build(*args)
    )
    county = County.objects.select_related("province").get(code="CA")
    with translation.override("fa"):
        first = svg_maps.county_location_map(county)
        assert svg_maps.county_location_map(county) == first
    with translation.override("en"):
        svg_maps.county_location_map(county)  # the names of both languages are in the drawing
    assert len(built) == 1
    moved = {"type": "Polygon", "coordinates": [[[p[0] + 1, p[1]] for p in RING]]}
    import_geography([_row(world.county_a2, moved)], "county")
    with translation.override("fa"):
        rebuilt = svg_maps.county_location_map(county)
    assert len(built) == 2 and rebuilt != first


def test_a_drawing_is_fitted_north_up_simplified_and_in_whole_units():
    ring = [*WIGGLY, [51, 31], [50, 31], WIGGLY[0]]
    width, height, paths = svg_maps.drawing(
        {
            "wiggly": {"type": "Polygon", "coordinates": [ring]},
            "north": {
                "type": "Polygon",
                "coordinates": [[[50, 31], [51, 31], [50.5, 32], [50, 31]]],
            },
            "broken": {"type": "Polygon", "coordinates": "nonsense"},
            "none": None,
        }
    )
    assert set(paths) == {"wiggly", "north"}
    assert max(width, height) <= svg_maps.SIZE + 2
    wiggly, north = _points(paths["wiggly"]), _points(paths["north"])
    assert len(wiggly) < 10  # 1,000 wiggles far under a pixel: gone
    assert all(0 <= x <= width and 0 <= y <= height for x, y in wiggly + north)
    assert max(y for _x, y in north) <= min(y for _x, y in wiggly) + 1  # north is up
    # Mercator: a degree of latitude at 31-32° is taller than a degree of longitude is wide.
    assert height > width
