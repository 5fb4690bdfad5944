"""A latest value names its period once, without brackets inside brackets.

English period labels carry their Gregorian span in brackets ("1404 (2025/26)"); wrapped in
another pair they read "(1404 (2025/26))". Pages say "11.0 in 1404 (2025/26)" and "۱۱٫۰ در ۱۴۰۴".
"""

from __future__ import annotations

import re

import pytest

from projects.models import ProjectKPI
from tests.conftest import client_for
from tests.project_factories import days, make_plan, make_project, observe

pytestmark = pytest.mark.django_db

EXPECTED = {"en": "11.0 in 1404 (2025/26)", "fa": "۱۱٫۰ در ۱۴۰۴"}


@pytest.fixture
def targets(world):
    """A project KPI and a plan target on unemployment, whose latest value is 11.0 in 1404."""
    indicator_id = observe(world.county_a, "unemployment_rate", "1404", 11.0).indicator_id
    project = make_project(world.county_a)
    ProjectKPI.objects.create(
        project=project, indicator_id=indicator_id, baseline=12, target=10, deadline=days(300)
    )
    plan = make_plan(world.county_a)
    plan.targets.create(indicator_id=indicator_id, baseline=12, target_value=10, deadline=days(300))
    return {"project": project, "plan": plan}


def _text(world, url: str, language: str) -> str:
    client = client_for(world.governor_a)
    world.governor_a.language = language
    world.governor_a.save(update_fields=["language"])
    client.cookies["django_language"] = language
    html = client.get(url).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("page", ["project", "plan", "dashboard"])
def test_the_latest_value_names_its_period_without_nested_brackets(world, targets, page, language):
    url = {
        "project": f"/counties/CA/projects/{targets['project'].pk}/",
        "plan": f"/counties/CA/plans/{targets['plan'].pk}/",
        "dashboard": "/dashboards/county/CA/",
    }[page]
    text = _text(world, url, language)
    assert EXPECTED[language] in text
    assert not re.search(r"\([^()]*\(", text), "brackets inside brackets"


@pytest.mark.parametrize(
    "language, header", [("en", "Population in 1395 (2016/17)"), ("fa", "جمعیت (۱۳۹۵)")]
)
def test_the_counties_overview_names_the_census_year_once(world, language, header):
    text = _text(world, "/counties/", language)
    assert header in text
    assert "((" not in text.replace(" ", "")
