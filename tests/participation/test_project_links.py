"""Engagements and critiques linked to flagship projects: only a current project of the same
county is accepted (forms, API, services), and the links show both ways."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from participation import services
from participation.models import Critique, Engagement
from tests.conftest import PERSONAS, client_for
from tests.participation import factories as f
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

OTHER_COUNTY = "That flagship project belongs to another county."
ARCHIVED = "That flagship project is archived: link a current project."


@pytest.fixture
def projects(world):
    """A current and an archived project in county A, a current one in county B."""
    return {
        "a": make_project(world.county_a, title_en="Landfill closure A"),
        "archived": make_project(
            world.county_a, title_en="Old archived A", archived_at=timezone.now()
        ),
        "b": make_project(world.county_b, title_en="Bus lanes of B"),
    }


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def engagement_post(project_pk: int | str) -> dict:
    return {
        "date": f.days_ago(2).isoformat(),
        "kind": "meeting",
        "topic": "Landfill neighbours",
        "project": str(project_pk),
    }


def critique_post(project_pk: int | str) -> dict:
    return {
        "source": "citizen",
        "channel": "letter",
        "topic": "Smell from the landfill",
        "received_on": f.days_ago(3).isoformat(),
        "project": str(project_pk),
    }


def test_the_forms_offer_only_the_countys_current_projects(world, projects):
    stakeholder = f.stakeholder(world.county_a)
    client = client_for(world.governor_a)
    for url in (
        f"/participation/CA/stakeholders/{stakeholder.pk}/",
        "/participation/CA/critiques/new/",
    ):
        form = client.get(url).context["form"]
        offered = list(form.fields["project"].queryset)
        assert offered == [projects["a"]], url


def test_an_engagement_is_logged_about_a_project_of_its_county(world, projects):
    stakeholder = f.stakeholder(world.county_a)
    response = client_for(world.governor_a).post(
        f"/participation/CA/stakeholders/{stakeholder.pk}/", engagement_post(projects["a"].pk)
    )
    assert response.status_code == 302
    assert Engagement.objects.get().project == projects["a"]


@pytest.mark.parametrize(("which", "message"), [("b", OTHER_COUNTY), ("archived", ARCHIVED)])
def test_the_engagement_form_refuses_another_countys_or_an_archived_project(
    world, projects, which, message
):
    stakeholder = f.stakeholder(world.county_a)
    response = client_for(world.governor_a).post(
        f"/participation/CA/stakeholders/{stakeholder.pk}/", engagement_post(projects[which].pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["project"] == [message]
    assert message in response.content.decode()
    assert not Engagement.objects.exists()


@pytest.mark.parametrize(("which", "message"), [("b", OTHER_COUNTY), ("archived", ARCHIVED)])
def test_the_critique_form_refuses_another_countys_or_an_archived_project(
    world, projects, which, message
):
    response = client_for(world.governor_a).post(
        "/participation/CA/critiques/new/", critique_post(projects[which].pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["project"] == [message]
    assert not Critique.objects.exists()


def test_a_project_that_does_not_exist_is_an_invalid_choice(world, projects):
    response = client_for(world.governor_a).post(
        "/participation/CA/critiques/new/", critique_post(999_999)
    )
    assert "project" in response.context["form"].errors
    assert not Critique.objects.exists()


def test_a_critique_is_registered_about_a_project_and_remembers_who_recorded_it(world, projects):
    response = client_for(world.governor_a).post(
        "/participation/CA/critiques/new/", critique_post(projects["a"].pk)
    )
    critique = Critique.objects.get()
    assert response["Location"] == f"/participation/CA/critiques/{critique.pk}/"
    assert critique.project == projects["a"]
    assert critique.recorded_by == world.governor_a


def test_the_services_refuse_another_countys_project_whoever_calls_them(world, projects):
    stakeholder = f.stakeholder(world.county_a)
    with pytest.raises(ValidationError) as engagement_error:
        services.record_engagement(
            stakeholder,
            date=f.days_ago(1),
            kind="call",
            topic="Phone call",
            project=projects["b"],
        )
    assert engagement_error.value.message_dict == {"project": [OTHER_COUNTY]}
    with pytest.raises(ValidationError) as critique_error:
        f.critique(world.county_a, project=projects["b"])
    assert critique_error.value.message_dict == {"project": [OTHER_COUNTY]}
    assert not Engagement.objects.exists() and not Critique.objects.exists()


def test_the_api_refuses_another_countys_project_with_the_message(world, projects):
    stakeholder = f.stakeholder(world.county_a)
    client = api(world.governor_a)
    engagement = {**engagement_post(projects["b"].pk), "stakeholder": stakeholder.pk}
    response = client.post("/api/v1/engagements/", engagement, format="json")
    assert response.status_code == 400
    assert response.json() == {"project": [OTHER_COUNTY]}
    critique = {**critique_post(projects["archived"].pk), "county": "CA"}
    response = client.post("/api/v1/critiques/", critique, format="json")
    assert response.status_code == 400
    assert response.json() == {"project": [ARCHIVED]}
    assert not Engagement.objects.exists() and not Critique.objects.exists()


def test_the_api_links_records_to_a_project_and_filters_by_it(world, projects):
    stakeholder = f.stakeholder(world.county_a)
    client = api(world.governor_a)
    engagement = {**engagement_post(projects["a"].pk), "stakeholder": stakeholder.pk}
    assert client.post("/api/v1/engagements/", engagement, format="json").status_code == 201
    critique = {**critique_post(projects["a"].pk), "county": "CA"}
    created = client.post("/api/v1/critiques/", critique, format="json")
    assert created.status_code == 201
    assert created.json()["project"] == projects["a"].pk
    assert created.json()["feedback"] is None
    f.critique(world.county_a, topic="Not about a project")
    rows = client.get(f"/api/v1/critiques/?project={projects['a'].pk}").json()["results"]
    assert [r["topic"] for r in rows] == ["Smell from the landfill"]
    rows = client.get(f"/api/v1/engagements/?project={projects['a'].pk}").json()["results"]
    assert [r["project"] for r in rows] == [projects["a"].pk]


def test_the_project_page_and_the_critique_page_link_to_each_other(world, projects):
    project = projects["a"]
    critique = f.critique(world.county_a, topic="Smell from the landfill", project=project)
    f.critique(world.county_a, topic="Unrelated pothole")
    stakeholder = f.stakeholder(world.county_a)
    services.record_engagement(
        stakeholder, date=f.days_ago(4), kind="visit", topic="Site visit", project=project
    )
    client = client_for(world.governor_a)
    page = client.get(f"/counties/CA/projects/{project.pk}/").content.decode()
    assert "1 critique about this project" in page
    assert f'href="/participation/CA/critiques/?project={project.pk}"' in page
    assert f'href="/participation/CA/critiques/{critique.pk}/"' in page
    assert "1 engagement about this project" in page
    assert f'href="/participation/CA/stakeholders/{stakeholder.pk}/"' in page
    assert "Unrelated pothole" not in page
    detail = client.get(f"/participation/CA/critiques/{critique.pk}/").content.decode()
    assert f'href="/counties/CA/projects/{project.pk}/"' in detail
    listed = client.get(f"/participation/CA/critiques/?project={project.pk}").content.decode()
    assert "Smell from the landfill" in listed
    assert "Unrelated pothole" not in listed
    log = client.get(f"/participation/CA/stakeholders/{stakeholder.pk}/").content.decode()
    assert f'href="/counties/CA/projects/{project.pk}/"' in log


def test_a_project_filter_of_another_county_shows_nothing_of_it(world, projects):
    f.critique(world.county_b, topic="County B critique", project=projects["b"])
    page = client_for(world.ministry).get(
        f"/participation/CA/critiques/?project={projects['b'].pk}"
    )
    assert "County B critique" not in page.content.decode()
    assert page.context["project"] is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_projects_participation_panel_follows_the_county_rules(world, projects, persona):
    project = projects["a"]
    f.critique(world.county_a, topic="Smell from the landfill", project=project)
    response = client_for(world.persona(persona)).get(f"/counties/CA/projects/{project.pk}/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    if persona == "governor_b":
        assert response.status_code == 403
        return
    page = response.content.decode()
    assert "Smell from the landfill" in page
    # The feedback waiting to be registered is for the county's staff, province and ministry.
    assert ('id="project-pending-feedback"' in page) == (persona != "analyst")


def test_the_project_page_with_its_panel_runs_a_bounded_number_of_queries(
    world, projects, django_assert_max_num_queries
):
    project = projects["a"]
    stakeholder = f.stakeholder(world.county_a)
    for n in range(8):
        f.critique(world.county_a, topic=f"Critique {n}", project=project)
        services.record_engagement(
            stakeholder, date=f.days_ago(n + 1), kind="call", topic=f"Call {n}", project=project
        )
    client = client_for(world.governor_a)
    with django_assert_max_num_queries(18):  # 12 for the page, 5 for the panel, 1 spare
        response = client.get(f"/counties/CA/projects/{project.pk}/")
    assert response.status_code == 200
