"""The projects and plans API for every persona: same rules as the pages, 409 on stale edits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from projects.models import (
    ActionPlan,
    FlagshipProject,
    Milestone,
    PlanAction,
    PlanTarget,
    ProgressUpdate,
)
from tests.conftest import PERSONAS
from tests.project_factories import days, make_milestone, make_plan, make_project, png_bytes

pytestmark = pytest.mark.django_db

RIGHTS_ON_A = {
    "anonymous": (False, False),
    "governor_a": (True, True),
    "governor_b": (False, False),
    "officer_a": (True, True),
    "ministry": (True, True),
    "analyst": (True, False),
}


def api(user) -> APIClient:
    """An API client signed in as `user` (anonymous when None), speaking English."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        user.language = "en"
        user.save(update_fields=["language"])
        client.force_authenticate(user)
    return client


@pytest.fixture
def a(world):
    project = make_project(world.county_a)
    milestone = make_milestone(project, 20)
    update = ProgressUpdate.objects.create(project=project, date=days(-2), percent=5)
    plan = make_plan(world.county_a)
    from counties.models import Indicator

    target = PlanTarget.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="waste_recycling"),
        baseline=8,
        target_value=20,
        deadline=days(300),
    )
    action = PlanAction.objects.create(plan=plan, title_en="Act", owner="Me", due_date=days(5))
    return {
        "project": project,
        "milestone": milestone,
        "update": update,
        "plan": plan,
        "target": target,
        "action": action,
    }


def detail_urls(a) -> list[str]:
    return [
        f"/api/v1/projects/{a['project'].pk}/",
        f"/api/v1/milestones/{a['milestone'].pk}/",
        f"/api/v1/progress-updates/{a['update'].pk}/",
        f"/api/v1/plans/{a['plan'].pk}/",
        f"/api/v1/plan-targets/{a['target'].pk}/",
        f"/api/v1/plan-actions/{a['action'].pk}/",
    ]


LISTS = [
    "/api/v1/projects/",
    "/api/v1/milestones/",
    "/api/v1/progress-updates/",
    "/api/v1/plans/",
    "/api/v1/plan-targets/",
    "/api/v1/plan-actions/",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_follow_the_page_rules(world, a, persona):
    client = api(world.persona(persona))
    may_view = RIGHTS_ON_A[persona][0]
    for url in detail_urls(a):
        expected = 200 if may_view else (403 if persona == "anonymous" else 404)
        assert client.get(url).status_code == expected, url
    for url in LISTS:
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 403
        else:
            assert response.status_code == 200
            assert (response.json()["count"] > 0) == may_view, url


def create_requests(world, a) -> list[tuple[str, dict, object]]:
    p, plan = a["project"], a["plan"]
    return [
        (
            "/api/v1/projects/",
            {
                "county": "CA",
                "dimension": "employment",
                "title_en": "Jobs hub",
                "period_start": "2026-03-21",
                "period_end": "2027-03-20",
                "planned_budget": "5000000000",
            },
            lambda: FlagshipProject.objects.filter(title_en="Jobs hub").exists(),
        ),
        (
            "/api/v1/milestones/",
            {"project": p.pk, "title_en": "Roof", "planned_date": days(30).isoformat()},
            lambda: Milestone.objects.filter(title_en="Roof").exists(),
        ),
        (
            "/api/v1/progress-updates/",
            {"project": p.pk, "date": days(0).isoformat(), "percent": 44},
            lambda: ProgressUpdate.objects.filter(percent=44).exists(),
        ),
        (
            "/api/v1/plans/",
            {
                "county": "CA",
                "dimension": "employment",
                "title_en": "API plan",
                "period_start": "2026-03-21",
                "period_end": "2028-03-20",
            },
            lambda: ActionPlan.objects.filter(title_en="API plan").exists(),
        ),
        (
            "/api/v1/plan-targets/",
            {
                "plan": plan.pk,
                "indicator": "waste_recycling",
                "baseline": 5,
                "target_value": 15,
                "deadline": days(200).isoformat(),
            },
            lambda: PlanTarget.objects.filter(target_value=15).exists(),
        ),
        (
            "/api/v1/plan-actions/",
            {"plan": plan.pk, "title_en": "Call", "owner": "Deputy", "due_date": "2027-01-01"},
            lambda: PlanAction.objects.filter(title_en="Call").exists(),
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_creates_are_allowed_only_to_those_who_may_change_the_county(world, a, persona):
    client = api(world.persona(persona))
    may_view, may_change = RIGHTS_ON_A[persona]
    for url, data, happened in create_requests(world, a):
        response = client.post(url, data, format="json")
        assert happened() == may_change, (url, response.status_code, response.content)
        if may_change:
            assert response.status_code == 201
        elif persona == "anonymous":
            assert response.status_code == 403
        else:
            # Rows of a county one may not view do not exist for them (400); analysts: 403.
            assert response.status_code == (403 if may_view else 400), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_updates_are_allowed_only_to_those_who_may_change_the_county(world, a, persona):
    client = api(world.persona(persona))
    may_view, may_change = RIGHTS_ON_A[persona]
    p, plan = a["project"], a["plan"]
    response = client.patch(
        f"/api/v1/projects/{p.pk}/", {"title_en": "Patched", "version": p.version}, format="json"
    )
    expected = 200 if may_change else 403 if persona == "anonymous" or may_view else 404
    assert response.status_code == expected
    assert FlagshipProject.objects.filter(title_en="Patched").exists() == may_change
    response = client.patch(
        f"/api/v1/plan-actions/{a['action'].pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == expected
    assert (PlanAction.objects.get(pk=a["action"].pk).status == "done") == may_change
    response = client.post(
        f"/api/v1/plans/{plan.pk}/archive/", {"version": plan.version}, format="json"
    )
    assert response.status_code == expected
    assert (ActionPlan.objects.get(pk=plan.pk).archived_at is not None) == may_change


def test_nothing_is_ever_deleted_through_the_api(world, a):
    client = api(world.ministry)
    for url in detail_urls(a):
        assert client.delete(url).status_code == 405
    assert FlagshipProject.objects.count() == 1 and ProgressUpdate.objects.count() == 1


def test_a_stale_version_gets_409_and_the_first_change_is_kept(world, a):
    p = a["project"]
    first = api(world.governor_a).patch(
        f"/api/v1/projects/{p.pk}/", {"title_en": "First", "version": p.version}, format="json"
    )
    assert first.status_code == 200 and first.json()["version"] == p.version + 1
    second = api(world.officer_a).patch(
        f"/api/v1/projects/{p.pk}/", {"title_en": "Second", "version": p.version}, format="json"
    )
    assert second.status_code == 409
    assert "Someone else changed this item" in second.json()["detail"]
    assert FlagshipProject.objects.get(pk=p.pk).title_en == "First"


def test_an_update_without_a_version_is_refused(world, a):
    response = api(world.governor_a).patch(
        f"/api/v1/projects/{a['project'].pk}/", {"title_en": "No version"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()


def test_a_plan_update_with_a_stale_version_gets_409(world, a):
    plan = a["plan"]
    client = api(world.governor_a)
    ok = client.patch(
        f"/api/v1/plans/{plan.pk}/", {"title_en": "New", "version": plan.version}, format="json"
    )
    assert ok.status_code == 200
    stale = client.post(
        f"/api/v1/plans/{plan.pk}/archive/", {"version": plan.version}, format="json"
    )
    assert stale.status_code == 409
    assert ActionPlan.objects.get(pk=plan.pk).archived_at is None


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        (
            "/api/v1/projects/",
            {
                "county": "CA",
                "dimension": "solid_waste",
                "title_en": "Backwards",
                "period_start": "2027-01-01",
                "period_end": "2026-01-01",
            },
            "period_end",
            "The end date is before the start date.",
        ),
        (
            "/api/v1/progress-updates/",
            {"date": "2026-01-01", "percent": 101},
            "percent",
            "The percent must be between 0 and 100.",
        ),
        (
            "/api/v1/progress-updates/",
            {"date": "2026-01-01", "percent": -3},
            "percent",
            "The percent must be between 0 and 100.",
        ),
        (
            "/api/v1/plan-targets/",
            {"indicator": "happiness_index", "target_value": 1, "deadline": "2027-01-01"},
            "indicator",
            "Unknown indicator: happiness_index.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    world, a, url, data, field, message
):
    counts = (
        FlagshipProject.objects.count(),
        ProgressUpdate.objects.count(),
        PlanTarget.objects.count(),
    )
    data = {"project": a["project"].pk, "plan": a["plan"].pk, **data}
    response = api(world.governor_a).post(url, data, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert counts == (
        FlagshipProject.objects.count(),
        ProgressUpdate.objects.count(),
        PlanTarget.objects.count(),
    )


def test_a_non_image_photo_is_refused_through_the_api(world, a):
    response = api(world.governor_a).post(
        "/api/v1/progress-updates/",
        {
            "project": a["project"].pk,
            "date": days(0).isoformat(),
            "percent": 30,
            "files": [SimpleUploadedFile("x.jpg", b"<?php evil(); ?>", "image/jpeg")],
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "is not a photo" in str(response.json()["files"])
    assert ProgressUpdate.objects.count() == 1


def test_progress_with_a_photo_and_a_milestone_done_through_the_api(world, a):
    response = api(world.governor_a).post(
        "/api/v1/progress-updates/",
        {
            "project": a["project"].pk,
            "date": days(0).isoformat(),
            "percent": 30,
            "completed": [a["milestone"].pk],
            "files": [SimpleUploadedFile("site.png", png_bytes(), "image/png")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"][0]["kind"] == "photo"
    project = api(world.governor_a).get(f"/api/v1/projects/{a['project'].pk}/").json()
    assert project["progress"] == 100.0 and project["status"] == "done"


def test_contacts_are_left_out_for_analysts(world, a):
    url = f"/api/v1/projects/{a['project'].pk}/"
    assert "responsible_contact" in api(world.governor_a).get(url).json()
    assert "responsible_contact" not in api(world.analyst).get(url).json()


def test_lists_filter_by_status_province_challenge_and_leave_archived_out(world):
    late = make_project(world.county_a, title_en="Late")
    make_milestone(late, -90)
    make_project(world.county_b, title_en="Elsewhere")
    archived = make_project(world.county_a, title_en="Old")
    from django.utils import timezone

    archived.archived_at = timezone.now()
    archived.save()
    client = api(world.ministry)
    titles = lambda url: {p["title_en"] for p in client.get(url).json()["results"]}  # noqa: E731
    assert titles("/api/v1/projects/") == {"Late", "Elsewhere"}
    assert titles("/api/v1/projects/?status=delayed") == {"Late"}
    assert titles("/api/v1/projects/?province=PB") == {"Elsewhere"}
    assert titles("/api/v1/projects/?dimension=employment") == set()
    assert titles("/api/v1/projects/?archived=true") == {"Old"}


def test_project_list_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for i in range(30):
        project = make_project(world.county_a, title_en=f"P{i}")
        make_milestone(project, 10)
        ProgressUpdate.objects.create(project=project, date=days(-1), percent=i)
    client = api(world.ministry)
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/projects/")
    assert response.status_code == 200 and response.json()["count"] == 30
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/milestones/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/progress-updates/").status_code == 200


def test_the_api_is_paginated(world, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    for i in range(3):
        make_project(world.county_a, title_en=f"P{i}")
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    body = api(world.ministry).get("/api/v1/projects/").json()
    assert body["count"] == 3 and body["next"] and len(body["results"]) == 2
