"""Dashboards under the completeness rules: a partial new year is provisional, never a default.

The world: three counties scored in 1402 and 1403 (complete); in 1404 every county has only an
unemployment rate, and counties A and B have every indicator, so 2 of 3 are ranked (1404 is
provisional) and county A2 has data below the minimum coverage ("not enough data").
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import Indicator
from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import client_for, visible_text
from tests.downloads import csv_rows
from tests.observations import mix, observe, observe_profile, scoring_world
from tests.personas import make_county

pytestmark = pytest.mark.django_db

TEXT = {
    "en": {
        "provisional": "(provisional)",
        "banner": "Provisional: 2 of 3 counties have enough data",
        "ranked_1403": "3 of 3 counties ranked",
        "ranked_1404": "2 of 3 counties ranked",
        "short": "Not enough data for this period",
        "run": "Published run no. {id}",
        "none_complete": "No period has complete data yet.",
    },
    "fa": {
        "provisional": "(موقت)",
        "banner": "موقت: ۲ از ۳ شهرستان دادهٔ کافی دارند",
        "ranked_1403": "۳ از ۳ شهرستان رتبه‌بندی شده‌اند",
        "ranked_1404": "۲ از ۳ شهرستان رتبه‌بندی شده‌اند",
        "short": "دادهٔ کافی برای این دوره نیست",
        "run": "اجرای منتشرشدهٔ شمارهٔ {id}",
        "none_complete": "هنوز هیچ دوره‌ای دادهٔ کامل ندارد.",
    },
}


def _persian_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def run_text(language: str, run: ScoreRun) -> str:
    number = str(run.pk) if language == "en" else _persian_digits(str(run.pk))
    return TEXT[language]["run"].format(id=number)


def add_partial_1404(world) -> None:
    """Unemployment for every county in 1404; every indicator for A (poor) and B (good) only:
    were 1404 the default, B would overtake A."""
    for county in (world.county_a, world.county_a2, world.county_b):
        observe(county, "unemployment_rate", "1404", 12)
    for county, quality in ((world.county_a, 0.2), (world.county_b, 0.9)):
        profile = {k: v for k, v in mix(quality).items() if k != "unemployment_rate"}
        observe_profile(county, "1404", profile)


@pytest.fixture
def partial(world):
    scoring_world(world, periods=("1402", "1403"))
    scores.rebuild_scores_now(publish=True)
    world.ranks_before = _ranks("1403")
    add_partial_1404(world)
    world.run = scores.rebuild_scores_now(publish=True)
    return world


def _ranks(period: str) -> dict[str, tuple[int, int, int]]:
    run = ScoreRun.objects.latest_published()
    return {
        s.county.code: (s.national_rank, s.provincial_rank, s.tier)
        for s in Score.objects.filter(run=run, period=period).select_related("county")
    }


def missing_names(language: str) -> list[str]:
    field = "name_en" if language == "en" else "name_fa"
    missing = Indicator.objects.filter(code__in=["waste_recycling", "new_jobs"])
    return [getattr(i, field) for i in missing]


def test_the_partial_year_is_provisional_and_leaves_the_1403_ranks_alone(partial):
    from scores.completeness import run_periods

    statuses = run_periods(partial.run)
    assert statuses.default == "1403"
    assert statuses.provisional == ["1404"]
    assert _ranks("1403") == partial.ranks_before
    assert partial.ranks_before["CA"][0] == 1 and partial.ranks_before["CA2"][0] == 3


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("url", ["/dashboards/", "/dashboards/province/PA/"])
def test_overview_opens_on_the_last_complete_period_and_offers_1404_labelled(
    partial, language, url
):
    response = client_for(partial.analyst, language).get(url)
    assert response.status_code == 200
    assert response.context["filters"].period == "1403"
    html = response.content.decode()
    text = visible_text(html)
    words = TEXT[language]
    assert 'value="1404" data-provisional="1"' in html
    option = html[html.index('value="1404"') : html.index("</option>", html.index('value="1404"'))]
    assert words["provisional"] in option
    assert words["provisional"] not in html[html.index('value="1403"') :].split("</option>")[0]
    assert 'id="provisional-banner"' not in html
    assert run_text(language, partial.run) in text
    assert words["ranked_1403"] in text
    codes = [r["county_code"] for r in response.context["ranking"].rows]
    assert codes[:2] == ["CA", "CA2"] if "province" in url else codes == ["CA", "CB", "CA2"]
    # The 1403 ranks shown are those of before the partial year arrived.
    ranks = {r["county_code"]: r["national_rank"] for r in response.context["ranking"].rows}
    assert ranks == {c: v[0] for c, v in partial.ranks_before.items() if c in ranks}


@pytest.mark.parametrize("language", ["en", "fa"])
def test_asking_for_1404_shows_the_banner_and_the_unranked_county_without_a_rank(partial, language):
    response = client_for(partial.analyst, language).get("/dashboards/?period=1404")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    words = TEXT[language]
    assert 'id="provisional-banner"' in html
    assert words["banner"] in text
    assert words["ranked_1404"] in text
    rows = response.context["ranking"].rows
    ranked = [r for r in rows if r["national_rank"] is not None]
    assert [r["county_code"] for r in ranked] == ["CB", "CA"]
    short = next(r for r in rows if r["county_code"] == "CA2")
    assert short["national_rank"] is None and short["score"] is None and short["tier"] is None
    assert words["short"] in short["note"]
    for name in missing_names(language):
        assert name in short["note"]
    row = html[html.index('class="not-enough-data"') :].split("</tr>")[0]
    assert words["short"] in visible_text(row)
    assert 'class="badge tier-' not in row
    # Movers compare ranks of complete periods only.
    assert "movers" not in {p.key for p in response.context["panels"]}


def test_the_map_draws_the_unranked_county_as_not_enough_data_apart_from_no_data(partial):
    make_county(partial.province_b, "CNEW", name_en="New county")  # no data at all
    response = client_for(partial.analyst).get("/dashboards/?period=1404")
    panel = next(p for p in response.context["panels"] if p.key == "county-map")
    traces = {t.get("name"): t for t in panel.figure["data"] if t.get("name")}
    assert traces["not enough data"]["locations"] == ["CA2"]
    assert traces["no data"]["locations"] == ["CNEW"]
    row = next(r for r in panel.rows if r["county_code"] == "CA2")
    assert row["score"] is None and "Not enough data" in row["note"]
    assert "2 of 3 counties ranked" in panel.note


def test_medians_maps_and_the_decomposition_say_how_many_counties_they_use(partial):
    response = client_for(partial.analyst).get("/dashboards/")
    notes = {p.key: p.note for p in response.context["panels"]}
    for key in ("county-map", "province-map", "distribution", "decomposition"):
        assert "3 of 3 counties ranked in 1403" in notes[key], key
    decomposition = next(p for p in response.context["panels"] if p.key == "decomposition")
    assert [r["period"] for r in decomposition.rows] == ["1402", "1403"]


def test_the_ranking_csv_of_1404_lists_the_unranked_county_with_its_note(partial):
    response = client_for(partial.analyst).get("/dashboards/?period=1404&download=ranking")
    rows = {r["County code"]: r for r in csv_rows(response)}
    assert rows["CA2"]["Rank"] == "" and rows["CA2"]["Score"] == ""
    assert rows["CA2"]["Note"].startswith("Not enough data for this period")
    assert rows["CB"]["Rank"] == "1" and rows["CB"]["Note"] == ""


@pytest.mark.parametrize("language", ["en", "fa"])
def test_county_dashboard_opens_on_1403_and_shows_1404_labelled_when_asked(partial, language):
    client = client_for(partial.analyst, language)
    words = TEXT[language]
    response = client.get("/dashboards/county/CA2/")
    assert response.status_code == 200
    assert response.context["period"] == "1403"
    assert response.context["headline"]["score"].national_rank == partial.ranks_before["CA2"][0]
    html = response.content.decode()
    assert 'value="1404" data-provisional="1"' in html
    assert run_text(language, partial.run) in visible_text(html)
    assert 'id="provisional-banner"' not in html

    unranked = client.get("/dashboards/county/CA2/?period=1404")
    assert unranked.status_code == 200
    html = unranked.content.decode()
    text = visible_text(html)
    assert words["banner"] in text
    assert words["short"] in text
    for name in missing_names(language):
        assert name in text
    assert 'id="headline"' not in html
    assert 0 < unranked.context["shortfall"].coverage < 0.8
    # The trend keeps to complete periods: 1404 is not in it.
    trend = next(p for p in unranked.context["panels"] if p.key == "score-trend")
    assert [r["period"] for r in trend.rows] == ["1402", "1403"]
    assert [r["ranked"] for r in trend.rows] == [3, 3]


def test_a_ranked_county_in_1404_shows_its_provisional_rank_without_a_change(partial):
    response = client_for(partial.analyst).get("/dashboards/county/CA/?period=1404")
    assert response.status_code == 200
    headline = response.context["headline"]
    assert headline["score"].period == "1404"
    assert headline["counties"] == 2
    assert headline["rank_change"] is None and headline["score_change"] is None
    assert 'id="provisional-banner"' in response.content.decode()


def test_county_dashboard_refuses_a_period_the_run_does_not_have(partial):
    response = client_for(partial.analyst).get("/dashboards/county/CA/?period=1399")
    assert response.status_code == 400
    assert response.context["period"] == "1403"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_compare_uses_1403_by_default_and_says_not_enough_data_in_1404(partial, language):
    client = client_for(partial.analyst, language)
    words = TEXT[language]
    response = client.get("/dashboards/compare/?c=CA&c=CA2")
    assert response.status_code == 200
    assert response.context["period"] == "1403"
    table = response.context["panels"][0]
    ranks = next(r for r in table.rows if r["measure"] in ("National rank", "رتبهٔ کشوری"))
    assert (ranks["CA"], ranks["CA2"]) == (1, 3)
    html = response.content.decode()
    assert 'value="1404" data-provisional="1"' in html
    assert run_text(language, partial.run) in visible_text(html)

    later = client.get("/dashboards/compare/?c=CA&c=CA2&period=1404")
    html = later.content.decode()
    text = visible_text(html)
    assert words["banner"] in text
    assert 'id="compare-shortfalls"' in html and words["short"] in text
    for name in missing_names(language):
        assert name in text
    table = later.context["panels"][0]
    ranks = next(r for r in table.rows if r["measure"] in ("National rank", "رتبهٔ کشوری"))
    assert ranks["CA"] == 2 and ranks["CA2"] is None
    trends = later.context["panels"][1]
    assert [r["period"] for r in trends.rows] == ["1402", "1403"]


def test_my_dashboard_keeps_the_period_asked_for(partial):
    client = client_for(partial.governor_a)
    assert client.get("/dashboards/mine/")["Location"] == "/dashboards/county/CA/"
    response = client.get("/dashboards/mine/?period=1404")
    assert response["Location"] == "/dashboards/county/CA/?period=1404"
    followed = client.get(response["Location"])
    assert 'id="provisional-banner"' in followed.content.decode()
    officer = client_for(partial.officer_a).get("/dashboards/mine/?period=1404", follow=True)
    assert officer.context["filters"].period == "1404"


def test_the_cache_keeps_periods_and_runs_apart(partial):
    client = client_for(partial.analyst)
    first = client.get("/dashboards/?period=1404").content.decode()
    default = client.get("/dashboards/").content.decode()
    assert 'id="provisional-banner"' in first and 'id="provisional-banner"' not in default
    assert "CA2" in first and visible_text(default).count("Not enough data") == 0
    # Full data for A2 in 1404 and a new published run: 1404 becomes complete and the default.
    observe_profile(
        partial.county_a2, "1404", {k: v for k, v in mix(0.3).items() if k != "unemployment_rate"}
    )
    scores.rebuild_scores_now(publish=True)
    after = client.get("/dashboards/")
    assert after.context["filters"].period == "1404"
    assert 'id="provisional-banner"' not in after.content.decode()
    assert "Not enough data" not in visible_text(after.content.decode())
    county = client.get("/dashboards/county/CA2/")
    assert county.context["period"] == "1404" and county.context["headline"]


@pytest.fixture
def only_provisional(world):
    from counties.services import ensure_default_catalogue
    from scores.services import ensure_default_methodology

    ensure_default_catalogue()
    ensure_default_methodology()
    add_partial_1404(world)
    world.run = scores.rebuild_scores_now(publish=True)
    return world


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/",
        "/dashboards/province/PA/",
        "/dashboards/county/CA/",
        "/dashboards/county/CA2/",
        "/dashboards/compare/?c=CA&c=CA2",
    ],
)
def test_with_no_complete_period_pages_say_so_and_offer_the_provisional_one(
    only_provisional, language, url
):
    client = client_for(only_provisional.analyst, language)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    words = TEXT[language]
    assert words["none_complete"] in text
    assert 'value="1404" data-provisional="1"' in html
    assert "?period=1404" in html
    assert 'id="headline"' not in html
    asked = client.get(url + ("&" if "?" in url else "?") + "period=1404")
    assert asked.status_code == 200
    assert words["banner"] in visible_text(asked.content.decode())


def test_overview_queries_do_not_grow_with_the_unranked_counties(
    partial, django_assert_max_num_queries
):
    client = client_for(partial.analyst)
    client.get("/dashboards/?period=1404")  # compiles templates, fills sessions
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboards/?period=1404")
    for i in range(15):
        observe(make_county(partial.province_b, f"CX{i}"), "unemployment_rate", "1404", 9)
    scores.rebuild_scores_now(publish=True)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        response = client.get("/dashboards/?period=1404")
    assert len([r for r in response.context["ranking"].rows if r["note"]]) == 16
    # (+3: the county dashboard's body is keyed by its work stamps, 3 index lookups.)
    with django_assert_max_num_queries(len(few) + 3):
        assert client.get("/dashboards/county/CX3/?period=1404").status_code == 200
        cache.clear()


def test_the_indicator_trend_draws_no_median_in_the_provisional_period(partial):
    response = client_for(partial.analyst).get(
        "/dashboards/county/CA2/?period=1404&indicator=unemployment_rate"
    )
    trend = next(p for p in response.context["panels"] if p.key == "indicator-trend")
    rows = {r["period"]: r for r in trend.rows}
    assert rows["1404"]["value"] == 12 and rows["1404"]["national_median"] is None
    assert rows["1403"]["national_median"] is not None and rows["1403"]["counties"] == 3
    assert "provisional period" in trend.note


def test_cache_warming_computes_nothing_for_a_run_without_a_complete_period(only_provisional):
    from dashboards import warmup

    result = warmup.warm_overviews(only_provisional.run, budget_seconds=60)
    assert (result.warmed, result.failed) == (0, 0)
