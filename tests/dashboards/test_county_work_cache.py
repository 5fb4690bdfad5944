"""The county dashboard's projects, plan targets and participation measures are cached under
what they derive from (issue 14): an unchanged county's work costs 2 queries of index lookups,
and every kind of edit, import or a new day shows on the next visit; the private parts are
cached apart from the public ones, whoever fills the cache first."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import Indicator
from counties.services import save_indicator
from dashboards.county_work import county_work
from projects import services
from projects.models import FlagshipProject, PlanTarget
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.project_factories import days, make_milestone, make_plan, make_project, observe

pytestmark = pytest.mark.django_db

URL = "/dashboards/county/CA/"


@pytest.fixture
def work(scored):
    project = make_project(scored.county_a, title_en="Public road A", is_public=True)
    make_milestone(project, -10, title="Survey")
    make_project(scored.county_a, title_en="Confidential dump A", is_public=False)
    plan = make_plan(scored.county_a, title_en="Jobs plan A")
    PlanTarget.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="unemployment_rate"),
        baseline=20,
        target_value=10,
        deadline=days(300),
    )
    observe(scored.county_a, "participation_meeting_regularity", "1402-07", 3)
    scored.project = project
    scored.plan = plan
    return scored


def _rows(client, key: str) -> list[dict[str, str]]:
    return csv_rows(client.get(f"{URL}?download={key}"))


def test_a_cached_county_work_costs_two_queries(work):
    county_work(work.county_a, True)
    with CaptureQueriesContext(connection) as queries:
        again = county_work(work.county_a, True)
    # The projects', plans' and observations' history stamp, the catalogue's digest.
    assert len(queries) == 2
    assert [p.title_en for p in again["projects"]] == ["Public road A", "Confidential dump A"]


def test_private_and_public_work_are_cached_apart_whoever_comes_first(work):
    outsider, governor = client_for(work.governor_b), client_for(work.governor_a)
    assert {r["Project"] for r in _rows(outsider, "projects")} == {"Public road A"}
    assert outsider.get(f"{URL}?download=targets").status_code == 404
    mine = {r["Project"] for r in _rows(governor, "projects")}
    assert mine == {"Public road A", "Confidential dump A"}
    # Filled by the governor first, the other way round, the outsider still sees public only.
    assert {r["Project"] for r in _rows(outsider, "projects")} == {"Public road A"}
    assert "Confidential dump A" not in outsider.get(URL).content.decode()


def test_every_edit_shows_on_the_next_visit(work):
    client = client_for(work.governor_a)
    assert "Public road A" in {r["Project"] for r in _rows(client, "projects")}

    services.update_project(work.project, {"title_en": "Ring road A"}, expected_version=None)
    assert "Ring road A" in {r["Project"] for r in _rows(client, "projects")}

    make_project(work.county_a, title_en="New park A")
    assert "New park A" in {r["Project"] for r in _rows(client, "projects")}

    milestone = work.project.milestones.get()
    services.update_milestone(milestone, {"title_en": "Survey of the route"})
    assert "Survey of the route" in client.get(URL).content.decode()

    before = {r["Project"]: r["Progress (%)"] for r in _rows(client, "projects")}["Ring road A"]
    services.record_progress(work.project, date=days(0), percent=80)
    after = {r["Project"]: r["Progress (%)"] for r in _rows(client, "projects")}["Ring road A"]
    assert before != after

    target = PlanTarget.objects.get()
    services.update_target(target, {"target_value": 5})
    assert [float(t["Target"]) for t in _rows(client, "targets")] == [5.0]

    services.update_plan(work.plan, {"title_en": "Jobs plan A, revised"}, expected_version=None)
    assert [t["Plan"] for t in _rows(client, "targets")] == ["Jobs plan A, revised"]

    observe(work.county_a, "participation_meeting_regularity", "1402-08", 7)
    values = {r["Period"]: r["Value"] for r in _rows(client, "participation")}
    assert "1402-08" in values

    indicator = Indicator.objects.get(code="participation_meeting_regularity")
    save_indicator(indicator, {"name_en": "Regular meetings held"})
    measures = {r["Measure"] for r in _rows(client, "participation")}
    assert "Regular meetings held" in measures


def test_a_new_day_recomputes_the_states(work, monkeypatch):
    from projects import queries

    client = client_for(work.governor_a)
    FlagshipProject.objects.filter(pk=work.project.pk).update(period_end=days(1))
    make_milestone(work.project, 1, title="Opening")
    first = {r["Project"]: r["Status"] for r in _rows(client, "projects")}["Public road A"]
    tomorrow = days(30)
    monkeypatch.setattr(queries, "today", lambda: tomorrow)
    later = {r["Project"]: r["Status"] for r in _rows(client, "projects")}["Public road A"]
    assert later != first
    assert tomorrow > datetime.date.today()
