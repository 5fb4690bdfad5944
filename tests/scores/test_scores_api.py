"""API: indicators, observations, methodologies, score runs and scores, read-only, signed in;
scores come from published runs only, in the latest complete period unless another is asked."""

from __future__ import annotations

import pytest

from counties.models import Observation
from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import Methodology, Score, ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.observations import GOOD, observe, observe_profile, scoring_world

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/dimensions/",
    "/api/v1/indicators/",
    "/api/v1/observations/",
    "/api/v1/methodologies/",
    "/api/v1/score-runs/",
    "/api/v1/scores/",
]
DETAILS = [
    "/api/v1/indicators/unemployment_rate/",
    "/api/v1/methodologies/tavazon-default/",
]


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", LISTS + DETAILS)
def test_every_signed_in_persona_reads_and_anonymous_visitors_are_refused(scored, persona, url):
    response = client_for(scored.persona(persona)).get(url)
    assert response.status_code == (403 if persona == "anonymous" else 200)


@pytest.mark.parametrize("url", LISTS)
def test_nobody_writes_through_the_api(scored, url):
    client = client_for(scored.ministry)
    assert client.post(url, {}, content_type="application/json").status_code in (403, 405)


def test_observations_filter_by_indicator_county_and_period_in_any_digits(scored):
    observe(scored.county_b, "new_jobs", "1402-07", 3, synthetic=True)
    client = client_for(scored.analyst)
    rows = client.get("/api/v1/observations/?indicator=new_jobs&county=CB&period=۱۴۰۲-۰۷").json()
    assert rows["count"] == 1
    row = rows["results"][0]
    assert (row["indicator"], row["county"], row["period"], row["value"]) == (
        "new_jobs",
        "CB",
        "1402-07",
        3.0,
    )
    assert row["is_synthetic"] is True and row["period_kind"] == "month"
    assert client.get("/api/v1/observations/?period=someday").json()["count"] == 0
    by_province = client.get("/api/v1/observations/?province=PB&indicator=population").json()
    assert by_province["count"] == 2  # county B, 1401 and 1402


def test_scores_default_to_the_latest_published_run_and_filter(scored):
    first = ScoreRun.objects.latest_published()
    Methodology.objects.filter(is_current=True).update(version=9)
    second = scores.rebuild_scores_now(publish=True)
    client = client_for(scored.governor_b)
    latest = client.get("/api/v1/scores/").json()
    # One period, the latest complete one (1402), of the latest published run.
    assert latest["count"] == 3 and {r["run"] for r in latest["results"]} == {second.pk}
    assert {r["period"] for r in latest["results"]} == {"1402"}
    older = client.get(f"/api/v1/scores/?run={first.pk}&period=1401&province=PA").json()
    assert [(r["county"], r["national_rank"]) for r in older["results"]] == [("CA", 1), ("CA2", 3)]
    row = older["results"][0]
    assert set(row["dimensions"]) == {"marginalization", "solid_waste", "employment"}
    assert row["province"] == "PA" and 1 <= row["tier"] <= 5
    assert (row["run"], row["period"], row["is_provisional"], row["provisional_label"]) == (
        first.pk,
        "1401",
        False,
        "",
    )
    assert (row["ranked_count"], row["county_count"]) == (3, 3)
    assert client.get("/api/v1/scores/?period=۱۴۰۱").json()["count"] == 3  # Persian digits


@pytest.fixture
def provisional(scored):
    """A partial 1404 after the published run: county A has every value (ranked), county B one
    value (not enough data), county A2 nothing: 1 of 3 counties ranked, so 1404 is provisional."""
    observe_profile(scored.county_a, "1404", GOOD)
    observe(scored.county_b, "unemployment_rate", "1404", 9)
    scored.run = scores.rebuild_scores_now(publish=True)
    return scored


def test_a_provisional_period_is_never_the_default_and_is_labelled_when_asked_for(provisional):
    client = client_for(provisional.analyst)
    default = client.get("/api/v1/scores/").json()["results"]
    assert {r["period"] for r in default} == {"1402"} and len(default) == 3
    assert not any(r["is_provisional"] for r in default)
    asked = client.get("/api/v1/scores/?period=1404").json()["results"]
    # County B has too little data in 1404: it never appears with a rank; A2 has none at all.
    assert [(r["county"], r["national_rank"]) for r in asked] == [("CA", 1)]
    row = asked[0]
    assert row["is_provisional"] is True and (row["ranked_count"], row["county_count"]) == (1, 3)
    assert row["provisional_label"] == "Provisional: 1 of 3 counties have enough data"
    detail = client.get(f"/api/v1/scores/{row['id']}/").json()
    assert detail["is_provisional"] is True and detail["ranked_count"] == 1


def test_the_periods_endpoint_gives_each_periods_completeness(provisional):
    data = client_for(provisional.governor_a).get("/api/v1/scores/periods/").json()
    assert data["run"] == provisional.run.pk and data["default"] == "1402"
    by_period = {p["period"]: p for p in data["periods"]}
    assert list(by_period) == ["1401", "1402", "1404"]
    assert by_period["1402"] | {"mean_coverage": 0} == {
        "period": "1402",
        "is_complete": True,
        "is_provisional": False,
        "is_default": True,
        "provisional_label": "",
        "ranked_count": 3,
        "county_count": 3,
        "with_data_count": 3,
        "unranked_count": 0,
        "mean_coverage": 0,
        "min_coverage": 0.8,
        "min_ranked_share": 0.85,
    }
    late = by_period["1404"]
    assert (late["is_complete"], late["is_default"], late["ranked_count"]) == (False, False, 1)
    assert (late["with_data_count"], late["unranked_count"]) == (2, 1)
    assert late["provisional_label"] == "Provisional: 1 of 3 counties have enough data"
    fa = client_for(provisional.governor_a, "fa").get("/api/v1/scores/periods/").json()
    assert "۱ از ۳" in {p["period"]: p for p in fa["periods"]}["1404"]["provisional_label"]


def test_the_api_never_reads_a_draft_run(provisional):
    published = provisional.run
    Observation.objects.filter(county=provisional.county_a2, period="1402").delete()
    draft = scores.rebuild_scores_now()  # not published: awaits review
    assert draft.status == ScoreRunStatus.DRAFT and Score.objects.filter(run=draft).exists()
    client = client_for(provisional.ministry)
    rows = client.get("/api/v1/scores/").json()["results"]
    assert {r["run"] for r in rows} == {published.pk} and len(rows) == 3
    assert client.get(f"/api/v1/scores/?run={draft.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/scores/periods/?run={draft.pk}").json()["periods"] == []
    assert client.get("/api/v1/scores/periods/").json()["run"] == published.pk
    draft_score = Score.objects.filter(run=draft).first()
    assert client.get(f"/api/v1/scores/{draft_score.pk}/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_periods_endpoint_is_for_signed_in_users_and_read_only(provisional, persona):
    client = client_for(provisional.persona(persona))
    response = client.get("/api/v1/scores/periods/")
    assert response.status_code == (403 if persona == "anonymous" else 200)
    assert client.post("/api/v1/scores/periods/", {}).status_code in (403, 405)


def test_only_ministry_staff_read_run_errors(scored):
    Methodology.objects.filter(is_current=True).update(spec={"dimensions": []})
    failed = scores.rebuild_scores_now(publish=True)
    for persona, sees in (("ministry", True), ("analyst", False), ("governor_a", False)):
        data = client_for(getattr(scored, persona)).get(f"/api/v1/score-runs/{failed.pk}/").json()
        assert data["status"] == "failed"
        assert (data["error"] is not None and "dimensions" in data["error"]) == sees


def test_methodology_endpoint_gives_the_versioned_spec(scored):
    data = client_for(scored.analyst).get("/api/v1/methodologies/tavazon-default/").json()
    assert data["is_current"] and data["version"] == 1
    assert data["spec"]["aggregation"] == "geometric"


@pytest.mark.parametrize("url", LISTS)
def test_lists_run_a_bounded_number_of_queries(scored, url, django_assert_max_num_queries):
    from tests.observations import GOOD, observe_profile
    from tests.personas import make_county

    for _ in range(15):
        observe_profile(make_county(scored.province_b), "1402", GOOD)
    scores.rebuild_scores_now(publish=True)
    client = client_for(scored.analyst)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
