"""Methodologies: versioned specs, validated before saving, edited by ministry staff only."""

from __future__ import annotations

import copy
import json
from unittest import mock

import pytest

from counties.catalogue import DEFAULT_METHODOLOGY
from counties.services import ensure_default_catalogue
from scores.choices import ScoreRunStatus
from scores.methodologies import MethodologySpecError, check_methodology_spec
from scores.models import Methodology, ScoreRun
from scores.services import ensure_default_methodology
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

SPEC = DEFAULT_METHODOLOGY["spec"]


@pytest.fixture
def default(world):
    ensure_default_catalogue()
    return ensure_default_methodology()


def form_data(spec: object, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "tavazon-default",
        "name_fa": "پیش‌فرض",
        "name_en": "Default",
        "description": "",
        "spec_text": spec if isinstance(spec, str) else json.dumps(spec),
    }
    data.update(changes)
    return data


def test_the_default_methodology_exists_after_migrating_and_covers_the_three_challenges(db):
    methodology = Methodology.objects.get(code="tavazon-default")
    assert methodology.is_current and methodology.version == 1
    assert [d["code"] for d in methodology.spec["dimensions"]] == [
        "marginalization",
        "solid_waste",
        "employment",
    ]
    assert methodology.history.count() == 1
    assert check_methodology_spec(methodology.spec, [i for i in methodology.indicator_codes()])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url", ["/counties/methodologies/", "/counties/methodologies/tavazon-default/"]
)
def test_every_signed_in_persona_reads_methodologies(world, default, persona, url):
    response = client_for(world.persona(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "Tavazon default" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_ministry_staff_edit_create_or_switch_methodologies(world, default, persona):
    client = client_for(world.persona(persona))
    expected = {"anonymous": 302, "ministry": 200}.get(persona, 403)
    assert client.get("/counties/methodologies/tavazon-default/edit/").status_code == expected
    assert client.get("/counties/methodologies/new/").status_code == expected
    changed = copy.deepcopy(SPEC)
    changed["dimensions"][0]["weight"] = 2
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client.post("/counties/methodologies/tavazon-default/edit/", form_data(changed))
        client.post(
            "/counties/methodologies/new/",
            form_data(SPEC, code="alternative", name_en="Alternative"),
        )
        client.post("/counties/methodologies/alternative/current/")
    default.refresh_from_db()
    is_ministry = persona == "ministry"
    assert (default.version == 2) == is_ministry
    assert Methodology.objects.filter(code="alternative", is_current=True).exists() == is_ministry


def test_saving_a_new_spec_makes_a_version_and_queues_one_rebuild_on_commit(
    world, default, django_capture_on_commit_callbacks
):
    client = client_for(world.ministry)
    changed = copy.deepcopy(SPEC)
    changed["aggregation"] = "arithmetic"
    with (
        mock.patch("scores.tasks.rebuild_scores.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/counties/methodologies/tavazon-default/edit/", form_data(changed))
    assert response.status_code == 302
    default.refresh_from_db()
    assert default.version == 2 and default.spec["aggregation"] == "arithmetic"
    run = ScoreRun.objects.get()
    assert run.trigger == "methodology" and run.status == ScoreRunStatus.QUEUED
    delay.assert_called_once_with(run.pk)
    assert list(default.history.order_by("history_date").values_list("version", flat=True)) == [
        1,
        2,
    ]
    page = client.get("/counties/methodologies/tavazon-default/").content.decode()
    assert "version 2" in page


def test_saving_only_the_name_keeps_the_version_and_queues_nothing(world, default):
    client = client_for(world.ministry)
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client.post(
            "/counties/methodologies/tavazon-default/edit/", form_data(SPEC, name_en="Renamed")
        )
    default.refresh_from_db()
    assert default.version == 1 and default.name_en == "Renamed"
    assert not ScoreRun.objects.exists()


def _bad(**edit: object) -> dict:
    spec = copy.deepcopy(SPEC)
    indicator = spec["dimensions"][0]["indicators"][0]
    indicator.update(edit)
    return spec


@pytest.mark.parametrize(
    ("spec_text", "message"),
    [
        ("{not json", "Not valid JSON"),
        (json.dumps({"dimensions": []}), "dimensions: must be a non-empty list"),
        (json.dumps(_bad(weight=-1)), "dimensions[0].indicators[0].weight"),
        (json.dumps(_bad(code="gdp")), "“gdp” is not in the indicator catalogue"),
        (
            json.dumps({**_bad(normalization="zscore"), "aggregation": "arithmetic"}),
            "scores must lie between 0 and 100",
        ),
        (json.dumps(_bad(weigth=2)), "unknown key"),
        (json.dumps(_bad(direction="up")), "dimensions[0].indicators[0].direction"),
    ],
)
def test_an_invalid_spec_is_refused_with_where_and_why(world, default, spec_text, message):
    response = client_for(world.ministry).post(
        "/counties/methodologies/tavazon-default/edit/", form_data(spec_text)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["spec_text"])
    assert message in errors
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    default.refresh_from_db()
    assert default.version == 1


def test_check_rejects_unknown_indicators_without_a_catalogue_lookup():
    with pytest.raises(MethodologySpecError) as error:
        check_methodology_spec(SPEC, known_codes=["unemployment_rate"])
    assert error.value.path == "dimensions[0].indicators[0].code"


def test_only_one_methodology_is_current(world, default):
    client = client_for(world.ministry)
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        client.post(
            "/counties/methodologies/new/",
            form_data(SPEC, code="second", name_en="Second", is_current="on"),
        )
    assert list(Methodology.objects.filter(is_current=True).values_list("code", flat=True)) == [
        "second"
    ]


def test_methodology_list_runs_a_bounded_number_of_queries(
    world, default, django_assert_max_num_queries
):
    for i in range(10):
        Methodology.objects.create(code=f"m{i}", name_en=f"M{i}", spec=SPEC)
    client = client_for(world.analyst)
    with django_assert_max_num_queries(5):
        assert client.get("/counties/methodologies/").status_code == 200
