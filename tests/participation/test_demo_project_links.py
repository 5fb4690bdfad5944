"""The demo's critiques about a project's subject are linked to the county's demo projects, and
loading the demo again links the same critiques to the same projects, duplicating nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from participation.demo import CRITIQUES
from participation.models import Critique
from projects.models import FlagshipProject
from tests.conftest import client_for
from tests.demo_snapshots import seed_demo_once

pytestmark = pytest.mark.django_db


def _links() -> list[tuple[int, str, int | None]]:
    return sorted(
        Critique.objects.filter(is_demo=True).values_list("county_id", "topic", "project_id")
    )


def test_demo_critiques_about_a_projects_subject_are_linked_once_to_its_demo_project(tmp_path):
    seed_demo_once(synthetic=True)
    linked = Critique.objects.filter(is_demo=True, project__isnull=False).select_related("project")
    assert linked.exists()
    for critique in linked:
        assert critique.project.county_id == critique.county_id
        assert critique.project.is_demo
        assert critique.project.dimension_id == critique.challenge_id
    # Every county with demo projects has critiques on its page of at least one of them.
    counties_with_projects = set(
        FlagshipProject.objects.filter(is_demo=True).values_list("county_id", flat=True)
    )
    assert set(linked.values_list("county_id", flat=True)) == counties_with_projects
    # A critique about no project's subject stays unlinked.
    unrelated = {topic for _s, _k, _c, topic, _ch, about in CRITIQUES if not about}
    assert not linked.filter(topic__in=unrelated).exists()
    assert Critique.objects.filter(is_demo=True, topic__in=unrelated).exists()

    links = _links()
    call_command("seed_demo", data_dir=tmp_path, force=True, verbosity=0)
    assert _links() == links  # same critiques, same projects, nothing added


def test_a_linked_demo_critique_shows_on_its_project_page():
    seed_demo_once(synthetic=True)
    critique = (
        Critique.objects.filter(is_demo=True, project__isnull=False)
        .select_related("county", "project")
        .first()
    )
    from governance.models import User

    ministry = User.objects.get(username="ministry")
    url = f"/counties/{critique.county.code}/projects/{critique.project_id}/"
    page = client_for(ministry).get(url).content.decode()
    assert f"/participation/{critique.county.code}/critiques/?project={critique.project_id}" in page
    assert critique.topic in page
