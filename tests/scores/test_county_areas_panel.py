"""The county's areas coloured by their score, their table and the within-county balance: the
panel in the county page's score slot (scores.areas), cached per run and areas' version."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import Area, County
from scores import areas as panel
from scores import services as scores
from scores.models import ScoreRun
from tests.conftest import client_for, visible_text
from tests.observations import GOOD, POOR, mix, observe_profile, scoring_world

pytestmark = pytest.mark.django_db


def _box(west: float, east: float) -> dict[str, object]:
    ring = [[west, 30.0], [east, 30.0], [east, 31.0], [west, 31.0], [west, 30.0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _areas(county: County, boundaries: bool = True) -> dict[str, Area]:
    """Three areas of `county` side by side (a good city, a middling district, a poor deprived
    settlement), each with its profile in 1402."""
    made = {}
    for i, (name, kind, quality, deprived) in enumerate(
        (
            ("city", "city", 1.0, False),
            ("middle", "district", 0.5, False),
            ("slum", "informal_settlement", 0.0, True),
        )
    ):
        made[name] = Area.objects.create(
            county=county,
            name_fa=f"ناحیه {name}",
            name_en=f"Area {name}",
            kind=kind,
            population=1000 * (i + 1),
            is_deprived=deprived,
            geometry=_box(50.0 + i, 51.0 + i) if boundaries else None,
        )
        observe_profile(county, "1402", mix(quality), area=made[name])
    return made


@pytest.fixture
def scored(world):
    scoring_world(world)
    County.objects.filter(pk=world.county_a.pk).update(geometry=_box(50.0, 53.0))
    world.areas = _areas(world.county_a)
    scores.rebuild_scores_now(publish=True)
    cache.clear()
    return world


def _panel(client, code: str = "CA") -> str:
    html = client.get(f"/counties/{code}/").content.decode()
    start = html.find('id="county-areas"')
    assert start >= 0, "no areas panel"
    return html[start : html.index('id="area-balance"', start)]


def _fill(html: str, area: Area) -> str:
    found = re.search(rf'<path d="[^"]*" fill="([^"]+)" data-code="area-{area.pk}"', html)
    assert found, f"area {area.pk} not drawn"
    return found.group(1)


def test_score_classes_put_the_highest_in_the_top_class_and_equal_scores_together():
    assert panel.score_classes([10.0, 50.0, 90.0])[0] == [0, 2, 4]
    assert panel.score_classes([42.0, 42.0])[0] == [4, 4]
    assert panel.score_classes([]) == ([], [])


def test_the_areas_take_colours_that_follow_their_scores(scored):
    html = _panel(client_for(scored.analyst))
    colours = {name: _fill(html, area) for name, area in scored.areas.items()}
    assert colours["city"] == panel.COLOURS[-1]  # the highest score: the darkest class
    assert colours["slum"] == panel.COLOURS[0]
    assert panel.COLOURS.index(colours["middle"]) not in (0, len(panel.COLOURS) - 1)
    # The table lists them highest first, with the score the map's hover text gives.
    rows = re.findall(r'<tr data-area="(\d+)">', html)
    assert rows == [str(scored.areas[n].pk) for n in ("city", "middle", "slum")]


def test_deprived_areas_are_hatched_and_outlined_not_told_by_colour_alone(scored):
    html = _panel(client_for(scored.analyst))
    slum, city = scored.areas["slum"], scored.areas["city"]
    assert re.search(rf'data-code="area-{slum.pk}" class="marked"', html)
    assert not re.search(rf'data-code="area-{city.pk}" class="marked"', html)
    assert html.count('class="hatch"') == 1
    assert 'fill="url(#area-score-map-hatch)"' in html
    legend = html[html.index('id="area-score-map-legend"') :]
    assert "deprived" in legend[: legend.index("</ul>")]


def test_a_county_without_area_boundaries_shows_no_map_and_says_so(world):
    scoring_world(world)
    _areas(world.county_b, boundaries=False)
    scores.rebuild_scores_now(publish=True)
    html = _panel(client_for(world.analyst), "CB")
    assert 'id="area-score-map"' not in html
    assert 'id="no-area-boundaries"' in html
    assert len(re.findall(r"<tr data-area=", html)) == 3  # the scores are still listed


def test_a_county_without_area_scores_has_no_panel(scored):
    html = client_for(scored.analyst).get("/counties/CB/").content.decode()
    assert 'id="county-areas"' not in html


def test_the_balance_is_shown_beside_the_national_median(scored):
    # County B's areas are nearly alike: the median (of A and B) lies between the two.
    for i, quality in enumerate((0.9, 1.0)):
        area = Area.objects.create(
            county=scored.county_b, name_fa=f"ب{i}", kind="city", population=1000
        )
        observe_profile(scored.county_b, "1402", mix(quality), area=area)
    scores.rebuild_scores_now(publish=True)
    client = client_for(scored.analyst)
    page = client.get("/counties/CA/").content.decode()
    balance = page[page.index('id="area-balance"') :]
    text = visible_text(balance[: balance.index("</div>\n</div>")])
    assert "less balanced than the median county" in text
    page_b = client.get("/counties/CB/").content.decode()
    assert "more balanced than the median county" in visible_text(page_b)


def test_the_panel_reads_persian_digits_in_persian(scored):
    html = _panel(client_for(scored.analyst, "fa"))
    assert "۱٬۰۰۰" in html or "۱,۰۰۰" in html or "۱۰۰۰" in html
    assert "محروم" in html
    assert not re.search(r">\s*\d+(\.\d+)?\s*<", html.replace("<svg", "").split("<table")[1])


def test_the_panel_shows_only_the_published_run_and_nothing_of_the_viewer(scored):
    first = _panel(client_for(scored.governor_a))
    # A newer run, not published, where the slum scores best: the panel does not show it.
    for area, profile in ((scored.areas["slum"], GOOD), (scored.areas["city"], POOR)):
        area.observations.all().delete()
        observe_profile(scored.county_a, "1402", profile, area=area)
    draft = scores.rebuild_scores_now(publish=False)
    assert draft.published_at is None and draft.score_count
    assert _panel(client_for(scored.governor_b)) == first
    assert _panel(client_for(scored.ministry)) == first
    assert "/edit/" not in first and "/history/" not in first  # the body's table has those


def test_the_panel_changes_when_a_new_run_is_published(scored):
    client = client_for(scored.analyst)
    before = _panel(client)
    assert _fill(before, scored.areas["slum"]) == panel.COLOURS[0]
    for area, profile in ((scored.areas["slum"], GOOD), (scored.areas["city"], POOR)):
        area.observations.all().delete()
        observe_profile(scored.county_a, "1402", profile, area=area)
    scores.rebuild_scores_now(publish=True)
    after = _panel(client)
    assert _fill(after, scored.areas["slum"]) == panel.COLOURS[-1]
    assert _fill(after, scored.areas["city"]) == panel.COLOURS[0]


def test_the_panel_changes_when_an_area_is_edited(scored):
    client = client_for(scored.analyst)
    _panel(client)
    city = scored.areas["city"]
    city.is_deprived = True
    city.save()
    assert re.search(rf'data-code="area-{city.pk}" class="marked"', _panel(client))


def test_a_cached_panel_runs_no_query(scored):
    county = County.objects.for_profile_page().get(pk=scored.county_a.pk)
    run = ScoreRun.objects.latest_published()
    first = panel.county_areas_panel(run, county)
    assert 'id="area-score-map"' in first
    with CaptureQueriesContext(connection) as queries:
        assert panel.county_areas_panel(run, county) == first
    assert len(queries) == 0


def test_the_table_downloads_as_csv_highest_score_first(scored):
    html = _panel(client_for(scored.governor_b))
    url = re.search(r'id="area-scores-csv" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client_for(scored.governor_b).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line.startswith("Area ")]
    assert [line.split(",")[0] for line in lines] == ["Area city", "Area middle", "Area slum"]
    assert "Area slum,Informal settlement," in text and ",yes," in text


def test_the_csv_is_refused_to_anonymous_visitors_and_missing_without_area_scores(scored):
    url = "/counties/scores/areas/CA.csv"
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(scored.analyst).get("/counties/scores/areas/CB.csv").status_code == 404
