"""A record of one county never links to another county's object, whoever writes it.

Each relation is checked by the services (governance.access.require_same_county), so the API,
the forms, commands and tasks all refuse it; the forms only offer the county's own objects.
Covered: investment → stakeholder (create and change), critique → stakeholder and project,
engagement → project, meeting → series (schedule and change), project → areas.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from participation import services
from participation.forms import CritiqueForm, InvestmentForm, MeetingForm
from participation.models import Critique, Investment
from projects import services as project_services
from projects.forms import ProjectForm
from tests.participation import factories as f
from tests.project_factories import make_area, make_project

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def foreign(world):
    """Objects of county B that county A's records must not link to."""
    return {
        "stakeholder": f.stakeholder(world.county_b, name="B investors", type="investor"),
        "project": make_project(world.county_b, title_en="Bus lanes of B"),
        "series": f.series(world.county_b, name="B council"),
        "area": make_area(world.county_b, name="B settlement"),
    }


def investment_post(stakeholder_pk: int) -> dict:
    return {
        "county": "CA",
        "name": "Tannery",
        "investor": "Leather Co.",
        "sector": "manufacturing",
        "lead_on": f.days_ago(5).isoformat(),
        "stakeholder": stakeholder_pk,
    }


def test_the_api_refuses_an_investment_with_another_countys_stakeholder(world, foreign):
    response = api(world.governor_a).post(
        "/api/v1/investments/", investment_post(foreign["stakeholder"].pk), format="json"
    )
    assert response.status_code == 400
    assert response.json()["stakeholder"] == ["That stakeholder belongs to another county."]
    assert not Investment.objects.filter(name="Tannery").exists()


def test_the_api_refuses_moving_an_investment_to_another_countys_stakeholder(world, foreign):
    investment = f.investment(world.county_a)
    response = api(world.governor_a).patch(
        f"/api/v1/investments/{investment.pk}/",
        {"stakeholder": foreign["stakeholder"].pk, "version": investment.version},
        format="json",
    )
    assert response.status_code == 400
    assert "stakeholder" in response.json()
    investment.refresh_from_db()
    assert investment.stakeholder_id is None
    assert "B investors" not in response.content.decode()


def test_the_api_still_accepts_the_countys_own_stakeholder(world, foreign):
    own = f.stakeholder(world.county_a, name="A investors", type="investor")
    response = api(world.governor_a).post(
        "/api/v1/investments/", investment_post(own.pk), format="json"
    )
    assert response.status_code == 201, response.content
    assert Investment.objects.get(name="Tannery").stakeholder == own


def test_the_api_refuses_a_critique_raised_by_another_countys_stakeholder(world, foreign):
    response = api(world.governor_a).post(
        "/api/v1/critiques/",
        {
            "county": "CA",
            "source": "stakeholder",
            "stakeholder": foreign["stakeholder"].pk,
            "channel": "letter",
            "topic": "Roads",
            "received_on": f.days_ago(3).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["stakeholder"] == ["That stakeholder belongs to another county."]
    assert not Critique.objects.filter(topic="Roads").exists()


def test_the_api_refuses_moving_a_meeting_into_another_countys_series(world, foreign):
    meeting = f.meeting(world.county_a, f.days_ago(-5))
    response = api(world.governor_a).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"series": foreign["series"].pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["series"] == ["That meeting series belongs to another county."]
    meeting.refresh_from_db()
    assert meeting.series_id is None


def test_the_api_refuses_a_project_in_another_countys_area(world, foreign):
    project = make_project(world.county_a, title_en="Clinic A")
    response = api(world.governor_a).patch(
        f"/api/v1/projects/{project.pk}/",
        {"areas": [foreign["area"].pk], "version": project.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["areas"] == ["That area belongs to another county."]
    assert not project.areas.exists()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda w, x: services.register_investment(
                w.county_a,
                {"name": "T", "investor": "I", "sector": "manufacturing", "lead_on": f.days_ago(1)}
                | {"stakeholder": x["stakeholder"]},
            ),
            id="investment-create",
        ),
        pytest.param(
            lambda w, x: services.update_investment(
                f.investment(w.county_a), {"stakeholder": x["stakeholder"]}
            ),
            id="investment-update",
        ),
        pytest.param(
            lambda w, x: services.register_critique(
                w.county_a,
                {
                    "source": "stakeholder",
                    "stakeholder": x["stakeholder"],
                    "channel": "letter",
                    "topic": "T",
                    "received_on": f.days_ago(1),
                },
            ),
            id="critique-stakeholder",
        ),
        pytest.param(
            lambda w, x: services.register_critique(
                w.county_a,
                {
                    "source": "citizen",
                    "project": x["project"],
                    "channel": "letter",
                    "topic": "T",
                    "received_on": f.days_ago(1),
                },
            ),
            id="critique-project",
        ),
        pytest.param(
            lambda w, x: services.record_engagement(
                f.stakeholder(w.county_a),
                date=f.days_ago(1),
                kind="meeting",
                topic="T",
                project=x["project"],
            ),
            id="engagement-project",
        ),
        pytest.param(
            lambda w, x: f.meeting(w.county_a, f.days_ago(-3), x["series"]), id="meeting-schedule"
        ),
        pytest.param(
            lambda w, x: services.update_meeting(
                f.meeting(w.county_a, f.days_ago(-3)), {"series": x["series"]}
            ),
            id="meeting-update",
        ),
        pytest.param(
            lambda w, x: project_services.update_project(
                make_project(w.county_a),
                {},
                areas=[x["area"]],
                expected_version=None,
            ),
            id="project-areas",
        ),
    ],
)
def test_every_service_refuses_a_link_to_another_countys_object(world, foreign, write):
    with pytest.raises(ValidationError) as refused:
        write(world, foreign)
    assert "belongs to another county" in str(refused.value)


def test_the_forms_offer_only_the_countys_own_objects(world, foreign):
    own = f.stakeholder(world.county_a, name="A investors", type="investor")
    own_series = f.series(world.county_a, name="A council")
    own_area = make_area(world.county_a, name="A settlement")
    assert list(InvestmentForm(county=world.county_a).fields["stakeholder"].queryset) == [own]
    assert list(CritiqueForm(county=world.county_a).fields["stakeholder"].queryset) == [own]
    assert list(MeetingForm(county=world.county_a).fields["series"].queryset) == [own_series]
    project_form = ProjectForm(county=world.county_a)
    assert list(project_form.fields["areas"].queryset) == [own_area]


def test_the_investment_form_refuses_another_countys_stakeholder(world, foreign):
    form = InvestmentForm(
        data={
            "name": "Tannery",
            "investor": "Leather Co.",
            "sector": "manufacturing",
            "expected_jobs": "3",
            "lead_on": f.days_ago(5).isoformat(),
            "stakeholder": str(foreign["stakeholder"].pk),
        },
        county=world.county_a,
    )
    assert not form.is_valid()
    assert "stakeholder" in form.errors
