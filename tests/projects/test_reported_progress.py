"""A reported progress estimate moves the project, shown the same way on every page and export."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from projects.services import record_progress
from tests.conftest import client_for, visible_text
from tests.downloads import csv_rows
from tests.project_factories import days, make_milestone, make_project, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world):
    """A public project starting in 20 days, two open milestones, and a first report of 15 %."""
    cache.clear()
    project = make_project(world.county_a, title_en="Clinic", period_start=days(20))
    make_milestone(project, 60, title="Walls")
    make_milestone(project, 120, title="Roof")
    record_progress(project, date=today(), percent=15, user=world.governor_a)
    return project


def _bar(html: str) -> str:
    return html.split('aria-valuenow="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    "url",
    [
        "/counties/CA/projects/{pk}/",
        "/counties/CA/projects/",
        "/counties/CA/workbench/",
        "/public/CA/",
        "/public/CA/projects/{pk}/",
    ],
)
def test_every_page_shows_the_reported_estimate_as_the_projects_progress(world, reported, url):
    html = client_for(world.governor_a, "fa").get(url.format(pk=reported.pk)).content.decode()
    assert float(_bar(html)) == 15.0
    assert "۱۵٪" in visible_text(html)
    if "status-card" in html:  # the workbench counts projects by status
        for status, count in (("on_track", "۱"), ("not_started", "۰")):
            card = html.split(f'data-status="{status}"', 1)[1]
            assert card.split('class="value">', 1)[1].startswith(f"{count}<")
    else:
        assert "status-badge status-on_track" in html and "status-not_started" not in html


def test_api_export_and_county_dashboard_give_the_same_progress(world, reported):
    client = client_for(world.governor_a)
    item = client.get(f"/api/v1/projects/{reported.pk}/").json()
    assert item["progress"] == 15.0 and item["status"] == "on_track"
    rows = csv_rows(client.get("/reports/tables/projects.csv"))
    row = next(r for r in rows if "Clinic" in str(r))
    assert float(row[next(k for k in row if k.startswith("Progress"))]) == 15.0
    dashboard = client.get("/dashboards/county/CA/")
    assert dashboard.context["projects"][0].st.progress == 15.0


def test_the_project_page_explains_how_its_progress_is_made(world, reported):
    html = client_for(world.governor_a).get(f"/counties/CA/projects/{reported.pk}/").content
    rule = visible_text(html.decode().split('id="progress-rule"', 1)[1].split("</p>", 1)[0])
    assert "milestones done by weight (0%)" in rule and "last reported estimate (15%)" in rule
