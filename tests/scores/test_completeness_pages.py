"""The score dashboard and the county page's score panel under the completeness rules.

The same world as tests/dashboards/test_completeness_pages.py: 1402 and 1403 complete, 1404
provisional (2 of 3 counties ranked; county A2 has too little data there).
"""

from __future__ import annotations

import pytest

from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import client_for, visible_text
from tests.dashboards.test_completeness_pages import (
    TEXT,
    add_partial_1404,
    missing_names,
    run_text,
)
from tests.observations import scoring_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial(world):
    scoring_world(world, periods=("1402", "1403"))
    scores.rebuild_scores_now(publish=True)
    world.ranks_before = {
        s.county.code: s.national_rank
        for s in Score.objects.filter(
            run=ScoreRun.objects.latest_published(), period="1403"
        ).select_related("county")
    }
    add_partial_1404(world)
    world.run = scores.rebuild_scores_now(publish=True)
    return world


@pytest.mark.parametrize("language", ["en", "fa"])
def test_score_dashboard_opens_on_1403_and_offers_1404_labelled(partial, language):
    response = client_for(partial.analyst, language).get("/counties/scores/")
    assert response.status_code == 200
    assert response.context["period"] == "1403"
    words = TEXT[language]
    html = response.content.decode()
    text = visible_text(html)
    option = html[html.index('value="1404"') :].split("</option>")[0]
    assert 'data-provisional="1"' in option and words["provisional"] in option
    assert 'id="provisional-banner"' not in html
    assert run_text(language, partial.run) in text
    assert words["ranked_1403"] in text
    ranks = {s.county.code: s.national_rank for s in response.context["page"]}
    assert ranks == partial.ranks_before
    assert list(response.context["shortfall_notes"]) == []


@pytest.mark.parametrize("language", ["en", "fa"])
def test_score_dashboard_in_1404_shows_the_banner_and_a2_without_a_rank(partial, language):
    response = client_for(partial.analyst, language).get("/counties/scores/?period=1404")
    assert response.status_code == 200
    words = TEXT[language]
    html = response.content.decode()
    text = visible_text(html)
    assert words["banner"] in text
    assert words["ranked_1404"] in text
    assert [s.county.code for s in response.context["page"]] == ["CB", "CA"]
    row = html[html.index('class="not-enough-data"') :].split("</tr>")[0]
    row_text = visible_text(row)
    assert words["short"] in row_text
    for name in missing_names(language):
        assert name in row_text
    assert "tier-" not in row
    decomposition = html[html.index('id="decomposition-count"') :].split("</p>")[0]
    assert words["ranked_1404"] in visible_text(decomposition)


def test_score_dashboard_trend_keeps_to_complete_periods(partial):
    response = client_for(partial.analyst).get("/counties/scores/?period=1404")
    trend = response.context["trend"]
    periods = {x for trace in trend["data"] for x in trace.get("x", [])}
    assert not any("1404" in str(p) for p in periods)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_county_page_panel_shows_1403_and_not_enough_data_in_1404(partial, language):
    client = client_for(partial.governor_a, language)
    words = TEXT[language]
    response = client.get("/counties/CA2/")
    assert response.status_code == 200
    html = response.content.decode()
    panel = html[html.index('id="county-score"') :]
    text = visible_text(panel)
    assert run_text(language, partial.run) in text
    assert 'id="provisional-banner"' not in panel
    assert 'value="1404" data-provisional="1"' in panel
    assert words["short"] not in text
    later = client.get("/counties/CA2/?period=1404").content.decode()
    panel = later[later.index('id="county-score"') :]
    text = visible_text(panel)
    assert words["banner"] in text
    assert words["short"] in text
    for name in missing_names(language):
        assert name in text
    assert "figure-card" not in panel.split('id="indicators"')[0]


def _panel(html: str) -> str:
    return visible_text(html[html.index('id="county-score"') : html.index('id="indicators"')])


def test_county_page_panel_shows_a_provisional_rank_among_the_ranked_only(partial):
    client = client_for(partial.governor_a)
    panel = _panel(client.get("/counties/CA/?period=1404").content.decode())
    assert "Provisional: 2 of 3 counties have enough data" in panel
    assert "of 2" in panel  # national rank among the 2 ranked counties
    assert "since" not in panel  # no change read against a complete period
    panel = _panel(client.get("/counties/CA/").content.decode())
    assert "of 3" in panel and "since 1402" in panel


def test_pages_without_a_complete_period_say_so(world):
    from counties.services import ensure_default_catalogue
    from scores.services import ensure_default_methodology

    ensure_default_catalogue()
    ensure_default_methodology()
    add_partial_1404(world)
    scores.rebuild_scores_now(publish=True)
    client = client_for(world.analyst)
    for url in ("/counties/scores/", "/counties/CA/", "/counties/CA2/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert "No period has complete data yet." in text, url
        asked = client.get(url + "?period=1404")
        assert "Provisional: 2 of 3 counties have enough data" in visible_text(
            asked.content.decode()
        )
    # (From the cached body: no ranked row in the default view.)
    html = client.get("/counties/scores/").content.decode()
    assert "No score for this selection." in visible_text(html)


def test_score_dashboard_queries_stay_bounded_with_unranked_counties(
    partial, django_assert_max_num_queries
):
    from tests.observations import observe
    from tests.personas import make_county

    for i in range(15):
        observe(make_county(partial.province_b, f"CX{i}"), "unemployment_rate", "1404", 9)
    scores.rebuild_scores_now(publish=True)
    client = client_for(partial.analyst)
    # 10, the counts of the ranked and unranked rows for "page N of M", the navbar's count
    # of notifications, and the 3 stamps the body is cached under (governance.bodies)
    with django_assert_max_num_queries(16):
        response = client.get("/counties/scores/?period=1404")
    assert response.context["shortfalls"].paginator.count == 16


def test_counties_without_enough_data_are_listed_a_page_at_a_time(partial, monkeypatch):
    from tests.observations import observe
    from tests.personas import make_county

    for i in range(15):
        observe(make_county(partial.province_b, f"CX{i:02d}"), "unemployment_rate", "1404", 9)
    scores.rebuild_scores_now(publish=True)
    monkeypatch.setattr("governance.pagination.PAGE_ROWS", 5)
    client = client_for(partial.analyst, "fa")
    first = client.get("/counties/scores/?period=1404")
    html = first.content.decode()
    unranked = html[html.index('id="unranked"') :].split("</details>")[0]
    assert unranked.count('class="not-enough-data"') == 5
    assert "(۱۶)" in unranked and "صفحهٔ ۱ از ۴" in unranked
    assert "period=1404&amp;unranked=2" in unranked
    last = client.get("/counties/scores/?period=1404&unranked=4").content.decode()
    last = last[last.index('id="unranked"') :].split("</details>")[0]
    assert last.count('class="not-enough-data"') == 1 and last.startswith('id="unranked" open')
    # The search box narrows the unranked list as it narrows the ranking.
    found = client.get("/counties/scores/?period=1404&q=CX03").context["shortfalls"]
    assert [n.county.code for n in found] == ["CX03"]
