"""The demo holds a realistic, labelled set of flagship projects and plans, loaded once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from counties.models import Observation
from demo.geography import real_data_available
from projects.demo import COUNTIES
from projects.models import ActionPlan, FlagshipProject, Milestone, ProgressUpdate
from projects.progress import Status
from projects.queries import with_states
from tests.demo_snapshots import seed_demo_once

pytestmark = pytest.mark.django_db


def _counts():
    return (
        FlagshipProject.objects.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
        ActionPlan.objects.count(),
        Observation.objects.count(),
    )


def test_synthetic_demo_has_labelled_projects_and_plans_and_loading_twice_adds_nothing(tmp_path):
    seed_demo_once(synthetic=True)
    assert FlagshipProject.objects.filter(is_demo=True).count() >= 10
    assert not FlagshipProject.objects.filter(is_demo=False).exists()
    assert not ActionPlan.objects.filter(is_demo=False).exists()
    assert FlagshipProject.objects.values("county").distinct().count() == len(COUNTIES)
    counts = _counts()
    call_command("seed_demo", data_dir=tmp_path, force=True, verbosity=0)
    assert _counts() == counts


def test_demo_projects_cover_every_status_and_include_a_stale_one():
    seed_demo_once(synthetic=True)
    projects = with_states(FlagshipProject.objects.with_state_data())
    assert {p.st.status for p in projects} == set(Status)
    assert any(p.st.stale for p in projects)
    assert FlagshipProject.objects.filter(updates__evidence__kind="photo").exists()


def test_demo_users_edits_survive_a_reload(tmp_path):
    seed_demo_once(synthetic=True)
    project = FlagshipProject.objects.filter(is_demo=True).first()
    FlagshipProject.objects.filter(pk=project.pk).update(description_en="Edited by the governor")
    call_command("seed_demo", data_dir=tmp_path, force=True, verbosity=0)
    project.refresh_from_db()
    assert project.description_en == "Edited by the governor"


@pytest.mark.skipif(
    not real_data_available(settings.DEMO_DATA_DIR),
    reason="../shared/data/iran is not beside the checkout",
)
def test_real_demo_places_projects_in_arak_zahedan_mashhad_ahvaz_and_kermanshah():
    seed_demo_once(synthetic=False)
    names = set(FlagshipProject.objects.values_list("county__name_en", flat=True))
    assert names == {"Arak", "Zahedan", "Mashhad", "Ahvaz", "Kermanshah"}
    arak = FlagshipProject.objects.filter(county__name_en="Arak")
    assert arak.filter(dimension__code="solid_waste").exists()
    assert arak.filter(areas__kind="informal_settlement").exists()
    assert ActionPlan.objects.filter(county__name_en="Arak").count() == 3
