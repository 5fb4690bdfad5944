"""The methodology's completeness rules, edited by ministry staff as percents."""

from __future__ import annotations

import json
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from counties.catalogue import DEFAULT_METHODOLOGY
from counties.services import ensure_default_catalogue
from scores.choices import RunTrigger, ScoreRunStatus
from scores.methodologies import save_methodology
from scores.models import Methodology, ScoreRun
from scores.services import ensure_default_methodology
from tests.conftest import client_for, visible_text

pytestmark = pytest.mark.django_db

EDIT = "/counties/methodologies/tavazon-default/edit/"


@pytest.fixture
def default(world) -> Methodology:
    ensure_default_catalogue()
    return ensure_default_methodology()


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name_fa": "پیش‌فرض",
        "name_en": "Tavazon default",
        "description": "",
        "spec_text": json.dumps(DEFAULT_METHODOLOGY["spec"]),
        "min_coverage_percent": "80",
        "min_ranked_share_percent": "85",
    }
    data.update(changes)
    return data


def test_the_form_shows_the_rules_as_percents(world, default):
    html = client_for(world.ministry).get(EDIT).content.decode()
    assert 'name="min_coverage_percent"' in html and 'value="80"' in html
    assert 'name="min_ranked_share_percent"' in html and 'value="85"' in html


def test_new_rules_in_persian_digits_make_a_new_version_and_queue_a_draft_rebuild(
    world, default, django_capture_on_commit_callbacks
):
    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(world.ministry, "fa").post(
            EDIT, _form(min_coverage_percent="۷۵", min_ranked_share_percent="۹۰٫۵")
        )
    assert response.status_code == 302
    default.refresh_from_db()
    assert default.min_coverage == Decimal("0.750")
    assert default.min_ranked_share == Decimal("0.905")
    assert default.version == 2
    run = ScoreRun.objects.get()
    assert run.trigger == RunTrigger.METHODOLOGY and not run.publish_when_done
    delay.assert_called_once_with(run.pk)


def test_unchanged_rules_and_spec_keep_the_version(world, default):
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client_for(world.ministry).post(EDIT, _form(description="Same rules, new words."))
    default.refresh_from_db()
    assert default.version == 1 and default.description == "Same rules, new words."
    assert not ScoreRun.objects.exists()


@pytest.mark.parametrize("value", ["0", "0.5", "100.5", "-10", "150"])
def test_rules_outside_one_to_one_hundred_percent_are_refused(world, default, value):
    response = client_for(world.ministry).post(EDIT, _form(min_coverage_percent=value))
    assert response.status_code == 200
    assert "Enter a percent between 1 and 100." in visible_text(response.content.decode())
    default.refresh_from_db()
    assert default.min_coverage == Decimal("0.800") and default.version == 1


def test_the_refusal_is_in_persian_for_a_persian_reader(world, default):
    response = client_for(world.ministry, "fa").post(EDIT, _form(min_ranked_share_percent="۰"))
    text = visible_text(response.content.decode())
    assert "۱" in text and "۱۰۰" in text and "Enter a percent" not in text


def test_the_service_refuses_a_share_outside_the_range(default):
    with pytest.raises(ValidationError):
        save_methodology(default, {"min_coverage": Decimal("0")})
    with pytest.raises(ValidationError):
        save_methodology(default, {"min_ranked_share": Decimal("1.2")})


def test_a_rebuild_after_the_change_applies_the_new_rules(world, default):
    from scores import services as scores
    from tests.observations import mix, observe, scoring_world

    scoring_world(world)
    # County B has six of the ten indicators in 1403: under 80 % coverage, over 50 %.
    for code in list(mix(0.5))[:6]:
        observe(world.county_b, code, "1403", mix(0.5)[code])
    strict = scores.rebuild_scores_now(publish=True)
    assert not strict.scores.filter(period="1403").exists()
    save_methodology(default, {"min_coverage": Decimal("0.5")})
    lenient = scores.rebuild_scores_now()
    assert lenient.status == ScoreRunStatus.DRAFT
    assert lenient.scores.filter(period="1403", county=world.county_b).exists()
    assert lenient.methodology_snapshot["completeness"]["min_coverage"] == 0.5
    assert lenient.methodology_snapshot["version"] == 2


def test_the_methodology_page_states_the_rules_in_a_sentence(world, default):
    text = visible_text(
        client_for(world.analyst).get("/counties/methodologies/tavazon-default/").content.decode()
    )
    assert "at least 80% of the indicator weights" in text
    assert "at least 85% of all counties in the country are ranked" in text
    fa = visible_text(
        client_for(world.analyst, "fa")
        .get("/counties/methodologies/tavazon-default/")
        .content.decode()
    )
    assert "۸۰٪" in fa and "۸۵٪" in fa
