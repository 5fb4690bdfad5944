"""The admins of areas, flagship projects, action plans and project feedback raise the version
(a governor's page opened before an admin change is refused instead of overwriting it), show it
read-only, and refuse an admin form opened before someone else's change."""

from __future__ import annotations

import pytest

from counties import project_services
from counties.models import Area
from counties.services import save_area
from participation import services as participation_services
from tests.admin_versions import (
    admin_client,
    admin_form_opened_before_another_change_is_refused,
    admin_save_raises_the_version,
    change_url,
    page_form,
    page_opened_before_an_admin_change_is_refused,
)
from tests.conftest import client_for
from tests.project_factories import make_plan, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(world):
    return Area.objects.create(
        county=world.county_a, name_fa="نقاط شهری", name_en="Urban", kind="city", population=1000
    )


@pytest.fixture
def project(world):
    return make_project(world.county_a)


@pytest.fixture
def plan(world):
    return make_plan(world.county_a)


@pytest.fixture
def feedback(project):
    return project_services.record_feedback(project, text="Spam, spam", name="S", ip="203.0.113.9")


# --- areas ----------------------------------------------------------------------------------


def test_an_admin_save_of_an_area_raises_its_version_which_is_read_only(world, area):
    client = admin_client(world)
    form = page_form(client, change_url(area))
    assert "version" not in form  # shown, not editable
    admin_save_raises_the_version(client, area, {"population": "2000"})


def test_an_area_page_opened_before_an_admin_change_is_refused(world, area):
    page_opened_before_an_admin_change_is_refused(
        client_for(world.governor_a),
        admin_client(world),
        area,
        page=f"/counties/CA/areas/{area.pk}/edit/",
        page_change={"population": "1500"},
        admin_change={"population": "2000"},
    )
    area.refresh_from_db()
    assert area.population == 2000


def test_an_area_admin_form_opened_before_another_change_is_refused(world, area):
    admin_form_opened_before_another_change_is_refused(
        admin_client(world),
        area,
        {"population": "2000"},
        lambda: save_area(area, {"population": 1500}, expected_version=1, user=world.governor_a),
    )
    area.refresh_from_db()
    assert area.population == 1500


# --- flagship projects ----------------------------------------------------------------------


def test_an_admin_save_of_a_project_raises_its_version(world, project):
    admin_save_raises_the_version(admin_client(world), project, {"location": "Admin road"})


def test_a_project_page_opened_before_an_admin_change_is_refused(world, project):
    page_opened_before_an_admin_change_is_refused(
        client_for(world.governor_a),
        admin_client(world),
        project,
        page=f"/counties/CA/projects/{project.pk}/edit/",
        page_change={"title_en": "Governor's title"},
        admin_change={"location": "Admin road"},
    )


def test_a_project_admin_form_opened_before_another_change_is_refused(world, project):
    admin_form_opened_before_another_change_is_refused(
        admin_client(world),
        project,
        {"location": "Admin road"},
        lambda: project_services.update_project(
            project, {"title_en": "Governor's title"}, expected_version=1, user=world.governor_a
        ),
    )


# --- action plans ---------------------------------------------------------------------------


def test_an_admin_save_of_a_plan_raises_its_version(world, plan):
    admin_save_raises_the_version(admin_client(world), plan, {"objective_en": "Admin's aim"})


def test_a_plan_page_opened_before_an_admin_change_is_refused(world, plan):
    page_opened_before_an_admin_change_is_refused(
        client_for(world.governor_a),
        admin_client(world),
        plan,
        page=f"/counties/CA/plans/{plan.pk}/edit/",
        page_change={"title_en": "Governor's plan"},
        admin_change={"objective_en": "Admin's aim"},
    )


def test_a_plan_admin_form_opened_before_another_change_is_refused(world, plan):
    admin_form_opened_before_another_change_is_refused(
        admin_client(world),
        plan,
        {"objective_en": "Admin's aim"},
        lambda: project_services.update_plan(
            plan, {"title_en": "Governor's plan"}, expected_version=1, user=world.governor_a
        ),
    )


# --- project feedback -----------------------------------------------------------------------


def test_an_admin_save_of_feedback_raises_its_version(world, feedback):
    admin_save_raises_the_version(admin_client(world), feedback, {"name": "Renamed"})


def test_a_dismiss_button_shown_before_an_admin_change_is_refused(world, feedback):
    page_opened_before_an_admin_change_is_refused(
        client_for(world.governor_a),
        admin_client(world),
        feedback,
        page="/participation/CA/critiques/feedback/",
        action=f"/participation/CA/critiques/feedback/{feedback.pk}/dismiss/",
        page_change={"reason": "Ads"},
        admin_change={"name": "Renamed"},
    )


def test_a_feedback_admin_form_opened_before_a_dismissal_is_refused(world, feedback):
    admin_form_opened_before_another_change_is_refused(
        admin_client(world),
        feedback,
        {"name": "Renamed"},
        lambda: participation_services.dismiss_feedback(
            feedback, reason="Ads", expected_version=1, user=world.governor_a
        ),
    )
