"""Flagship project and plan pages for every persona; bad input; concurrent edits; history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import (
    ActionPlan,
    Evidence,
    FlagshipProject,
    Milestone,
    PlanAction,
    PlanTarget,
    ProgressUpdate,
    ProjectKPI,
)
from tests.conftest import PERSONAS, client_for
from tests.project_factories import (
    days,
    make_area,
    make_milestone,
    make_plan,
    make_project,
    observe,
    png_bytes,
)

pytestmark = pytest.mark.django_db

# persona: (may view county A, may change county A)
RIGHTS_ON_A = {
    "anonymous": (False, False),
    "governor_a": (True, True),
    "governor_b": (False, False),
    "officer_a": (True, True),
    "ministry": (True, True),
    "analyst": (True, False),
}


@pytest.fixture
def a(world):
    """A project, a milestone, a photo and a plan with a target and an action in county A."""
    project = make_project(world.county_a)
    milestone = make_milestone(project, 30)
    update = ProgressUpdate.objects.create(project=project, date=days(-1), percent=10)
    from django.core.files.base import ContentFile

    evidence = Evidence(
        update=update, kind="photo", content_type="image/png", size=10, is_public=True
    )
    evidence.file.save("x.png", ContentFile(png_bytes()), save=True)
    plan = make_plan(world.county_a)
    observe(world.county_a, "unemployment_rate", "1403", 12.0)
    target = PlanTarget.objects.create(
        plan=plan,
        indicator_id=observe(world.county_a, "unemployment_rate", "1404", 11.0).indicator_id,
        baseline=12,
        target_value=10,
        deadline=days(300),
    )
    action = PlanAction.objects.create(plan=plan, title_en="Do it", owner="Me", due_date=days(5))
    return {
        "project": project,
        "milestone": milestone,
        "evidence": evidence,
        "plan": plan,
        "target": target,
        "action": action,
    }


def read_urls(a) -> list[str]:
    p, plan = a["project"].pk, a["plan"].pk
    return [
        "/counties/CA/workbench/",
        "/counties/CA/projects/",
        f"/counties/CA/projects/{p}/",
        f"/counties/CA/projects/{p}/history/",
        f"/counties/CA/projects/{p}/evidence/{a['evidence'].pk}/",
        "/counties/CA/plans/",
        f"/counties/CA/plans/{plan}/",
        f"/counties/CA/plans/{plan}/history/",
    ]


def change_form_urls(a) -> list[str]:
    return [
        "/counties/CA/projects/new/",
        f"/counties/CA/projects/{a['project'].pk}/edit/",
        "/counties/CA/plans/new/",
        f"/counties/CA/plans/{a['plan'].pk}/edit/",
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_county_pages_are_read_by_whoever_may_view_the_county(world, a, persona):
    client = client_for(world.persona(persona))
    may_view, may_change = RIGHTS_ON_A[persona]
    for url in read_urls(a):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == (200 if may_view else 403), url
    for url in change_form_urls(a):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if may_change else 403), url


def _project_form(**changes):
    data = {
        "title_fa": "مجتمع پسماند",
        "title_en": "Waste facility",
        "dimension": "",
        "period_start": "1405/01/01",
        "period_end": "1406-12-29",
        "planned_budget": "42",
        "spent_budget": "",
        "budget_unit": "billion",
        "location": "Road 12",
        "responsible_agency": "Municipality",
        "responsible_person": "Mr R",
        "responsible_contact": "",
        "is_public": "on",
    }
    data.update(changes)
    return data


def _dimension_pk(code="solid_waste"):
    from counties.models import Dimension

    return Dimension.objects.get(code=code).pk


def write_requests(a) -> list[tuple[str, object, object]]:
    """(url, data, check that the change happened)."""
    p, m, plan = a["project"], a["milestone"], a["plan"]
    return [
        (
            "/counties/CA/projects/new/",
            _project_form(dimension=_dimension_pk()),
            lambda: FlagshipProject.objects.filter(title_en="Waste facility").exists(),
        ),
        (
            f"/counties/CA/projects/{p.pk}/edit/",
            _project_form(dimension=_dimension_pk(), title_en="Renamed", version=p.version),
            lambda: FlagshipProject.objects.filter(title_en="Renamed").exists(),
        ),
        (
            f"/counties/CA/projects/{p.pk}/milestones/new/",
            {"title_en": "New step", "planned_date": days(10).isoformat(), "weight": "2"},
            lambda: Milestone.objects.filter(title_en="New step").exists(),
        ),
        (
            f"/counties/CA/projects/{p.pk}/milestones/{m.pk}/done/",
            {},
            lambda: Milestone.objects.get(pk=m.pk).done_date is not None,
        ),
        (
            f"/counties/CA/projects/{p.pk}/progress/",
            {"date": days(0).isoformat(), "percent": "33", "note": "Going well"},
            lambda: ProgressUpdate.objects.filter(percent=33).exists(),
        ),
        (
            f"/counties/CA/projects/{p.pk}/kpis/new/",
            {"indicator": a["target"].indicator_id, "target": "9", "deadline": "2027-06-01"},
            lambda: ProjectKPI.objects.filter(project=p).exists(),
        ),
        (
            "/counties/CA/plans/new/",
            {
                "title_en": "Jobs plan",
                "dimension": _dimension_pk("employment"),
                "period_start": "2026-03-21",
                "period_end": "2028-03-19",
            },
            lambda: ActionPlan.objects.filter(title_en="Jobs plan").exists(),
        ),
        (
            f"/counties/CA/plans/{plan.pk}/targets/new/",
            {"indicator": a["target"].indicator_id, "target_value": "8", "deadline": "2027-12-01"},
            lambda: PlanTarget.objects.filter(target_value=8).exists(),
        ),
        (
            f"/counties/CA/plans/{plan.pk}/actions/new/",
            {
                "title_en": "Call investors",
                "owner": "Deputy",
                "due_date": "2027-01-10",
                "status": "planned",
            },
            lambda: PlanAction.objects.filter(title_en="Call investors").exists(),
        ),
        (
            f"/counties/CA/plans/{plan.pk}/actions/{a['action'].pk}/status/",
            {"status": "done"},
            lambda: PlanAction.objects.get(pk=a["action"].pk).status == "done",
        ),
        (
            f"/counties/CA/projects/{p.pk}/archive/",
            lambda: {"version": FlagshipProject.objects.get(pk=p.pk).version},
            lambda: FlagshipProject.objects.get(pk=p.pk).archived_at is not None,
        ),
        (
            f"/counties/CA/plans/{plan.pk}/archive/",
            lambda: {"version": ActionPlan.objects.get(pk=plan.pk).version},
            lambda: ActionPlan.objects.get(pk=plan.pk).archived_at is not None,
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_county_staff_the_province_and_the_ministry_change_projects_and_plans(
    world, a, persona
):
    client = client_for(world.persona(persona))
    allowed = RIGHTS_ON_A[persona][1]
    for url, data, happened in write_requests(a):
        response = client.post(url, data() if callable(data) else data)
        assert happened() == allowed, (url, response.status_code)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif not allowed:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, (url, response.content.decode()[:3000])


def test_governor_cannot_reach_another_countys_project_through_their_own_county_url(world):
    other = make_project(world.county_b)
    client = client_for(world.governor_a)
    assert client.get(f"/counties/CA/projects/{other.pk}/").status_code == 404
    response = client.post(f"/counties/CA/projects/{other.pk}/progress/", {"percent": "5"})
    assert response.status_code == 404
    assert not other.updates.exists()


def test_governors_home_is_their_workbench_and_others_go_to_the_cross_county_list(world):
    assert client_for(world.governor_a).get("/workbench/")["Location"] == "/counties/CA/workbench/"
    assert client_for(world.analyst).get("/workbench/")["Location"] == "/projects/"
    assert client_for(None).get("/workbench/").status_code == 302


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("governor_a", {"A"}),
        ("governor_b", {"B"}),
        ("officer_a", {"A", "A2"}),
        ("ministry", {"A", "A2", "B"}),
        ("analyst", {"A", "A2", "B"}),
    ],
)
def test_cross_county_list_shows_only_counties_the_user_may_see(world, persona, visible):
    for county, name in ((world.county_a, "A"), (world.county_a2, "A2"), (world.county_b, "B")):
        make_project(county, title_en=f"Project of {name}")
    html = client_for(world.persona(persona)).get("/projects/").content.decode()
    shown = {name for name in ("A", "A2", "B") if f"Project of {name}<" in html}
    assert shown == visible


def test_cross_county_list_filters_all_delayed_waste_projects_of_a_province(world):
    late_waste = make_project(world.county_a2, title_en="Late waste")
    make_milestone(late_waste, -60)
    make_milestone(make_project(world.county_a, title_en="Fine waste"), 30)
    late_jobs = make_project(
        world.county_a, title_en="Late jobs", dimension=_dimension_obj("employment")
    )
    make_milestone(late_jobs, -60)
    make_milestone(make_project(world.county_b, title_en="Late elsewhere"), -60)
    html = (
        client_for(world.ministry)
        .get("/projects/?province=PA&status=delayed&dimension=solid_waste")
        .content.decode()
    )
    assert "Late waste" in html
    assert "Fine waste" not in html and "Late jobs" not in html and "Late elsewhere" not in html


def _dimension_obj(code):
    from counties.models import Dimension

    return Dimension.objects.get(code=code)


def test_project_list_filters_by_status_challenge_year_and_area(world):
    area = make_area(world.county_a)
    in_area = make_project(world.county_a, title_en="In the settlement")
    in_area.areas.add(area)
    make_project(
        world.county_a,
        title_en="Next decade",
        period_start=days(3000),
        period_end=days(3300),
    )
    client = client_for(world.governor_a)
    html = client.get(f"/counties/CA/projects/?area={area.pk}").content.decode()
    assert "In the settlement" in html and "Next decade" not in html
    html = client.get("/counties/CA/projects/?status=not_started").content.decode()
    assert "Next decade" in html and "In the settlement" not in html
    html = client.get("/counties/CA/projects/?dimension=employment").content.decode()
    assert "In the settlement" not in html
    from governance.periods import current_year

    html = client.get(f"/counties/CA/projects/?year={current_year()}").content.decode()
    assert "In the settlement" in html and "Next decade" not in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"period_start": "1406/01/01", "period_end": "1405/01/01"},
            "period_end",
            "The end date is before the start date.",
        ),
        ({"period_start": "1405/13/40"}, "period_start", "Enter a date such as"),
        ({"title_fa": "", "title_en": ""}, "title_fa", "Give a title in Persian or in English."),
        ({"planned_budget": "-5"}, "planned_budget", "greater than or equal to 0"),
    ],
)
def test_bad_project_input_is_refused_with_a_message_and_changes_nothing(
    world, a, changes, field, message
):
    project = a["project"]
    response = client_for(world.governor_a).post(
        f"/counties/CA/projects/{project.pk}/edit/",
        _project_form(dimension=_dimension_pk(), version=project.version, **changes),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert message in " ".join(response.context["form"].errors[field])
    fresh = FlagshipProject.objects.get(pk=project.pk)
    assert (fresh.title_en, fresh.version, fresh.period_end) == (
        project.title_en,
        project.version,
        project.period_end,
    )


@pytest.mark.parametrize("percent", ["-1", "101", "250"])
def test_a_percent_outside_0_to_100_is_refused_and_nothing_is_recorded(world, a, percent):
    project = a["project"]
    response = client_for(world.governor_a).post(
        f"/counties/CA/projects/{project.pk}/progress/",
        {"date": days(0).isoformat(), "percent": percent},
    )
    assert response.status_code == 400
    assert "The percent must be between 0 and 100." in response.content.decode()
    assert project.updates.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("big.png", png_bytes(), "image/png"), "is too large"),
        (SimpleUploadedFile("cv.png", b"MZ\x90\x00 not an image", "image/png"), "is not a photo"),
        (
            SimpleUploadedFile("fake.jpg", b"\xff\xd8\xff\xe0" + b"junk" * 50, "image/jpeg"),
            "is not a readable photo",
        ),
    ],
)
def test_an_oversized_or_non_image_photo_is_refused_and_nothing_is_recorded(
    world, a, settings, upload, message
):
    if upload.name == "big.png":
        settings.PROJECT_EVIDENCE_MAX_BYTES = 50
    project = a["project"]
    response = client_for(world.governor_a).post(
        f"/counties/CA/projects/{project.pk}/progress/",
        {"date": days(0).isoformat(), "percent": "20", "evidence": upload},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert project.updates.count() == 1
    assert Evidence.objects.count() == 1


def test_a_real_photo_is_stored_under_media_and_served_only_to_those_who_may_see_it(world, a):
    project = a["project"]
    client = client_for(world.governor_a)
    response = client.post(
        f"/counties/CA/projects/{project.pk}/progress/",
        {
            "date": days(0).isoformat(),
            "percent": "20",
            "evidence": SimpleUploadedFile("site.png", png_bytes(), "image/png"),
            "public_photos": "on",
            "completed": [a["milestone"].pk],
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.latest("pk")
    assert evidence.kind == "photo" and evidence.content_type == "image/png"
    assert evidence.file.name.startswith(f"projects/{world.county_a.pk}/{project.pk}/")
    assert "site" not in evidence.file.name  # the uploader's name never reaches the disk
    assert Milestone.objects.get(pk=a["milestone"].pk).done_date == days(0)
    url = f"/counties/CA/projects/{project.pk}/evidence/{evidence.pk}/"
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert client_for(world.governor_b).get(url).status_code == 403


def test_an_unknown_indicator_is_refused_with_a_clear_message(world, a):
    project = a["project"]
    response = client_for(world.governor_a).post(
        f"/counties/CA/projects/{project.pk}/kpis/new/",
        {"indicator": "999999", "target": "3", "deadline": "2027-01-01"},
    )
    assert response.status_code == 400
    assert "Unknown indicator" in response.content.decode()
    assert not ProjectKPI.objects.exists()
    response = client_for(world.governor_a).post(
        f"/counties/CA/plans/{a['plan'].pk}/targets/new/",
        {"indicator": "nope", "target_value": "3", "deadline": "2027-01-01"},
    )
    assert "Unknown indicator" in response.content.decode()
    assert PlanTarget.objects.count() == 1


def test_a_milestone_outside_the_period_is_refused(world, a):
    project = a["project"]
    response = client_for(world.governor_a).post(
        f"/counties/CA/projects/{project.pk}/milestones/new/",
        {"title_en": "Too late", "planned_date": days(900).isoformat(), "weight": "1"},
    )
    assert response.status_code == 400
    assert "within the project&#x27;s period" in response.content.decode()
    assert not Milestone.objects.filter(title_en="Too late").exists()


def test_persian_users_type_jalali_dates_with_persian_digits(world):
    from counties.models import Dimension

    client = client_for(world.governor_a)
    world.governor_a.language = "fa"
    world.governor_a.save(update_fields=["language"])
    from counties.services import ensure_default_catalogue

    ensure_default_catalogue()
    response = client.post(
        "/counties/CA/projects/new/",
        _project_form(
            dimension=Dimension.objects.get(code="employment").pk,
            period_start="۱۴۰۵/۰۹/۰۳",
            period_end="۱۴۰۶/۰۶/۳۱",
            planned_budget="۱۲٫۵",
        ),
    )
    assert response.status_code == 302
    project = FlagshipProject.objects.get(title_en="Waste facility")
    assert project.period_start.isoformat() == "2026-11-24"
    assert project.period_end.isoformat() == "2027-09-22"
    assert project.planned_budget == 125_000_000_000  # 12.5 billion tomans, stored in rials
    html = client.get(f"/counties/CA/projects/{project.pk}/").content.decode()
    assert "۳ آذر ۱۴۰۵" in html and "۱۲٫۵ میلیارد تومان" in html
    form = client.get(f"/counties/CA/projects/{project.pk}/edit/").content.decode()
    assert 'value="۱۴۰۵/۰۹/۰۳"' in form


def test_second_of_two_concurrent_project_edits_is_refused_and_the_first_is_kept(world, a):
    project = a["project"]
    first_tab = client_for(world.governor_a)
    second_tab = client_for(world.officer_a)
    opened = project.version
    first = first_tab.post(
        f"/counties/CA/projects/{project.pk}/edit/",
        _project_form(dimension=_dimension_pk(), title_en="First", version=opened),
    )
    assert first.status_code == 302
    second = second_tab.post(
        f"/counties/CA/projects/{project.pk}/edit/",
        _project_form(dimension=_dimension_pk(), title_en="Second", version=opened),
    )
    assert second.status_code == 200
    assert "Someone else changed this project" in second.content.decode()
    assert FlagshipProject.objects.get(pk=project.pk).title_en == "First"


def test_second_of_two_concurrent_plan_edits_is_refused_and_the_first_is_kept(world, a):
    plan = a["plan"]
    data = {
        "dimension": _dimension_pk(),
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "version": plan.version,
    }
    client = client_for(world.governor_a)
    assert (
        client.post(f"/counties/CA/plans/{plan.pk}/edit/", {**data, "title_en": "One"}).status_code
        == 302
    )
    stale = client.post(f"/counties/CA/plans/{plan.pk}/edit/", {**data, "title_en": "Two"})
    assert "Someone else changed this plan" in stale.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).title_en == "One"


def test_every_change_to_a_project_is_recorded_with_who_when_and_what(world, a):
    project = a["project"]
    area = make_area(world.county_a, "Hosseinabad")
    client = client_for(world.governor_a)
    client.post(
        f"/counties/CA/projects/{project.pk}/edit/",
        _project_form(
            dimension=_dimension_pk(), title_en="Renamed", version=project.version, areas=[area.pk]
        ),
    )
    client.post(
        f"/counties/CA/projects/{project.pk}/milestones/new/",
        {"title_en": "Walls up", "planned_date": days(20).isoformat(), "weight": "2"},
    )
    latest = FlagshipProject.history.filter(id=project.pk).latest("history_date")
    assert latest.history_user == world.governor_a
    assert [a.area_id for a in latest.areas.all()] == [area.pk]
    html = client.get(f"/counties/CA/projects/{project.pk}/history/").content.decode()
    assert "gov_a" in html
    assert "Sample project" in html and "Renamed" in html
    assert "Hosseinabad" in html
    assert "Walls up" in html


def test_every_change_to_a_plan_target_and_action_is_recorded(world, a):
    client = client_for(world.officer_a)
    plan = a["plan"]
    client.post(
        f"/counties/CA/plans/{plan.pk}/actions/{a['action'].pk}/status/", {"status": "in_progress"}
    )
    record = PlanAction.history.filter(id=a["action"].pk).latest("history_date")
    assert record.history_user == world.officer_a and record.status == "in_progress"
    html = client.get(f"/counties/CA/plans/{plan.pk}/history/").content.decode()
    assert "officer_a" in html and "In progress" in html


def test_archiving_is_soft_the_project_leaves_lists_and_can_be_restored(world, a):
    project = a["project"]
    client = client_for(world.governor_a)
    client.post(f"/counties/CA/projects/{project.pk}/archive/", {"version": project.version})
    project.refresh_from_db()
    assert project.archived_at is not None
    assert FlagshipProject.objects.filter(pk=project.pk).exists()
    assert "Sample project" not in client.get("/counties/CA/projects/").content.decode()
    assert "Sample project" in client.get("/counties/CA/projects/?archived=on").content.decode()
    assert "Sample project" not in client.get("/counties/CA/workbench/").content.decode()
    assert client.get(f"/counties/CA/projects/{project.pk}/").status_code == 200
    refused = client.post(
        f"/counties/CA/projects/{project.pk}/progress/", {"date": days(0), "percent": "50"}
    )
    assert project.updates.count() == 1 and refused.status_code in (302, 400, 403)
    client.post(
        f"/counties/CA/projects/{project.pk}/archive/",
        {"version": project.version, "restore": "1"},
    )
    project.refresh_from_db()
    assert project.archived_at is None


def test_workbench_shows_status_due_and_overdue_milestones_stale_projects_and_charts(world, a):
    late = make_project(world.county_a, title_en="Late one")
    make_milestone(late, -45, title="Foundations")
    make_milestone(a["project"], 10, title="Roof")
    html = client_for(world.governor_a).get("/counties/CA/workbench/").content.decode()
    assert 'id="gantt"' in html and 'id="target-bullets"' in html
    assert "Foundations" in html.split('id="overdue-milestones"')[1].split("</section>")[0]
    assert "Roof" in html.split('id="upcoming-milestones"')[1].split("</section>")[0]
    assert "Late one" in html.split('id="stale-projects"')[1].split("</section>")[0]


def test_workbench_shows_the_share_of_flagship_budget_in_deprived_areas(world):
    deprived = make_area(world.county_a, "Margin", deprived=True)
    centre = make_area(world.county_a, "Centre", deprived=False)
    make_project(world.county_a, planned_budget=300).areas.add(deprived)
    make_project(world.county_a, planned_budget=100).areas.add(centre)
    html = client_for(world.governor_a).get("/counties/CA/workbench/").content.decode()
    section = html.split('id="deprived-share"')[1].split("</section>")[0]
    assert "75%" in section


def test_contact_details_are_hidden_from_analysts(world, a):
    url = f"/counties/CA/projects/{a['project'].pk}/"
    assert "0912-000-0000" in client_for(world.governor_a).get(url).content.decode()
    assert "0912-000-0000" not in client_for(world.analyst).get(url).content.decode()


def test_project_lists_run_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    area = make_area(world.county_a)
    for i in range(25):
        project = make_project(world.county_a if i % 2 else world.county_a2, title_en=f"P{i}")
        project.areas.add(area) if i % 2 else None
        make_milestone(project, -5)
        make_milestone(project, 40, done=-1)
        ProgressUpdate.objects.create(project=project, date=days(-3), percent=i)
    client = client_for(world.ministry)
    for url in ("/counties/CA/projects/", "/projects/", "/counties/CA/workbench/"):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_administration_lists_projects_plans_and_feedback(world, a):
    from governance.models import User

    admin = User.objects.create_superuser("root", password="x", role="ministry_staff")
    client = client_for(admin)
    for url in (
        "/admin/projects/flagshipproject/",
        f"/admin/projects/flagshipproject/{a['project'].pk}/change/",
        f"/admin/projects/flagshipproject/{a['project'].pk}/history/",
        "/admin/projects/actionplan/",
        "/admin/projects/projectfeedback/",
    ):
        assert client.get(url).status_code == 200, url


def test_an_archived_plan_refuses_changes_says_why_and_a_stale_archive_is_refused(world, a):
    plan = a["plan"]
    client = client_for(world.governor_a)
    opened = plan.version
    archived = client.post(f"/counties/CA/plans/{plan.pk}/archive/", {"version": opened})
    assert archived["Location"] == f"/counties/CA/plans/{plan.pk}/"
    page = client.get(archived["Location"]).content.decode()
    assert "The plan was archived. It is kept and can be restored." in page
    plan.refresh_from_db()
    assert plan.archived_at is not None and plan.version == opened + 1
    refused = client.post(
        f"/counties/CA/plans/{plan.pk}/actions/new/",
        {"title_en": "Late idea", "owner": "Me", "due_date": days(10).isoformat()},
        follow=True,
    )
    assert "This plan is archived: restore it to change it." in refused.content.decode()
    assert not plan.actions.filter(title_en="Late idea").exists()
    stale = client.post(
        f"/counties/CA/plans/{plan.pk}/archive/", {"version": opened, "restore": "1"}, follow=True
    )
    assert "Someone else changed this plan" in stale.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).archived_at is not None
    restored = client.post(
        f"/counties/CA/plans/{plan.pk}/archive/",
        {"version": opened + 1, "restore": "1"},
        follow=True,
    )
    assert "The plan was restored." in restored.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).archived_at is None


def test_a_refused_target_shows_the_plan_again_with_the_form_and_its_reason(world, a):
    plan = a["plan"]
    response = client_for(world.governor_a).post(
        f"/counties/CA/plans/{plan.pk}/targets/new/",
        {
            "indicator": a["target"].indicator_id,
            "target_value": "9",
            "deadline": "2000-01-01",
        },
    )
    assert response.status_code == 400
    assert response.context["open_form"] == "target_form"
    assert response.context["target_form"].errors
    assert plan.targets.count() == 1
