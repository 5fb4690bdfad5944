"""Persian pages and messages say everything in Persian: numbers in messages in Persian digits,
history actions and stages by their translated names, methodology by its Persian name, numbered
lists and PDF page numbers counted in Persian digits."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from demo.users import create_demo_users
from governance.models import User
from governance.persian import to_persian_digits
from participation import services
from scores import services as scores
from tests.conftest import client_for, visible_text
from tests.participation import factories as f
from tests.project_factories import days, make_plan, make_project, observe

pytestmark = pytest.mark.django_db


def test_a_queued_score_run_is_numbered_in_persian_digits(world):
    client = client_for(world.ministry, "fa")
    response = client.post("/counties/scores/runs/rebuild/", follow=True)
    text = visible_text(response.content.decode())
    # Ids are not reset between tests on PostgreSQL: read the run's own number.
    number = to_persian_digits(str(scores.ScoreRun.objects.latest("pk").pk))
    assert f"شمارهٔ {number} در صف است" in text, text[:400]


def test_the_compare_page_refuses_too_many_counties_in_persian_digits(world):
    query = "&".join(f"c=X{i}" for i in range(7))
    text = visible_text(
        client_for(world.ministry, "fa").get(f"/dashboards/compare/?{query}").content.decode()
    )
    assert "حداکثر ۶ شهرستان" in text and "6" not in text.split("حداکثر")[1][:20]


def test_the_password_rules_count_characters_in_persian_digits(world):
    text = visible_text(
        client_for(world.governor_a, "fa").get("/accounts/password/").content.decode()
    )
    assert "حداقل از ۸ حرف" in text
    with translation.override("fa"):
        from django.contrib.auth.password_validation import validate_password

        with pytest.raises(ValidationError) as error:
            validate_password("x7ab")
    assert any("۸" in message for message in error.value.messages)


def test_history_pages_name_the_action_in_persian(world):
    project = make_project(world.county_a)
    project.title_en = "Renamed"
    project.save()
    text = visible_text(
        client_for(world.governor_a, "fa")
        .get(f"/counties/CA/projects/{project.pk}/history/")
        .content.decode()
    )
    assert "تغییر کرد" in text and "Changed" not in text and "Created" not in text


def test_a_plan_targets_history_names_the_indicator_and_writes_persian_digits(world):
    indicator = observe(world.county_a, "unemployment_rate", "1403", 11.0).indicator
    plan = make_plan(world.county_a)
    target = plan.targets.create(
        indicator=indicator, baseline=48.5, target_value=60, deadline=days(300)
    )
    target.target_value = 55
    target.save()
    text = visible_text(
        client_for(world.governor_a, "fa")
        .get(f"/counties/CA/plans/{plan.pk}/history/")
        .content.decode()
    )
    with translation.override("fa"):
        name = indicator.name
    assert f"{name}: ۴۸٫۵ → ۵۵" in text
    assert "unemployment_rate" not in text


def test_going_back_in_the_pipeline_names_the_stage_in_persian(world):
    investment = f.investment(world.county_a)
    services.advance_investment(investment, stage="permits", date=days(-10))
    investment.refresh_from_db()
    with translation.override("fa"), pytest.raises(ValidationError) as error:
        services.advance_investment(investment, stage="meeting", date=days(-1))
    message = " ".join(error.value.messages)
    assert "meeting" not in message and "نشست" in message


def test_the_methodology_is_named_in_the_readers_language(world):
    observe(world.county_a, "population", "1403", 1000)
    run = scores.rebuild_scores_now(publish=True)
    with translation.override("fa"):
        assert run.methodology_label == "روش پیش‌فرض توازن: سه چالش، نسخهٔ ۱"
    with translation.override("en"):
        assert run.methodology_label == "Tavazon default: the three challenges, version 1"


def test_pdf_pages_and_numbered_lists_count_in_persian_digits_under_persian():
    assert "counter(page, persian)" in render_to_string("reports/_pdf_style.html", {"LANG": "fa"})
    assert "counter(page)" in render_to_string("reports/_pdf_style.html", {"LANG": "en"})
    css = (Path(settings.BASE_DIR) / "static" / "css" / "tavazon.css").read_text()
    assert "ol:where(:lang(fa)) { list-style-type: persian; }" in css


def test_demo_users_are_shown_by_login_and_role_not_by_an_english_name(world):
    create_demo_users(world.county_a, world.county_b)
    governor = User.objects.get(username="governor")
    text = visible_text(client_for(governor, "fa").get("/", follow=True).content.decode())
    assert "Demo" not in text and "governor · فرماندار" in text


@pytest.mark.parametrize(("language", "label"), [("fa", "مسیر صفحه"), ("en", "Breadcrumb")])
def test_the_breadcrumb_is_named_in_the_readers_language(world, language, label):
    html = client_for(world.ministry, language).get(f"/counties/{world.county_a.code}/")
    assert f'<nav aria-label="{label}"><ol class="breadcrumb">' in html.content.decode()
