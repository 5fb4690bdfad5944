"""The participation API with every persona: scoping, writes, contacts, refusals."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from participation.models import Critique, Investment, Stakeholder
from tests.conftest import PERSONAS
from tests.participation import factories as f

pytestmark = pytest.mark.django_db

LISTS = [
    "stakeholders",
    "engagements",
    "meeting-series",
    "meetings",
    "commitments",
    "critiques",
    "investments",
    "participation-measures",
]
SECRETS = (f.CONTACT_PHONE, f.CONTACT_EMAIL, f.CONTACT_PERSON, f.CITIZEN_NAME)


def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")  # messages are asserted in English
    if user is not None:
        client.force_authenticate(user)
    return client


def _counties(response) -> set[str]:
    return {row["county"] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_are_scoped_to_the_counties_the_user_may_view(world, records, persona):
    client = api(world.persona(persona))
    for name in LISTS:
        response = client.get(f"/api/v1/{name}/")
        if persona == "anonymous":
            assert response.status_code in (401, 403), name
            continue
        assert response.status_code == 200, name
        counties = _counties(response)
        if persona in ("governor_b",):
            assert "CA" not in counties, name
        if persona in ("governor_a", "officer_a"):
            assert "CB" not in counties, name


@pytest.mark.parametrize(
    "persona", ["governor_a", "officer_a", "ministry", "analyst", "governor_b"]
)
def test_contacts_appear_in_the_api_only_for_county_staff_province_and_ministry(
    world, records, persona
):
    client = api(world.persona(persona))
    allowed = persona in ("governor_a", "officer_a", "ministry")
    text = "".join(
        client.get(f"/api/v1/{name}/?county__code=CA").content.decode()
        for name in ("stakeholders", "critiques", "investments", "experiences")
    )
    text += client.get(f"/api/v1/experiences/{records.experience.pk}/").content.decode()
    for secret in SECRETS:
        assert (secret in text) == allowed, secret


def test_a_governor_cannot_read_or_write_another_countys_records(world, records):
    client = api(world.governor_b)
    assert client.get(f"/api/v1/stakeholders/{records.stakeholder.pk}/").status_code == 404
    response = client.post(
        "/api/v1/stakeholders/",
        {"county": "CA", "name": "Intruder", "type": "media"},
        format="json",
    )
    assert response.status_code == 403
    assert not Stakeholder.objects.filter(name="Intruder").exists()


def test_analysts_read_but_never_write(world, records):
    client = api(world.analyst)
    response = client.post(
        "/api/v1/critiques/",
        {
            "county": "CA",
            "source": "citizen",
            "channel": "letter",
            "topic": "x",
            "received_on": "2024-01-01",
        },
        format="json",
    )
    assert response.status_code == 403
    response = client.patch(
        f"/api/v1/stakeholders/{records.stakeholder.pk}/", {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 403


def test_governor_creates_and_answers_a_critique_through_the_api(world):
    client = api(world.governor_a)
    response = client.post(
        "/api/v1/critiques/",
        {
            "county": "CA",
            "source": "citizen",
            "channel": "social_media",
            "topic": "Potholes",
            "received_on": f.days_ago(5).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    version = response.json()["version"]
    early = client.post(
        f"/api/v1/critiques/{pk}/answer/",
        {
            "response": "Fixed",
            "status": "acted_on",
            "responded_on": f.days_ago(6).isoformat(),
            "version": version,
        },
        format="json",
    )
    assert early.status_code == 400
    assert "before the critique was received" in early.json()["responded_on"][0]
    assert Critique.objects.get(pk=pk).status == "open"
    ok = client.post(
        f"/api/v1/critiques/{pk}/answer/",
        {
            "response": "Fixed",
            "status": "acted_on",
            "responded_on": f.today().isoformat(),
            "version": version,
        },
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["days_to_respond"] == 5


def test_negative_jobs_and_dropping_without_agency_are_refused_by_the_api(world):
    client = api(world.governor_a)
    response = client.post(
        "/api/v1/investments/",
        {
            "county": "CA",
            "name": "Mine",
            "investor": "Y",
            "sector": "mining",
            "expected_jobs": -3,
            "lead_on": f.days_ago(20).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400 and "expected_jobs" in response.json()
    assert not Investment.objects.exists()
    investment = f.investment(world.county_a)
    response = client.post(
        f"/api/v1/investments/{investment.pk}/advance/",
        {
            "stage": "dropped",
            "date": f.today().isoformat(),
            "dropped_reason": "No water",
            "version": investment.version,
        },
        format="json",
    )
    assert response.status_code == 400 and "blocking_agency" in response.json()
    response = client.post(
        f"/api/v1/investments/{investment.pk}/advance/",
        {
            "stage": "meeting",
            "date": f.today().isoformat(),
            "realized_jobs": 0,
            "version": investment.version,
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["stage"] == "meeting"


def test_a_meeting_outcome_with_an_ownerless_decision_is_refused_by_the_api(world):
    meeting = f.meeting(world.county_a, f.days_ago(1))
    client = api(world.governor_a)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/outcome/",
        {
            "status": "held",
            "attendance": 10,
            "decisions": [{"title": "Plant trees", "owner": "", "due_on": f.today().isoformat()}],
        },
        format="json",
    )
    assert response.status_code == 400 and "decisions" in response.json()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_only_ministry_features_through_the_api(world, records):
    url = f"/api/v1/experiences/{records.experience.pk}/feature/"
    version = {"version": records.experience.version}
    assert api(world.governor_a).post(url, version, format="json").status_code == 403
    response = api(world.ministry).post(url, version, format="json")
    assert response.status_code == 200 and response.json()["is_featured"]


def test_overdue_commitments_endpoint_filters_by_province(world):
    f.held_meeting(world.county_a, f.days_ago(30), [("Late task", "Owner", f.days_ago(2))])
    response = api(world.officer_a).get("/api/v1/commitments/overdue/?county__province__code=PA")
    assert [row["title"] for row in response.json()["results"]] == ["Late task"]
    assert api(world.governor_b).get("/api/v1/commitments/overdue/").json()["results"] == []


def test_experience_search_through_the_api(world, records):
    f.experience(world.county_b, title="Night bazaar for young entrepreneurs")
    response = api(world.analyst).get("/api/v1/experiences/?q=bazaar")
    assert [row["title"] for row in response.json()["results"]] == [
        "Night bazaar for young entrepreneurs"
    ]
