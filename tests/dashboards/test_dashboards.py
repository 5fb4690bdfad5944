"""Dashboards: who sees what, filters, the compare URL, query bounds and CSV downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from projects.models import FlagshipProject
from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.downloads import csv_rows as _csv
from tests.observations import mix, observe_profile, scoring_world

pytestmark = pytest.mark.django_db

PAGES = [
    "/dashboards/",
    "/dashboards/province/PA/",
    "/dashboards/county/CA/",
    "/dashboards/county/CB/",
    "/dashboards/compare/?c=CA&c=CB",
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", PAGES)
def test_every_signed_in_persona_reads_the_dashboards_and_anonymous_must_log_in(
    scored, persona, url
):
    response = client_for(scored.persona(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


def test_unknown_province_and_county_are_not_found(scored):
    client = client_for(scored.analyst)
    assert client.get("/dashboards/province/XX/").status_code == 404
    assert client.get("/dashboards/county/XX/").status_code == 404
    assert client.get("/dashboards/?download=nonsense").status_code == 404


def test_national_dashboard_ranks_every_county_and_draws_every_chart(scored):
    response = client_for(scored.analyst).get("/dashboards/")
    ranking = response.context["ranking"]
    assert [r["county_code"] for r in ranking.rows] == ["CA", "CB", "CA2"]
    keys = {p.key for p in response.context["panels"]}
    assert keys == {
        "county-map",
        "province-map",
        "scatter",
        "distribution",
        "decomposition",
        "inequality",
        "sigma-convergence",
        "beta-convergence",
        "movers",
        "stability",
    }
    html = response.content.decode()
    for key in keys:
        assert f'id="chart-{key}"' in html, key
        assert f'id="table-{key}"' in html
        assert f"?download={key}" in html
    assert html.count('class="map-credit') == 2  # under each map
    assert html.count("OpenStreetMap contributors</a>") == 2


def test_province_and_tier_filters_narrow_the_ranking(scored):
    client = client_for(scored.ministry)
    rows = client.get("/dashboards/?province=PA").context["ranking"].rows
    assert [r["county_code"] for r in rows] == ["CA", "CA2"]
    tier = Score.objects.get(county=scored.county_b, period="1402").tier
    rows = client.get(f"/dashboards/?tier={tier}").context["ranking"].rows
    assert "CB" in [r["county_code"] for r in rows]
    assert all(r["tier"] == tier for r in rows)
    # Bad filter values fall back to the defaults instead of failing.
    response = client.get("/dashboards/?province=ZZ&tier=9&period=1300&x=nope")
    assert response.status_code == 200
    assert response.context["filters"].province == ""
    assert response.context["filters"].tier is None
    assert response.context["filters"].period == "1402"


def test_province_dashboard_only_shows_its_counties(scored):
    response = client_for(scored.governor_b).get("/dashboards/province/PA/")
    assert {r["county_code"] for r in response.context["ranking"].rows} == {"CA", "CA2"}


def test_scatter_plots_the_two_chosen_indicators(scored):
    response = client_for(scored.analyst).get(
        "/dashboards/?x=unemployment_rate&y=population&period=1402"
    )
    scatter = next(p for p in response.context["panels"] if p.key == "scatter")
    by_county = {r["county_code"]: r for r in scatter.rows}
    assert by_county["CA"]["y"] == 500_000
    assert by_county["CB"]["y"] == 250_000


def test_ranking_csv_matches_the_database(scored):
    response = client_for(scored.analyst).get("/dashboards/?download=ranking")
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    run = ScoreRun.objects.latest_published()
    expected = {
        s.county.code: s
        for s in Score.objects.filter(run=run, period="1402").select_related("county")
    }
    assert len(rows) == 3
    for row in rows:
        score = expected[row["County code"]]
        assert float(row["Score"]) == pytest.approx(float(score.composite))
        assert int(row["Rank"]) == score.national_rank
        assert int(row["Tier"]) == score.tier


def test_movers_csv_lists_rank_changes_between_the_two_periods(scored):
    rows = _csv(client_for(scored.analyst).get("/dashboards/?download=movers&from=1401"))
    assert {r["County code"] for r in rows} >= {"CA2"}
    run = ScoreRun.objects.latest_published()
    ranks = {
        (s.county.code, s.period): s.national_rank
        for s in Score.objects.filter(run=run).select_related("county")
    }
    for row in rows:
        code = row["County code"]
        assert int(row["Places climbed"]) == ranks[(code, "1401")] - ranks[(code, "1402")]


def test_decomposition_csv_has_one_row_per_period(scored):
    rows = _csv(client_for(scored.analyst).get("/dashboards/?download=decomposition"))
    assert [r["Period"] for r in rows] == ["1401", "1402"]


@pytest.mark.parametrize(
    "url", ["/dashboards/", "/dashboards/province/PA/", "/dashboards/county/CA/"]
)
def test_dashboards_run_a_bounded_number_of_queries(scored, url, django_assert_max_num_queries):
    client = client_for(scored.ministry)
    with django_assert_max_num_queries(30):
        client.get(url)
    with django_assert_max_num_queries(22):  # cached per run: only the request's own queries
        client.get(url)


def test_county_dashboard_shows_score_rank_and_change_since_last_period(scored):
    response = client_for(scored.governor_a).get("/dashboards/county/CA/")
    headline = response.context["headline"]
    now = Score.objects.get(county=scored.county_a, period="1402")
    before = Score.objects.get(county=scored.county_a, period="1401")
    assert headline["score"].pk == now.pk
    assert headline["rank_change"] == before.national_rank - now.national_rank
    keys = [p.key for p in response.context["panels"]]
    assert keys == ["radar", "score-trend", "areas", "indicator-trend", "freshness"]
    freshness = next(p for p in response.context["panels"] if p.key == "freshness")
    assert {r["latest_period"] for r in freshness.rows} == {"1402"}


def test_indicator_trend_compares_with_province_and_national_medians(scored):
    response = client_for(scored.analyst).get("/dashboards/county/CA/?indicator=population")
    trend = next(p for p in response.context["panels"] if p.key == "indicator-trend")
    row = trend.rows[-1]
    assert row["value"] == 500_000
    assert row["province_median"] == 300_000  # CA 500,000 and CA2 100,000
    assert row["national_median"] == 250_000


def _project(county, *, public: bool) -> FlagshipProject:
    import datetime

    from counties.models import Dimension

    dimension = Dimension.objects.first()
    assert dimension is not None
    return FlagshipProject.objects.create(
        county=county,
        title_en="Public works" if public else "Confidential works",
        dimension=dimension,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 12, 1),
        is_public=public,
    )


@pytest.mark.parametrize(
    "persona", ["governor_a", "officer_a", "ministry", "analyst", "governor_b"]
)
def test_private_projects_and_plans_only_for_those_who_may_view_the_county(scored, persona):
    _project(scored.county_a, public=True)
    _project(scored.county_a, public=False)
    response = client_for(scored.persona(persona)).get("/dashboards/county/CA/")
    html = response.content.decode()
    allowed = persona != "governor_b"
    assert "Public works" in html
    assert ("Confidential works" in html) == allowed
    assert ('id="targets"' in html) == allowed


def test_compare_keeps_the_selection_in_the_url(scored):
    response = client_for(scored.analyst).get("/dashboards/compare/?c=CB&c=CA")
    assert response.status_code == 200
    assert [c.code for c in response.context["chosen"]] == ["CB", "CA"]
    table, trends = response.context["panels"]
    score_row = table.rows[0]
    expected = Score.objects.get(county=scored.county_b, period="1402").composite
    assert score_row["CB"] == pytest.approx(float(expected))
    assert [r["period"] for r in trends.rows] == ["1401", "1402"]
    assert 'id="chart-trends"' in response.content.decode()
    rows = _csv(client_for(scored.analyst).get("/dashboards/compare/?c=CB&c=CA&download=table"))
    assert float(rows[0]["County B"]) == pytest.approx(float(expected))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("c=CA&c=XX", "Unknown county codes: XX"),
        ("c=CA&c=CB&c=CA2&c=D1&c=D2&c=D3&c=D4", "Choose at most 6 counties to compare."),
    ],
)
def test_compare_refuses_unknown_codes_and_more_than_six(scored, query, message):
    response = client_for(scored.analyst).get(f"/dashboards/compare/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "panels" not in response.context


def test_one_county_suggests_similar_counties_to_compare(scored):
    response = client_for(scored.analyst).get("/dashboards/compare/?c=CA")
    suggested = [c.code for c in response.context["suggested"]]
    assert suggested and "CA" not in suggested
    assert set(suggested) <= {"CA2", "CB"}


def test_cache_is_keyed_by_the_score_run(scored):
    client = client_for(scored.analyst)
    client.cookies["django_language"] = "en"
    ranking = _csv(client.get("/dashboards/?download=ranking"))
    Score.objects.filter(county=scored.county_b).update(composite=1)  # not a new run: cached
    assert _csv(client.get("/dashboards/?download=ranking")) == ranking
    scores.rebuild_scores_now(publish=True)
    fresh = {r["County code"]: r for r in _csv(client.get("/dashboards/?download=ranking"))}
    published = ScoreRun.objects.latest_published()
    assert float(fresh["CA"]["Score"]) == pytest.approx(
        float(Score.objects.get(run=published, county=scored.county_a, period="1402").composite),
        abs=0.05,
    )
    assert f"Published run no. {published.pk}" in client.get("/dashboards/").content.decode()
    assert published.pk != Score.objects.filter(composite=1).first().run_id


def test_rank_stability_bands_contain_the_median_and_are_cached_per_run(scored):
    rows = _csv(client_for(scored.analyst).get("/dashboards/?download=stability"))
    assert {r["County code"] for r in rows} == {"CA", "CA2", "CB"}
    for row in rows:
        low, mid, high = (
            float(row[k])
            for k in ("Best plausible rank (5%)", "Median rank", "Worst plausible rank (95%)")
        )
        assert 1 <= low <= mid <= high <= 3
    run = ScoreRun.objects.latest_published()
    assert cache.get(f"dash:bands:{run.pk}:1402") is not None


@pytest.mark.parametrize("url", ["/dashboards/", "/dashboards/county/CA/"])
def test_query_count_does_not_grow_with_the_number_of_counties(world, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import personas

    def count_queries() -> int:
        cache.clear()
        client = client_for(world.ministry)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    few = count_queries()
    for n in range(6):
        county = personas.make_county(world.province_b, f"X{n}", name_en=f"Extra {n}")
        for period in ("1401", "1402"):
            observe_profile(county, period, {**mix(n / 6), "population": 1000 * (n + 1)})
    scores.rebuild_scores_now(publish=True)
    assert count_queries() == few


def test_county_dashboard_shows_the_period_asked_for(scored):
    response = client_for(scored.governor_a).get("/dashboards/county/CA/?period=1401")
    assert response.status_code == 200
    then = Score.objects.get(county=scored.county_a, period="1401")
    headline = response.context["headline"]
    assert headline["score"].pk == then.pk and headline["previous"] is None
    radar = next(p for p in response.context["panels"] if p.key == "radar")
    assert "1401" in str(radar.title)
    assert 'value="1401" selected' in response.content.decode()


@pytest.mark.parametrize("period", ["1399", "nonsense", "1402-Q9"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_county_dashboard_explains_a_period_it_has_no_score_for(scored, period, language):
    response = client_for(scored.governor_a, language).get(
        "/dashboards/county/CA/", {"period": period}
    )
    assert response.status_code == 400
    now = Score.objects.get(county=scored.county_a, period="1402")
    assert response.context["headline"]["score"].pk == now.pk
    page = response.content.decode()
    assert 'id="period-error"' in page
    expected = "No score for this county in" if language == "en" else "امتیازی برای این شهرستان"
    assert expected in page


def test_data_freshness_gives_the_local_day_of_an_early_morning_update(scored, settings):
    from counties.models import Observation

    settings.TIME_ZONE = "Asia/Tehran"
    early = datetime.datetime(2026, 12, 5, 23, 57, tzinfo=datetime.UTC)  # 03:27 on 6 Dec in Tehran
    Observation.objects.filter(county=scored.county_a).update(updated_at=early)
    response = client_for(scored.governor_a, "fa").get("/dashboards/county/CA/")
    freshness = next(p for p in response.context["panels"] if p.key == "freshness")
    assert {r["updated"] for r in freshness.rows} == {datetime.date(2026, 12, 6)}
    assert "۱۵ آذر ۱۴۰۵" in response.content.decode()
