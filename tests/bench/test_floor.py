"""The bare-Django floor views render the number of rows asked for, as a page or an API list."""

from __future__ import annotations

import pytest

from bench import web
from scores import services as scores
from tests.conftest import client_for
from tests.observations import scoring_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.floor")]


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    return world


@pytest.mark.parametrize("rows", [0, 1, 4])
def test_the_html_floor_renders_as_many_table_rows_as_asked(scored, rows):
    response = client_for(scored.analyst).get(f"/bench-floor/html/{rows}")
    assert response.status_code == 200
    assert web.rows_in(response.content, response["Content-Type"]) == rows


def test_the_json_floor_lists_as_many_results_as_asked(scored):
    response = client_for(scored.analyst).get("/bench-floor/json/4")
    assert response.status_code == 200
    assert web.rows_in(response.content, response["Content-Type"]) == 4
    assert set(response.json()["results"][0]) == {
        "county",
        "name",
        "province",
        "period",
        "composite",
        "national_rank",
        "tier",
    }


def test_the_floor_reads_no_more_rows_than_there_are(scored):
    response = client_for(scored.analyst).get("/bench-floor/json/100")
    assert response.json()["count"] == 6  # three counties, two periods


def test_the_floor_asks_for_a_signed_in_user_as_the_pages_do(scored):
    assert client_for(None).get("/bench-floor/html/3").status_code == 302


def test_the_projects_urls_are_still_served_beside_the_floor(scored):
    assert client_for(scored.analyst).get("/healthz").status_code == 200
