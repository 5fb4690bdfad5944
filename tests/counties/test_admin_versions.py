"""The admins of areas, flagship projects, action plans and project feedback raise the version
(a governor's page opened before an admin change is refused instead of overwriting it), show it
read-only, and refuse an admin form opened before someone else's change."""

from __future__ import annotations

from typing import Any

import pytest

from counties.models import Area
from counties.services import save_area
from participation import services as participation_services
from projects import services as project_services
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

KINDS = ["area", "project", "plan", "feedback"]

# kind -> (an admin's change, the governor's change on the record's page)
CHANGES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "area": ({"population": "2000"}, {"population": "1500"}),
    "project": ({"location": "Admin road"}, {"title_en": "Governor's title"}),
    "plan": ({"objective_en": "Admin's aim"}, {"title_en": "Governor's plan"}),
    "feedback": ({"name": "Renamed"}, {"reason": "Ads"}),
}


def make(world: Any, kind: str) -> Any:
    county = world.county_a
    if kind == "area":
        return Area.objects.create(
            county=county, name_fa="نقاط شهری", name_en="Urban", kind="city", population=1000
        )
    if kind == "project":
        return make_project(county)
    if kind == "plan":
        return make_plan(county)
    return project_services.record_feedback(
        make_project(county), text="Spam, spam", name="S", ip="203.0.113.9"
    )


def page_of(record: Any, kind: str) -> tuple[str, str | None]:
    """The governor's page that edits the record, and its form's action if not the page."""
    if kind == "feedback":
        listing = "/participation/CA/critiques/feedback/"
        return listing, f"{listing}{record.pk}/dismiss/"
    return f"/counties/CA/{kind}s/{record.pk}/edit/", None


def governor_saves(world: Any, record: Any, kind: str) -> None:
    """The governor saves the record through its page's service, version 1 in hand."""
    values, user = CHANGES[kind][1], world.governor_a
    if kind == "area":
        save_area(record, {"population": 1500}, expected_version=1, user=user)
    elif kind == "project":
        project_services.update_project(record, values, expected_version=1, user=user)
    elif kind == "plan":
        project_services.update_plan(record, values, expected_version=1, user=user)
    else:
        participation_services.dismiss_feedback(record, expected_version=1, user=user, **values)


@pytest.mark.parametrize("kind", KINDS)
def test_an_admin_save_raises_the_version_which_is_read_only(world, kind):
    record = make(world, kind)
    client = admin_client(world)
    assert "version" not in page_form(client, change_url(record))  # shown, not editable
    admin_save_raises_the_version(client, record, CHANGES[kind][0])


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_opened_before_an_admin_change_is_refused(world, kind):
    record = make(world, kind)
    page, action = page_of(record, kind)
    admin_change, page_change = CHANGES[kind]
    page_opened_before_an_admin_change_is_refused(
        client_for(world.governor_a),
        admin_client(world),
        record,
        page=page,
        action=action,
        page_change=page_change,
        admin_change=admin_change,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_an_admin_form_opened_before_another_change_is_refused(world, kind):
    record = make(world, kind)
    admin_form_opened_before_another_change_is_refused(
        admin_client(world), record, CHANGES[kind][0], lambda: governor_saves(world, record, kind)
    )
