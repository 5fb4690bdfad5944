"""Deprivation clusters (issue 15): Moran's I and LISA wired to PySAL over the counties' Queen
contiguity from their stored boundaries, the low-low clusters, the counties left out, the page's
permissions and its CSV."""

from __future__ import annotations

from decimal import Decimal

import esda
import libpysal
import numpy as np
import pytest
import shapely.geometry
from django.utils import translation

from counties.contiguity import queen_contiguity
from counties.models import County
from dashboards import clusters
from scores.models import Score, ScoreRun
from scores.spatial import PERMUTATIONS, SEED, SIGNIFICANCE, Quadrant
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.persian_text import latin_in_persian_text
from tests.personas import make_user
from tests.scale import PERIOD, scaled_country


def _square(x: float, y: float, size: float = 1.0) -> dict[str, object]:
    return shapely.geometry.mapping(shapely.geometry.box(x, y, x + size, y + size))


# ---- contiguity from hand-made squares --------------------------------------------------------


def test_queen_contiguity_of_squares_finds_edges_corners_and_t_junctions():
    boundaries = {
        "a": _square(0, 0),
        "b": _square(1, 0),
        "c": _square(0, 1),
        "d": _square(1, 1),
        "e": _square(2, 2),  # touches d at one corner only
        "wide": {  # under a and b: its top edge holds no vertex of theirs at x = 1
            "type": "Polygon",
            "coordinates": [[[0, -1], [2, -1], [2, 0], [0, 0], [0, -1]]],
        },
        "island": _square(10, 10),
        "none": None,
        "broken": {"type": "Point", "coordinates": [0, 0]},
    }
    found = queen_contiguity(boundaries)
    assert found.neighbours == {
        "a": ["b", "c", "d", "wide"],
        "b": ["a", "c", "d", "wide"],
        "c": ["a", "b", "d"],
        "d": ["a", "b", "c", "e"],
        "e": ["d"],
        "wide": ["a", "b"],
        "island": [],
    }
    assert found.unusable == ["broken", "none"]
    assert found.islands == ["island"]


def test_queen_contiguity_agrees_with_libpysal_where_neighbours_share_vertices():
    keys = [f"k{i}" for i in range(12)]
    boundaries = {k: _square(i % 4, i // 4) for i, k in enumerate(keys)}
    shapes = [shapely.geometry.shape(boundaries[k]) for k in keys]
    theirs = libpysal.weights.Queen.from_iterable(shapes, ids=keys)
    ours = queen_contiguity(boundaries).neighbours
    assert ours == {k: sorted(theirs.neighbors[k]) for k in keys}


# ---- a grid country: a low block across the border of two provinces ---------------------------

COLUMNS, ROWS = 6, 4
LOW = {(r, c) for r in (0, 1) for c in (1, 2, 3, 4)}  # columns 0-2 west, 3-5 east


@pytest.fixture
def grid(db):
    """24 counties on a 6x4 grid of unit squares, the west three columns in one province and
    the east three in another, scored low in a 2x4 block across their border and high
    elsewhere; one more county without a boundary and one island far away."""
    country = scaled_country(COLUMNS * ROWS + 2, prefix="G")
    west, east = country.provinces[0], country.provinces[1]
    rng = np.random.default_rng(7)
    counties = country.counties
    values: dict[str, float] = {}
    for i, county in enumerate(counties):
        if i < COLUMNS * ROWS:
            row, column = divmod(i, COLUMNS)
            county.geometry = _square(50 + column, 30 + row)
            county.province = west if column < 3 else east
            values[county.code] = (
                float(rng.uniform(5, 15)) if (row, column) in LOW else float(rng.uniform(60, 90))
            )
        else:
            county.geometry = None if i == COLUMNS * ROWS else _square(70, 40)
            county.province = west
            values[county.code] = 50.0
    County.objects.bulk_update(counties, ["geometry", "province"])
    scores = list(Score.objects.filter(run=country.run))
    for score in scores:
        score.composite = Decimal(str(round(values[score.county.code], 2)))
    Score.objects.bulk_update(scores, ["composite"])
    country.no_boundary = counties[COLUMNS * ROWS]
    country.island = counties[COLUMNS * ROWS + 1]
    country.low = [counties[r * COLUMNS + c] for r, c in sorted(LOW)]
    country.west, country.east = west, east
    return country


def _esda_directly(run: ScoreRun, period: str):
    """Moran's I and LISA computed here by esda, on libpysal's own Queen weights built from the
    stored boundaries, with the page's seed and permutations."""
    values = {
        code: float(v)
        for code, v in Score.objects.filter(run=run, period=period).values_list(
            "county__code", "composite"
        )
    }
    shaped = {
        code: shapely.geometry.shape(geometry)
        for code, geometry in County.objects.filter(code__in=values, geometry__isnull=False)
        .order_by("code")
        .values_list("code", "geometry")
    }
    everyone = libpysal.weights.Queen.from_iterable(list(shaped.values()), ids=list(shaped))
    keys = [k for k in shaped if k not in everyone.islands]
    w = libpysal.weights.w_subset(everyone, keys)
    w.transform = "r"
    y = np.array([values[k] for k in keys])
    np.random.seed(SEED)
    moran = esda.Moran(y, w, permutations=PERMUTATIONS)
    lisa = esda.Moran_Local(y, w, permutations=PERMUTATIONS, seed=SEED)
    names = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
    categories = {
        k: names[int(q)] if p <= SIGNIFICANCE else "NS"
        for k, q, p in zip(keys, lisa.q, lisa.p_sim, strict=True)
    }
    return moran, categories, dict(zip(keys, lisa.p_sim.tolist(), strict=True))


def _assert_agrees_with_esda(run: ScoreRun, period: str) -> None:
    moran, categories, p_values = _esda_directly(run, period)
    ours = clusters.spatial_statistics(run, period).result
    assert ours.moran is not None
    assert ours.moran.i == pytest.approx(moran.I)
    assert ours.moran.expected == pytest.approx(moran.EI)
    assert ours.moran.p == pytest.approx(moran.p_sim)
    assert ours.moran.z == pytest.approx(moran.z_sim)
    assert {k: str(v.quadrant) for k, v in ours.local.items()} == categories
    assert {k: v.p for k, v in ours.local.items()} == pytest.approx(p_values)


def test_morans_i_and_lisa_categories_equal_esda_on_the_grid(grid):
    _assert_agrees_with_esda(grid.run, PERIOD)


def test_morans_i_and_lisa_categories_equal_esda_on_the_demo(db, settings, tmp_path):
    from tests.demo_snapshots import seed_demo_once

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo_once(synthetic=True)
    run = ScoreRun.objects.latest_published()
    assert run is not None
    scored = Score.objects.filter(run=run).order_by("-period").values_list("period", flat=True)
    periods = list(dict.fromkeys(scored))[:2]
    assert periods
    for period in periods:
        _assert_agrees_with_esda(run, period)


def test_a_low_low_cluster_across_a_provincial_border_is_found_and_marked(grid):
    with translation.override("en"):
        page = clusters.clusters_page(grid.run, PERIOD, "")
        names = f"{grid.west.name}, {grid.east.name}"
    result = clusters.spatial_statistics(grid.run, PERIOD).result
    assert result.moran is not None and result.moran.i > 0 and result.moran.p <= SIGNIFICANCE
    low_low = {k for k, v in result.local.items() if v.quadrant == Quadrant.LOW_LOW}
    assert low_low and low_low <= {c.code for c in grid.low}
    panel = page["panels"][1]
    crossing = [r for r in panel.rows if r["crosses_border"]]
    assert len(crossing) == 1
    assert set(crossing[0]["county_codes"].split()) == low_low
    assert crossing[0]["provinces"] == names


def test_counties_without_a_boundary_or_a_neighbour_are_reported_not_tested(grid):
    with translation.override("en"):
        page = clusters.clusters_page(grid.run, PERIOD, "")
    assert [c.code for c in page["without_boundary"]] == [grid.no_boundary.code]
    assert [c.code for c in page["isolated"]] == [grid.island.code]
    result = clusters.spatial_statistics(grid.run, PERIOD).result
    assert grid.no_boundary.code not in result.local and grid.island.code not in result.local
    categories = {r["county_code"]: r["category"] for r in page["panels"][0].rows}
    assert categories[grid.no_boundary.code] == "No boundary"
    assert categories[grid.island.code] == "No neighbour with a score"


# ---- the page ---------------------------------------------------------------------------------


def test_the_page_shows_morans_i_the_map_and_the_cross_border_cluster(grid):
    analyst = make_user("analyst_grid", "analyst")
    response = client_for(analyst, "en").get("/dashboards/clusters/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="moran-sentence"' in html and "more often than chance" in html
    assert "crosses a provincial border" in html
    assert grid.no_boundary.name in html and grid.island.name in html
    figure = response.context["panels"][0].figure
    assert {t["name"] for t in figure["data"]} >= {"Low-low", "Not significant"}


def test_the_page_in_persian_reads_persian_digits_in_the_period(grid):
    analyst = make_user("analyst_grid", "analyst")
    response = client_for(analyst, "fa").get("/dashboards/clusters/?period=۱۴۰۲")
    assert response.status_code == 200
    assert response.context["period"] == PERIOD
    html = response.content.decode()
    assert "خوشه‌های پایین-پایین" in html and 'id="moran-sentence"' in html
    assert latin_in_persian_text(html) == []


def test_a_province_filter_keeps_its_counties_and_the_clusters_reaching_into_it(grid):
    analyst = make_user("analyst_grid", "analyst")
    response = client_for(analyst, "en").get(f"/dashboards/clusters/?province={grid.east.code}")
    rows = response.context["panels"][0].rows
    assert {r["province_name"] for r in rows} == {grid.east.name}
    assert [r["crosses_border"] for r in response.context["panels"][1].rows] == [True]


def test_the_csv_of_the_low_low_clusters_equals_the_table(grid):
    analyst = make_user("analyst_grid", "analyst")
    client = client_for(analyst, "en")
    panel = client.get("/dashboards/clusters/").context["panels"][1]
    assert panel.rows
    response = client.get("/dashboards/clusters/?download=low-low")
    assert response.status_code == 200
    rows = [r for r in csv_rows(response) if r.get("Cluster", "").isdigit()]
    assert [
        (
            int(r["Cluster"]),
            r["County names"],
            r["County codes"],
            r["Provinces"],
            int(r["Population"]) if r["Population"] else None,
            r["Crosses a provincial border"] == "1",
        )
        for r in rows
    ] == [
        (
            r["cluster"],
            r["counties"],
            r["county_codes"],
            r["provinces"],
            r["population"],
            r["crosses_border"],
        )
        for r in panel.rows
    ]


@pytest.mark.parametrize("url", ["/dashboards/clusters/", "/dashboards/clusters/?download=low-low"])
def test_anonymous_visitors_are_sent_to_sign_in(grid, url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_governor_of_one_county_sees_the_public_scores_of_the_nation(grid, world):
    # Scores are public statistics (governance.access.can_browse_nation), as on the national
    # dashboard: the page holds no county's private data.
    assert client_for(world.governor_a).get("/dashboards/clusters/").status_code == 200


def test_the_national_dashboard_links_to_the_clusters(grid):
    analyst = make_user("analyst_grid", "analyst")
    html = client_for(analyst, "en").get("/dashboards/").content.decode()
    assert 'id="link-clusters"' in html and "/dashboards/clusters/" in html


def test_the_page_runs_a_bounded_number_of_queries(grid, django_assert_max_num_queries):
    analyst = make_user("analyst_grid", "analyst")
    client = client_for(analyst, "en")
    with django_assert_max_num_queries(20):  # cold: contiguity, scores, counties, population
        assert client.get("/dashboards/clusters/").status_code == 200
    with django_assert_max_num_queries(9):  # warm: the page's data from the cache
        assert client.get("/dashboards/clusters/").status_code == 200
