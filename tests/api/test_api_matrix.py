"""Every /api/v1/ list endpoint with every persona: who is refused, whose rows are visible,
token authentication and its rate limit, bounded queries, and a valid OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from counties.models import Indicator
from projects.models import PlanAction, PlanTarget
from scores import services as scores
from tests.conftest import PERSONAS, client_for
from tests.observations import scoring_world
from tests.participation import factories as f
from tests.project_factories import make_milestone, make_plan, make_project

pytestmark = pytest.mark.django_db

# Statistics every signed-in user reads (as on the national pages).
PUBLIC = [
    "provinces",
    "counties",
    "areas",
    "dimensions",
    "indicators",
    "observations",
    "methodologies",
    "score-runs",
    "scores",
]
# County records: only the counties the user may view.
SCOPED = [
    "projects",
    "milestones",
    "progress-updates",
    "plans",
    "plan-targets",
    "plan-actions",
    "stakeholders",
    "engagements",
    "meeting-series",
    "meetings",
    "commitments",
    "critiques",
    "investments",
    "participation-measures",
]
# Which county codes each persona may see in SCOPED lists (world: CA, CA2 in PA; CB in PB).
VISIBLE = {
    "governor_a": {"CA"},
    "governor_b": {"CB"},
    "officer_a": {"CA", "CA2"},
    "ministry": {"CA", "CA2", "CB"},
    "analyst": {"CA", "CA2", "CB"},
}


@pytest.fixture
def data(world):
    cache.clear()
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    for county in (world.county_a, world.county_b):
        project = make_project(county, is_public=False)
        make_milestone(project, 30)
        plan = make_plan(county)
        PlanTarget.objects.create(
            plan=plan,
            indicator=Indicator.objects.get(code="unemployment_rate"),
            baseline=12,
            target_value=9,
            deadline=f.days_ago(-300),
        )
        PlanAction.objects.create(
            plan=plan, title_en="Hire", owner="Office", due_date=f.days_ago(-30)
        )
        f.stakeholder(county)
        f.critique(county)
        f.investment(county)
        f.held_meeting(county, f.days_ago(5), decisions=[("Fix it", "Mayor", f.days_ago(-9))])
    return world


def _rows(response) -> list[dict]:
    body = response.json()
    assert set(body) >= {"count", "results"}, "every list is paginated"
    return body["results"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", PUBLIC + SCOPED)
def test_permission_matrix(data, persona, endpoint):
    response = client_for(data.persona(persona)).get(f"/api/v1/{endpoint}/")
    if persona == "anonymous":
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    rows = _rows(response)
    if endpoint in SCOPED:
        seen = {row["county"] for row in rows if "county" in row}
        assert seen <= VISIBLE[persona], (endpoint, seen)


@pytest.mark.parametrize("endpoint", SCOPED)
def test_scoped_lists_are_not_empty_for_ministry(data, endpoint):
    """The matrix above would pass on empty lists: make sure the data reaches them."""
    if endpoint in ("progress-updates", "engagements", "participation-measures", "meeting-series"):
        pytest.skip("no such rows in this fixture")
    rows = _rows(client_for(data.ministry).get(f"/api/v1/{endpoint}/"))
    assert rows


@pytest.mark.parametrize("endpoint", PUBLIC + SCOPED)
def test_lists_run_a_bounded_number_of_queries(data, endpoint, django_assert_max_num_queries):
    client = client_for(data.ministry)
    with django_assert_max_num_queries(15):
        assert client.get(f"/api/v1/{endpoint}/").status_code == 200


@pytest.mark.parametrize("endpoint", ["observations", "scores", "projects", "critiques"])
def test_lists_filter_with_django_filter(data, endpoint):
    key = "county" if endpoint in ("observations", "scores", "projects") else "county__code"
    rows = _rows(client_for(data.ministry).get(f"/api/v1/{endpoint}/?{key}=CB"))
    assert rows and {row["county"] for row in rows} == {"CB"}


def test_token_page_creates_shows_once_rotates_and_revokes(data):
    client = client_for(data.analyst)
    page = client.get("/accounts/api-token/").content.decode()
    assert "You have no API token." in page
    page = client.post("/accounts/api-token/", {"action": "create"}).content.decode()
    key = Token.objects.get(user=data.analyst).key
    assert key in page
    assert key not in client.get("/accounts/api-token/").content.decode()

    api = client_for(None)
    header = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert api.get("/api/v1/critiques/", **header).status_code == 200
    assert api.get("/api/v1/critiques/").status_code in (401, 403)

    client.post("/accounts/api-token/", {"action": "rotate"})
    new_key = Token.objects.get(user=data.analyst).key
    assert new_key != key
    assert api.get("/api/v1/counties/", **header).status_code in (401, 403)
    assert api.get("/api/v1/counties/", HTTP_AUTHORIZATION=f"Token {new_key}").status_code == 200

    client.post("/accounts/api-token/", {"action": "revoke"})
    assert not Token.objects.filter(user=data.analyst).exists()
    assert api.get("/api/v1/counties/", HTTP_AUTHORIZATION=f"Token {new_key}").status_code in (
        401,
        403,
    )


def test_token_page_needs_a_signed_in_user(data):
    assert client_for(None).get("/accounts/api-token/").status_code == 302
    assert client_for(None).post("/accounts/api-token/", {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


def test_a_governor_token_sees_what_the_governor_sees(data):
    key = Token.objects.create(user=data.governor_a).key
    rows = _rows(client_for(None).get("/api/v1/critiques/", HTTP_AUTHORIZATION=f"Token {key}"))
    assert rows and {row["county"] for row in rows} == {"CA"}


def test_token_clients_are_throttled_sessions_are_not(data, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], token="3/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        cache.clear()
        key = Token.objects.create(user=data.analyst).key
        api = client_for(None)
        codes = [
            api.get("/api/v1/counties/", HTTP_AUTHORIZATION=f"Token {key}").status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        session = client_for(data.analyst)
        assert [session.get("/api/v1/counties/").status_code for _ in range(4)] == [200] * 4
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    for endpoint in PUBLIC + SCOPED:
        assert f"/api/v1/{endpoint}/:" in text
    assert "tokenAuth" in text


def test_schema_and_docs_are_served_to_signed_in_users(data):
    client = client_for(data.analyst)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "swagger" in docs.content.decode().lower()
