"""API lists at any size (issue 14): scores read with `.values()` and cached per published run,
projects counted and paged without their state annotations, counts cached under data stamps,
and keyset pages (`?cursor=`) on the lists that offer them. What they answer is unchanged."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from counties.models import Observation
from governance.pagination import history_stamp
from projects.models import FlagshipProject
from scores import services as scores
from scores.api.serializers import SCORE_ROWS, ScoreSerializer, score_rows
from scores.completeness import run_periods
from scores.models import Score, ScoreRun
from tests.conftest import client_for
from tests.dashboards.test_completeness_pages import add_partial_1404
from tests.observations import scoring_world
from tests.personas import make_user
from tests.project_factories import make_project
from tests.scale import scaled_country

pytestmark = pytest.mark.django_db

PERIODS = ("1400", "1401", "1402", "1403")  # more than 100 observations: several pages


def _queries(client, url: str) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return [q["sql"] for q in captured.captured_queries], response.json()


def _plain(run: ScoreRun, period: str, language: str) -> list[dict]:
    """The scores of a run's period as the plain ScoreSerializer shows them (the API's answer
    before it read `.values()`), in the list's order."""
    rows = (
        Score.objects.filter(run=run, period=period)
        .select_related("county__province")
        .order_by("period", "national_rank", "county__code")
    )
    request = APIRequestFactory().get("/api/v1/scores/")
    with translation.override(language):
        context = {"request": request, "periods_for": lambda _run_id: run_periods(run)}
        data = ScoreSerializer(rows, many=True, context=context).data
        return json.loads(JSONRenderer().render(data))


@pytest.fixture
def partial(world):
    """1402 and 1403 complete, 1404 provisional (tests/scores/test_completeness_pages.py)."""
    scoring_world(world, periods=("1402", "1403"))
    add_partial_1404(world)
    world.run = scores.rebuild_scores_now(publish=True)
    return world


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("period", ["1403", "1404"])
def test_the_scores_list_answers_exactly_what_the_plain_serializer_did(partial, language, period):
    client = client_for(partial.analyst, language)
    answer = client.get("/api/v1/scores/", {"period": period}).json()
    expected = _plain(partial.run, period, language)
    assert answer["results"] == expected and answer["count"] == len(expected) > 0
    # Same keys in the same order, and the same JSON text (numbers, decimals, labels).
    assert [list(row) for row in answer["results"]] == [list(row) for row in expected]
    assert json.dumps(answer["results"], ensure_ascii=False) == json.dumps(
        expected, ensure_ascii=False
    )
    if period == "1404":
        assert any(row["is_provisional"] and row["provisional_label"] for row in expected)


def test_score_rows_turn_out_every_field_of_the_serializer(partial):
    rows = Score.objects.filter(run=partial.run).values(*SCORE_ROWS.lookups)
    shown = score_rows(rows, lambda _run_id: run_periods(partial.run))
    assert list(shown[0]) == list(ScoreSerializer().fields)


@pytest.mark.parametrize("query", [{}, {"page": 2}, {"province__code": "PA"}, {"cursor": ""}])
def test_the_counties_list_answers_exactly_what_the_plain_serializer_did(world, query):
    from counties.api.serializers import CountySerializer
    from counties.models import County

    scaled_country(150)
    County.objects.filter(code="CA").update(name_fa="اراک ۲", wikidata="Q123", area_km2=12.5)
    answer = client_for(world.analyst, "fa").get("/api/v1/counties/", query).json()
    rows = County.objects.select_related("province")
    if "province__code" in query:
        rows = rows.filter(province__code="PA")
    if "cursor" in query:
        rows = rows.order_by("code")
    start = 100 * (query.get("page", 1) - 1)
    plain = CountySerializer(rows[start : start + 100], many=True).data
    expected = json.loads(JSONRenderer().render(plain))
    assert answer["results"] == expected and len(expected) > 0
    assert json.dumps(answer["results"]) == json.dumps(expected)  # same keys, order, text


@pytest.mark.parametrize("query", [{}, {"page": 2}, {"county": "CB", "period": "1402"}])
def test_the_observations_list_answers_exactly_what_the_plain_serializer_did(world, query):
    from counties.api.serializers import ObservationSerializer

    scoring_world(world, periods=PERIODS)
    Observation.objects.filter(pk=Observation.objects.order_by("pk")[5].pk).update(note="یادداشت")
    answer = client_for(world.analyst, "fa").get("/api/v1/observations/", query).json()
    rows = Observation.objects.select_related("indicator", "county").order_by("pk")
    if "county" in query:
        rows = rows.filter(county__code="CB", period="1402")
    start = 100 * (query.get("page", 1) - 1)
    plain = ObservationSerializer(rows[start : start + 100], many=True).data
    expected = json.loads(JSONRenderer().render(plain))
    assert answer["results"] == expected and len(expected) > 0
    assert json.dumps(answer["results"]) == json.dumps(expected)  # same keys, order, text


def test_a_page_of_scores_is_cached_and_a_newly_published_run_is_listed_at_once(partial):
    client = client_for(partial.analyst)
    first_queries, first = _queries(client, "/api/v1/scores/")
    again_queries, again = _queries(client, "/api/v1/scores/")
    assert again == first and {row["run"] for row in first["results"]} == {partial.run.pk}
    assert any("counties_score" in sql for sql in first_queries)
    assert not any('FROM "counties_score"' in sql for sql in again_queries)

    # New data and a new published run: the cached page of the old run must not be served.
    changed = Observation.objects.filter(county=partial.county_a2, period="1403").first()
    changed.value = changed.value * 3 + 1
    changed.save()
    newer = scores.rebuild_scores_now(publish=True)
    assert newer.pk != partial.run.pk
    fresh = client.get("/api/v1/scores/").json()
    assert {row["run"] for row in fresh["results"]} == {newer.pk}
    # An earlier published run is still there when asked for, from its own cache entry.
    earlier = client.get("/api/v1/scores/", {"run": partial.run.pk}).json()
    assert earlier["results"] == first["results"]


def test_the_cached_scores_are_the_same_for_every_reader_and_refused_to_others(partial):
    """Scores are public statistics: a governor reads what the ministry reads (from the same
    cache entry), and someone who may not read them gets nothing, even once it is warm."""
    ministry = client_for(partial.ministry).get("/api/v1/scores/").json()
    governor_b = client_for(partial.governor_b).get("/api/v1/scores/").json()
    assert governor_b == ministry
    assert client_for(None).get("/api/v1/scores/").status_code in (401, 403)
    inactive = make_user("left", role="analyst", is_active=False)
    assert client_for(inactive).get("/api/v1/scores/").status_code in (401, 403)


def test_the_scores_page_cache_keeps_each_language_apart(partial):
    english = client_for(partial.analyst, "en").get("/api/v1/scores/?period=1404").json()
    persian = client_for(partial.analyst, "fa").get("/api/v1/scores/?period=1404").json()
    labels = {row["provisional_label"] for row in english["results"]}
    assert labels != {row["provisional_label"] for row in persian["results"]}
    assert any("Provisional" in label for label in labels)


def test_an_empty_project_list_reads_no_rows(world):
    client = client_for(world.ministry)
    queries, answer = _queries(client, "/api/v1/projects/")
    assert answer == {"count": 0, "next": None, "previous": None, "results": []}
    reads = [sql for sql in queries if 'FROM "counties_flagshipproject"' in sql]
    assert all("COUNT(" in sql for sql in reads)


def test_project_counts_are_cached_per_scope_and_refreshed_by_a_new_project(world):
    make_project(world.county_a)
    make_project(world.county_a)
    make_project(world.county_b)
    governor_a, governor_b = client_for(world.governor_a), client_for(world.governor_b)
    ministry = client_for(world.ministry)
    assert governor_a.get("/api/v1/projects/").json()["count"] == 2
    assert governor_b.get("/api/v1/projects/").json()["count"] == 1
    assert ministry.get("/api/v1/projects/").json()["count"] == 3
    queries, again = _queries(governor_b, "/api/v1/projects/")
    assert again["count"] == 1 and not any("COUNT(" in sql.upper() for sql in queries)
    assert {row["county"] for row in again["results"]} == {world.county_b.code}

    make_project(world.county_b)
    assert governor_b.get("/api/v1/projects/").json()["count"] == 2
    assert governor_a.get("/api/v1/projects/").json()["count"] == 2
    project = FlagshipProject.objects.filter(county=world.county_b).first()
    project.archived_at = timezone.now()
    project.save()
    assert governor_b.get("/api/v1/projects/").json()["count"] == 1


def test_the_project_list_shows_each_project_with_its_state_in_the_list_order(world):
    later = make_project(world.county_b, title_en="Later")
    first = make_project(world.county_a, title_en="First")
    answer = client_for(world.ministry).get("/api/v1/projects/").json()
    assert [row["id"] for row in answer["results"]] == [first.pk, later.pk]
    detail = client_for(world.ministry).get(f"/api/v1/projects/{first.pk}/").json()
    assert answer["results"][0] == detail


def test_history_stamps_change_with_any_write_and_are_none_without_history(world):
    from counties.models import County

    before = history_stamp(FlagshipProject)
    project = make_project(world.county_a)
    assert history_stamp(FlagshipProject) > before
    changed = history_stamp(FlagshipProject)
    project.title_en = "Renamed"
    project.save()
    assert history_stamp(FlagshipProject) > changed
    assert history_stamp(County) is None


def test_observations_page_by_keyset_on_request(world):
    scoring_world(world, periods=PERIODS)
    client = client_for(world.analyst)
    by_page = client.get("/api/v1/observations/").json()
    assert by_page["count"] == Observation.objects.count()
    walked, url, pages = [], "/api/v1/observations/?cursor=", 0
    while url:
        answer = client.get(url).json()
        assert "count" not in answer and len(answer["results"]) <= 100
        walked += [row["id"] for row in answer["results"]]
        url, pages = answer["next"], pages + 1
    assert walked == sorted(Observation.objects.values_list("pk", flat=True))
    assert walked[:100] == [row["id"] for row in by_page["results"]]
    assert pages == -(-Observation.objects.count() // 100) > 1
    # Filters apply as with page numbers.
    county = client.get(
        "/api/v1/observations/", {"cursor": "", "county": world.county_b.code}
    ).json()
    assert {row["county"] for row in county["results"]} == {world.county_b.code}
    assert client.get("/api/v1/observations/", {"cursor": "garbage"}).status_code == 404


def test_a_keyset_page_reads_a_range_of_the_key_not_an_offset(world):
    scoring_world(world, periods=PERIODS)
    client = client_for(world.analyst)
    second = client.get("/api/v1/observations/?cursor=").json()["next"]
    queries, _answer = _queries(client, second)
    page_query = next(sql for sql in queries if 'FROM "counties_observation"' in sql)
    assert '"counties_observation"."id" >' in page_query and "OFFSET" not in page_query
    assert not any("COUNT(" in sql.upper() for sql in queries)


def test_lists_without_the_cursor_ignore_it_and_page_by_number(partial):
    answer = client_for(partial.analyst).get("/api/v1/scores/?cursor=").json()
    assert "count" in answer


def test_the_schema_offers_the_cursor_only_where_it_works(world):
    schema = client_for(world.analyst).get("/api/schema/", {"format": "json"}).json()

    def parameters(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}

    assert {"cursor", "page"} <= parameters("/api/v1/observations/")
    assert "cursor" in parameters("/api/v1/counties/")
    assert "cursor" not in parameters("/api/v1/scores/") and "page" in parameters("/api/v1/scores/")
    components = schema["components"]["schemas"]
    assert components["PaginatedObservationList"]["required"] == ["results"]
    assert "count" in components["PaginatedScoreList"]["required"]


@pytest.mark.parametrize("size", [150, 400])
def test_cached_scores_and_counts_answer_with_a_fixed_number_of_queries(size):
    """The second request of each list runs as few queries at 150 counties as at 400."""
    from tests.personas import ministry_staff

    scaled_country(size)
    client = client_for(ministry_staff())
    for url in ("/api/v1/scores/", "/api/v1/scores/?page=2", "/api/v1/counties/?cursor="):
        client.get(url)
        queries, answer = _queries(client, url)
        assert len(queries) <= 4, (url, queries)
        assert len(answer["results"]) == min(100, size - 100 * ("page=2" in url))


def test_the_browsable_api_pages_by_keyset_too(world):
    scoring_world(world, periods=PERIODS)
    client = client_for(world.analyst)
    response = client.get("/api/v1/observations/?cursor=", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and "cursor=" in response.content.decode()


def test_a_cached_page_of_scores_gets_links_for_the_request_that_asked():
    from tests.personas import ministry_staff

    scaled_country(250)
    client = client_for(ministry_staff())
    first = client.get("/api/v1/scores/").json()
    assert first["count"] == 250 and first["next"].endswith("/api/v1/scores/?page=2")
    queries, other = _queries(client, "/api/v1/scores/?unknown=1")
    assert not any('FROM "counties_score"' in sql for sql in queries)  # the same cache entry
    assert other["results"] == first["results"] and other["count"] == 250
    assert "unknown=1" in other["next"] and "page=2" in other["next"]
    last = client.get("/api/v1/scores/?page=3").json()
    assert last["next"] is None and "page=2" in last["previous"] and len(last["results"]) == 50
    again = client.get("/api/v1/scores/?page=3").json()
    assert again == last
    assert client.get("/api/v1/scores/?page=4").status_code == 404
