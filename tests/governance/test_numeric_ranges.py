"""Every number people type or import has a sane range, and NaN or infinity is never a number.

Before: a baseline of 1.7976931348623157e+308 was saved and then every read of the plan-targets
API answered 500; an import took 1e308 as a population.
"""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from counties.imports import plan_import
from counties.models import Indicator
from counties.services import ensure_default_catalogue
from governance.ranges import MEASURE_LIMIT, check_numbers
from participation import services
from projects import services as project_services
from projects.models import PlanTarget
from scores.services import ensure_default_methodology
from tests.participation import factories as f
from tests.project_factories import days, make_plan, make_project

pytestmark = pytest.mark.django_db

HUGE = 1.7976931348623157e308


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def plan(world):
    return make_plan(world.county_a)


def target_post(plan, **values) -> dict:
    return {
        "plan": plan.pk,
        "indicator": "waste_recycling",
        "baseline": 5,
        "target_value": 15,
        "deadline": days(200).isoformat(),
    } | values


@pytest.mark.parametrize("field", ["baseline", "target_value"])
def test_the_api_refuses_a_huge_plan_target_and_its_list_still_reads(world, plan, field):
    client = api(world.governor_a)
    response = client.post("/api/v1/plan-targets/", target_post(plan, **{field: HUGE}), "json")
    assert response.status_code == 400
    assert field in response.json()
    assert not PlanTarget.objects.exists()
    assert client.get("/api/v1/plan-targets/").status_code == 200


def test_the_api_refuses_a_huge_change_of_a_plan_target(world, plan):
    client = api(world.governor_a)
    created = client.post("/api/v1/plan-targets/", target_post(plan), "json").json()
    response = client.patch(f"/api/v1/plan-targets/{created['id']}/", {"baseline": -HUGE}, "json")
    assert response.status_code == 400
    assert PlanTarget.objects.get().baseline == 5
    assert client.get("/api/v1/plan-targets/").status_code == 200


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 2 * MEASURE_LIMIT])
def test_the_services_refuse_non_finite_or_out_of_range_measures(world, plan, value):
    indicator = Indicator.objects.get(code="waste_recycling")
    project = make_project(world.county_a)
    experience = f.experience(world.county_a)
    writes = [
        lambda: project_services.add_target(
            plan, indicator=indicator, target_value=value, deadline=days(100), baseline=1
        ),
        lambda: project_services.add_kpi(
            project, indicator=indicator, target=value, deadline=days(100), baseline=1
        ),
        lambda: services.add_experience_result(
            experience,
            indicator=Indicator.objects.get(code="population"),
            before_value=1,
            after_value=value,
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationError):
            write()


def test_counts_of_people_and_jobs_have_a_ceiling(world):
    with pytest.raises(ValidationError) as refused:
        f.investment(world.county_a, expected_jobs=10**12)
    assert "expected_jobs" in refused.value.message_dict
    meeting = f.meeting(world.county_a, f.days_ago(2))
    with pytest.raises(ValidationError) as refused:
        services.record_meeting_outcome(meeting, status="held", attendance=10**10)
    assert "attendance" in refused.value.message_dict


def test_the_api_refuses_a_huge_investment_amount_and_jobs(world):
    response = api(world.governor_a).post(
        "/api/v1/investments/",
        {
            "county": "CA",
            "name": "Huge",
            "investor": "X",
            "sector": "energy",
            "lead_on": f.days_ago(3).isoformat(),
            "expected_jobs": 10**12,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "expected_jobs" in response.json()


def test_an_import_refuses_1e308_as_a_population(world):
    ensure_default_catalogue()
    ensure_default_methodology()
    data = b"indicator,county,period,value\npopulation,CA,1402,1e308\n"
    plan = plan_import(data, "f.csv")
    assert [issue.code for issue in plan.issues] == ["out_of_range"]
    assert not plan.ok


def test_a_plain_number_passes_the_check():
    from counties.models import Observation

    check_numbers(Observation(value=12.5))
    with pytest.raises(ValidationError):
        check_numbers(Observation(value=math.nan))


def test_the_target_form_refuses_a_huge_baseline_with_a_message(world, plan):
    from tests.conftest import client_for

    response = client_for(world.governor_a).post(
        f"/counties/CA/plans/{plan.pk}/targets/new/",
        {
            "indicator": Indicator.objects.get(code="waste_recycling").pk,
            "baseline": "1e300",
            "target_value": "۱۵",
            "deadline": days(200).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to" in response.content.decode()
    assert not PlanTarget.objects.exists()
