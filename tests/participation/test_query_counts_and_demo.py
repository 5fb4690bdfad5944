"""Lists run a bounded number of queries; the demo content is labelled and idempotent."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from participation import services
from participation.models import Critique, Experience, Investment, Meeting, Stakeholder
from tests.conftest import client_for
from tests.demo_snapshots import seed_demo_once
from tests.participation import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    for n in range(12):
        s = f.stakeholder(world.county_a, name=f"Group {n}", type="media")
        services.record_engagement(
            s, date=f.days_ago(n), kind="call", topic=f"Topic {n}", challenge=f.challenge()
        )
        f.critique(world.county_a, topic=f"Critique {n}")
        f.investment(world.county_a, name=f"Project {n}")
        f.experience(world.county_b, title=f"Experience {n}")
    council = f.series(world.county_a)
    for n in range(6):
        f.held_meeting(
            world.county_a,
            f.days_ago(10 + n * 20),
            [(f"Task {n}", "Owner", f.days_ago(n))],
            council,
        )


PAGES = [
    "/participation/CA/",
    "/participation/CA/stakeholders/",
    "/participation/CA/meetings/",
    "/participation/CA/critiques/",
    "/participation/CA/investments/",
    "/participation/experiences/",
    "/participation/",
    "/participation/compare/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_run_a_bounded_number_of_queries(world, many, url, django_assert_max_num_queries):
    client = client_for(world.ministry)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "stakeholders",
        "engagements",
        "meetings",
        "commitments",
        "critiques",
        "investments",
        "experiences",
    ],
)
def test_api_lists_run_a_bounded_number_of_queries(
    world, many, name, django_assert_max_num_queries
):
    client = APIClient()
    client.force_authenticate(world.officer_a)
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/{name}/").status_code == 200


def test_the_demo_content_is_labelled_and_loading_it_twice_duplicates_nothing(tmp_path):
    seed_demo_once(synthetic=True)
    models = (Stakeholder, Meeting, Critique, Investment, Experience)
    counts = [m.objects.count() for m in models]
    assert all(counts) and all(not m.objects.filter(is_demo=False).exists() for m in models)
    assert Stakeholder.objects.values("county").distinct().count() == 5
    histories = _history_counts()
    assert all(histories.values()), histories
    call_command("seed_demo", data_dir=tmp_path, force=True)
    assert counts == [m.objects.count() for m in models]
    assert histories == _history_counts()  # the replaced rows' history went with them
    from counties.models import Observation

    measures = Observation.objects.filter(indicator__dimension__code="participation")
    assert measures.exists() and not measures.filter(is_synthetic=False).exists()


def _history_counts() -> dict[str, int]:
    from django.apps import apps

    names = (
        "Stakeholder",
        "Stakeholder_interests",
        "Engagement",
        "MeetingSeries",
        "Meeting",
        "Commitment",
        "Critique",
        "Investment",
        "Experience",
        "Experience_challenges",
        "ExperienceResult",
    )
    return {n: apps.get_model("participation", f"Historical{n}").objects.count() for n in names}


def test_reloading_the_demo_keeps_what_users_entered_and_its_history(world, tmp_path):
    mine = services.save_stakeholder(
        Stakeholder(county=world.county_a), {"name": "Real group", "type": "media"}
    )
    services.save_stakeholder(mine, {"description": "Edited"}, user=world.governor_a)
    from participation.demo import load_demo_participation

    load_demo_participation()
    load_demo_participation()
    assert Stakeholder.objects.get(pk=mine.pk).description == "Edited"
    assert Stakeholder.history.filter(id=mine.pk).count() == 2


def test_demo_rows_show_a_demo_badge(world, tmp_path):
    stakeholder = f.stakeholder(world.county_a, is_demo=True)
    html = (
        client_for(world.governor_a)
        .get(f"/participation/CA/stakeholders/{stakeholder.pk}/")
        .content.decode()
    )
    assert "badge text-bg-warning" in html and ">demo<" in html


def test_the_demos_persian_text_is_written_in_persian_digits(world):
    """Persian demo text (addresses, titles, agendas) uses Persian digits; phone numbers and
    emails are data, stored as typed and localised by the pages that show them."""
    from django.apps import apps
    from django.db import models

    from counties.models import County
    from governance.persian import to_persian_digits
    from participation.demo import load_demo_participation

    for county in County.objects.all():  # named as the demo country is: 'شهرستان نمونه ۱-۲'
        County.objects.filter(pk=county.pk).update(name_fa=to_persian_digits(county.name_fa))
    load_demo_participation()
    persian = re.compile(r"[\u0600-\u06ff]")
    latin_mixed = []
    for model in apps.get_app_config("participation").get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "is_demo" not in names or model.__name__.startswith("Historical"):
            continue
        texts = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField)
            and f.name not in ("phone", "email", "citizen_contact")
        ]
        for row in model.objects.filter(is_demo=True).values(*texts):
            latin_mixed += [
                (model.__name__, k, v)
                for k, v in row.items()
                if v and persian.search(v) and re.search("[0-9]", v)
            ]
    assert latin_mixed == []
