"""The county dashboard's projects, plan targets and participation tables as CSV downloads."""

from __future__ import annotations

import pytest

from counties.models import Indicator, Observation
from projects.models import FlagshipProject, PlanTarget
from projects.progress import target_progress
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.observations import observe
from tests.project_factories import days, make_plan, make_project

pytestmark = pytest.mark.django_db

ALLOWED = ["governor_a", "officer_a", "ministry", "analyst"]
URL = "/dashboards/county/CA/"


@pytest.fixture
def work(scored):
    make_project(scored.county_a, title_en="Public road A", is_public=True, planned_budget=7)
    make_project(scored.county_a, title_en="Confidential dump A", is_public=False)
    make_project(scored.county_b, title_en="Road B", is_public=True)
    plan = make_plan(scored.county_a, title_en="Jobs plan A")
    PlanTarget.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="unemployment_rate"),
        baseline=20,
        target_value=10,
        deadline=days(300),
    )
    observe(scored.county_a, "participation_ring_coverage", "1402-06", 40)
    observe(scored.county_a, "participation_ring_coverage", "1402-07", 55.5, synthetic=True)
    observe(scored.county_a, "participation_meeting_regularity", "1402-07", 3)
    observe(scored.county_b, "participation_meeting_regularity", "1402-07", 99)
    return scored


@pytest.mark.parametrize("persona", ALLOWED)
def test_whoever_may_view_the_county_downloads_every_project_and_plan_target(work, persona):
    client = client_for(work.persona(persona))
    page = client.get(URL).content.decode()
    for key in ("projects", "targets", "participation"):
        assert f"download={key}" in page, key
    titles = {r["Project"] for r in csv_rows(client.get(f"{URL}?download=projects"))}
    assert titles == {"Public road A", "Confidential dump A"}
    targets = csv_rows(client.get(f"{URL}?download=targets"))
    assert [t["Plan"] for t in targets] == ["Jobs plan A"]


def test_a_governor_of_another_county_gets_public_projects_and_no_plan_targets(work):
    client = client_for(work.governor_b)
    page = client.get(URL).content.decode()
    assert "download=projects" in page and "download=participation" in page
    assert "download=targets" not in page
    titles = {r["Project"] for r in csv_rows(client.get(f"{URL}?download=projects"))}
    assert titles == {"Public road A"}
    assert client.get(f"{URL}?download=targets").status_code == 404
    # The download is refused however the URL is dressed up.
    assert client.get(f"{URL}?indicator=population&download=targets").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_for_every_download(work):
    for key in ("projects", "targets", "participation"):
        response = client_for(None).get(f"{URL}?download={key}")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_projects_csv_matches_the_database(work):
    rows = csv_rows(client_for(work.governor_a).get(f"{URL}?download=projects"))
    by_title = {r["Project"]: r for r in rows}
    for project in FlagshipProject.objects.filter(county=work.county_a):
        row = by_title[project.title_en]
        state = project.state()
        assert row["Start"] == project.period_start.isoformat()
        assert row["End"] == project.period_end.isoformat()
        assert float(row["Progress (%)"]) == pytest.approx(round(state.progress, 1))
        assert row["Public"] == ("1" if project.is_public else "0")
        assert row["Status"]  # the status in words, never empty


def test_plan_targets_csv_matches_the_database_and_the_latest_observation(work):
    response = client_for(work.officer_a).get(f"{URL}?download=targets")
    assert response["Content-Disposition"] == 'attachment; filename="tavazon-CA-targets.csv"'
    (row,) = csv_rows(response)
    target = PlanTarget.objects.get()
    latest = (
        Observation.objects.filter(
            county=work.county_a, indicator=target.indicator, area__isnull=True
        )
        .order_by("-period_start")
        .first()
    )
    assert row["Indicator code"] == "unemployment_rate"
    assert float(row["Baseline"]) == target.baseline == 20
    assert float(row["Target"]) == target.target_value == 10
    assert float(row["Latest value"]) == pytest.approx(latest.value)
    assert row["Period of the latest value"] == latest.period
    assert row["Deadline"] == target.deadline.isoformat()
    expected = target_progress(target.baseline, target.target_value, latest.value)
    assert float(row["Progress (%)"]) == pytest.approx(round(expected, 1))


def test_participation_csv_holds_the_latest_value_of_each_measure(work):
    response = client_for(work.analyst).get(f"{URL}?download=participation")
    assert response["X-Tavazon-Synthetic"] == "true"
    rows = {r["Indicator code"]: r for r in csv_rows(response)}
    assert set(rows) == {"participation_ring_coverage", "participation_meeting_regularity"}
    ring = rows["participation_ring_coverage"]
    assert (float(ring["Value"]), ring["Period"], ring["Synthetic"]) == (55.5, "1402-07", "1")
    assert float(rows["participation_meeting_regularity"]["Value"]) == 3  # not county B's 99


def test_project_status_shows_in_words_on_the_page(work):
    page = client_for(work.governor_a).get(URL).content.decode()
    table = page[page.index('id="table-projects"') :]
    assert "status-badge" in table[: table.index("</table>")]
