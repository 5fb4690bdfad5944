"""The county page at any size (issue 14): what it derives from data is cached by what it derives
from (the published run, the observations, the catalogue, the places, the experiences), so it
runs as many queries at 5,000 counties as at 50, never shows anything stale, and shows each
user only what they may see whoever filled the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import Area, County, Indicator, Observation, Province
from counties.services import save_area, save_indicator
from participation import services as participation
from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import client_for, visible_text
from tests.observations import POOR, observe_profile, scoring_world
from tests.participation import factories
from tests.personas import ministry_staff
from tests.scale import scaled_country

pytestmark = pytest.mark.django_db

LARGE, SMALL = 5000, 50
# Session (read from the cache in production), user, the county with its stamps and its areas',
# the catalogue, the navbar's count of notifications, the published run's stamp (with its
# sensitivity analyses'), and the experiences' and commitments' stamps (one statement).
WARM_QUERIES = 7


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _measure(client, url: str) -> tuple[int, int]:
    """(queries with an empty cache, queries once cached)."""
    cache.clear()
    return _queries(client, url), _queries(client, url)


def _drop_country() -> None:
    ScoreRun.objects.all().delete()
    County.objects.all().delete()
    Province.objects.all().delete()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_county_page_runs_as_many_queries_at_5000_counties_as_at_50(language):
    client = client_for(ministry_staff(), language)
    scaled_country(SMALL)
    url = "/counties/S00017/"
    _measure(client, url)  # the per-process caches (country profile, catalogue)
    small = _measure(client, url)
    _drop_country()
    scaled_country(LARGE)
    large = _measure(client, url)
    assert large == small
    assert large[1] <= WARM_QUERIES


def _page(client, code: str = "CA") -> str:
    return client.get(f"/counties/{code}/").content.decode()


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    return world


def test_a_newly_published_run_shows_on_the_county_page_at_once(scored):
    client = client_for(scored.governor_a)
    first = ScoreRun.objects.latest_published()
    assert f"Published run no. {first.pk}" in _page(client)
    # County A falls to the last place in the new run's latest period.
    Observation.objects.filter(
        county=scored.county_a, indicator__code__in=POOR, period="1402"
    ).delete()
    observe_profile(scored.county_a, "1402", POOR)
    scores.rebuild_scores_now(publish=True)
    second = ScoreRun.objects.latest_published()
    assert second.pk != first.pk
    rank = Score.objects.get(run=second, county=scored.county_a, period="1402").national_rank
    before = Score.objects.get(run=first, county=scored.county_a, period="1402").national_rank
    assert rank != before
    html = _page(client)
    assert f"Published run no. {second.pk}" in html and f"Published run no. {first.pk}" not in html
    panel = visible_text(html.split('id="county-score"')[1].split('id="indicators"')[0])
    assert f"National rank {rank} of 3" in panel


def test_an_edited_value_shows_on_the_county_page_at_once(scored):
    client = client_for(scored.governor_a)
    assert "500,000" in _page(client)
    population = Observation.objects.get(
        county=scored.county_a, indicator__code="population", period="1402"
    )
    population.value = 654_321
    population.save()  # as the admin and the data entry do: with its history
    html = _page(client)
    assert "654,321" in html and "500,000" not in html
    assert html.count("654,321") == 2  # the key figure and the indicators table


def test_a_renamed_indicator_shows_on_the_county_page_at_once(scored):
    client = client_for(scored.governor_a)
    assert "Unemployment rate" in _page(client)
    indicator = Indicator.objects.get(code="unemployment_rate")
    save_indicator(indicator, {"name_en": "Jobless share"})
    html = _page(client)
    assert "Jobless share" in html


def test_an_edited_area_shows_on_the_county_page_at_once(scored):
    client = client_for(scored.governor_a)
    area = save_area(
        Area(county=scored.county_a),
        {"name_fa": "محله", "name_en": "Old quarter", "kind": "city", "population": 1200},
        expected_version=None,
    )
    assert "Old quarter" in _page(client)
    save_area(area, {"name_en": "New quarter", "is_deprived": True}, expected_version=1)
    html = _page(client)
    assert "New quarter" in html and "Old quarter" not in html


def test_experiences_and_names_of_similar_counties_show_at_once(scored):
    client = client_for(scored.governor_a)
    html = _page(client)
    similar = html.split('id="similar-counties"')[1].split("</ol>")[0]
    assert "County B" in similar
    assert "Clean streets" not in html
    experience = factories.experience(scored.county_b, "Clean streets")
    assert "Clean streets" in _page(client)
    participation.save_experience(
        experience, {"title": "Cleaner streets"}, expected_version=experience.version
    )
    html = _page(client)
    assert "Cleaner streets" in html and "Clean streets<" not in html
    scored.county_b.name_en = "County Bee"
    scored.county_b.save()
    similar = _page(client).split('id="similar-counties"')[1].split("</ol>")[0]
    assert "County Bee" in similar


def _overdue(html: str) -> str:
    if 'id="panel-overdue"' not in html:
        return ""
    return html.split('id="panel-overdue"')[1].split("</div>")[0]


def test_overdue_commitments_show_at_once_when_written_done_or_due(scored, monkeypatch):
    """The overdue list is cached per day and state of the commitments (participation.panels)."""
    import datetime

    from django.utils import timezone

    from participation.choices import CommitmentStatus
    from participation.models import Commitment

    client = client_for(scored.governor_a)
    assert _overdue(_page(client)) == ""
    factories.held_meeting(
        scored.county_a,
        factories.days_ago(40),
        [("Open the depot", "Mayor", factories.days_ago(3)), ("Pave it", "Mayor", _in_days(1))],
    )
    assert "Open the depot" in _overdue(_page(client)) and "Pave" not in _overdue(_page(client))
    depot = Commitment.objects.get(title="Open the depot")
    participation.update_commitment(
        depot, status=depot.status, owner="Deputy mayor", expected_version=depot.version
    )
    assert "Deputy mayor" in _overdue(_page(client))
    depot.refresh_from_db()
    participation.update_commitment(
        depot, status=CommitmentStatus.DONE, expected_version=depot.version
    )
    assert _overdue(_page(client)) == ""
    later = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    assert "Pave it" in _overdue(_page(client))  # the next day, without any write


def _in_days(days: int):
    import datetime

    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


def _private_parts(html: str) -> dict[str, bool]:
    return {
        "provenance": "/data/provenance/" in html,
        "value history": "/counties/observations/" in html,
        "area history": "/counties/CA/areas/" in html,
        "overdue": 'id="panel-overdue"' in html,
    }


@pytest.mark.parametrize("first", ["ministry", "governor_b"])
def test_another_countys_governor_sees_no_private_data_whoever_filled_the_cache(scored, first):
    save_area(
        Area(county=scored.county_a),
        {"name_fa": "محله", "name_en": "Quarter", "kind": "city"},
        expected_version=None,
    )
    factories.held_meeting(
        scored.county_a,
        factories.days_ago(40),
        [("Open the depot", "Mayor", factories.days_ago(3))],
    )
    _page(client_for(scored.persona(first)))  # fills the cache
    outsider = _private_parts(_page(client_for(scored.governor_b)))
    assert not any(outsider.values()), outsider
    assert _private_parts(_page(client_for(scored.governor_a))) == dict.fromkeys(outsider, True)
    analyst = _page(client_for(scored.analyst))  # reads every county's data, changes none
    assert _private_parts(analyst) == dict.fromkeys(outsider, True)
    assert "/areas/new/" not in analyst and "/areas/new/" in _page(client_for(scored.governor_a))
