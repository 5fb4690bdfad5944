"""API: indicators, observations, methodologies, score runs and scores, read-only, signed in."""

from __future__ import annotations

import pytest

from counties import scores
from counties.models import Methodology, ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.observations import observe, scoring_world

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
    assert latest["count"] == 6 and {r["run"] for r in latest["results"]} == {second.pk}
    older = client.get(f"/api/v1/scores/?run={first.pk}&period=1402&province=PA").json()
    assert [(r["county"], r["national_rank"]) for r in older["results"]] == [("CA", 1), ("CA2", 3)]
    row = older["results"][0]
    assert set(row["dimensions"]) == {"marginalization", "solid_waste", "employment"}
    assert row["province"] == "PA" and 1 <= row["tier"] <= 5


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
