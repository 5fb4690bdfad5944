"""One project filter for pages and API, with the derived status filtered in SQL.

`ProjectQuerySet.with_status(day)` computes projects.progress's status and staleness in the
database; these tests hold it to the Python rules over projects built around every boundary,
and check that the API's status filter no longer loads every project.
"""

from __future__ import annotations

import itertools

import pytest
from django.conf import settings

from projects.models import FlagshipProject, ProgressUpdate
from tests.conftest import client_for
from tests.project_factories import days, make_milestone, make_project, today

pytestmark = pytest.mark.django_db


def _report(project: FlagshipProject, percent: int, on: int) -> None:
    ProgressUpdate.objects.create(project=project, date=days(on), percent=percent)


@pytest.fixture
def projects(world):
    """Projects with and without milestones, before, during and after their period."""
    tolerance = settings.PROJECT_DELAY_TOLERANCE_DAYS
    stale = settings.PROJECT_STALE_DAYS
    built = []
    periods = [(-100, 200), (-30, 70), (-1, 1), (0, 10), (5, 50), (-300, -1), (-300, 0), (-7, 3)]
    percents = [None, 0, 10, 20, 40, 64, 65, 84, 85, 99, 100]
    for (start, end), percent in itertools.product(periods, percents):
        project = make_project(world.county_a, period_start=days(start), period_end=days(end))
        if percent is not None:
            _report(project, percent, on=max(start, -stale - 1))
        built.append(project)
    milestone_cases = [
        [(10, None)],
        [(-1, None)],
        [(-tolerance, None)],
        [(-tolerance - 1, None)],
        [(-5, -6), (20, None)],
        [(-50, -40), (-20, -stale - 2)],
        [(-50, -40), (-20, -3)],
        [(30, 2)],
    ]
    for (start, end), cases in itertools.product(
        [(-100, 200), (5, 50), (-300, -1)], milestone_cases
    ):
        project = make_project(world.county_a, period_start=days(start), period_end=days(end))
        for planned, done in cases:
            make_milestone(project, planned, done=done)
        built.append(project)
    # The exact rounding tie of projects.progress.elapsed_share: 100 * 1 / 40 = 2.5 -> 2.5,
    # and 100 * 301 / 2000 = 15.05 (rounded by Python's float rules).
    for start, end in [(-301, 1699), (-1, 39), (-3501, 19499)]:
        project = make_project(world.county_a, period_start=days(start), period_end=days(end))
        built.append(project)
    return built


def test_the_status_computed_in_sql_is_the_status_of_the_rules(projects):
    day = today()
    rows = FlagshipProject.objects.filter(pk__in=[p.pk for p in projects]).with_status(day)
    sql = {p.pk: (p.derived_status, p.derived_stale) for p in rows}
    python = {}
    for project in FlagshipProject.objects.filter(pk__in=sql).with_state_data():
        state = project.state(day)
        python[project.pk] = (str(state.status), state.stale)
    assert sql == python
    assert {status for status, _ in sql.values()} == {
        "delayed",
        "at_risk",
        "on_track",
        "not_started",
        "done",
    }
    assert {stale for _, stale in sql.values()} == {True, False}


@pytest.mark.parametrize(
    "status", ["delayed", "at_risk", "on_track", "not_started", "done", "stale"]
)
def test_pages_and_api_filter_the_same_projects(world, projects, status):
    client = client_for(world.ministry)
    api = client.get("/api/v1/projects/", {"status": status, "page_size": 500}).json()
    api_ids = {row["id"] for row in api["results"]}
    expected = {
        p.pk
        for p in FlagshipProject.objects.filter(pk__in=[p.pk for p in projects]).with_state_data()
        if (p.state().stale if status == "stale" else str(p.state().status) == status)
    }
    assert api_ids == expected


def test_the_api_status_filter_runs_a_bounded_number_of_queries(
    world, projects, django_assert_max_num_queries
):
    client = client_for(world.ministry)
    client.get("/api/v1/projects/")  # warm the session and caches
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/projects/", {"status": "delayed"})
    assert response.status_code == 200
    more = make_project(world.county_a, period_start=days(-300), period_end=days(-1))
    assert more.state().status == "delayed"
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/projects/", {"status": "delayed"})
    assert response.status_code == 200
