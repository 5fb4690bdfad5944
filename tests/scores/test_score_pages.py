"""Score pages: the ranking, the county panel and the runs list, for every persona."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest

from scores import services as scores
from scores.choices import ScoreRunStatus
from scores.models import Methodology, Score, ScoreRun
from tests.conftest import PERSONAS, client_for, visible_text
from tests.observations import scoring_world

pytestmark = pytest.mark.django_db

READ_PAGES = ["/counties/scores/", "/counties/scores/runs/", "/counties/CA/", "/counties/CB/"]


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", READ_PAGES)
def test_every_signed_in_persona_sees_scores_and_runs(scored, persona, url):
    response = client_for(scored.persona(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_ministry_staff_ask_for_a_rebuild_by_hand(scored, persona):
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        response = client_for(scored.persona(persona)).post("/counties/scores/runs/rebuild/")
    queued = ScoreRun.objects.filter(status=ScoreRunStatus.QUEUED).exists()
    assert queued == (persona == "ministry")
    assert response.status_code == {"anonymous": 302, "ministry": 302}.get(persona, 403)


def test_ranking_lists_counties_by_rank_for_the_chosen_period(scored):
    client = client_for(scored.analyst)
    response = client.get("/counties/scores/")
    assert response.context["period"] == "1402"
    html = response.content.decode()
    assert html.index("County A<") < html.index("County B<") < html.index("County A2<")
    older = client.get("/counties/scores/?period=1401&province=PA")
    assert older.context["period"] == "1401"
    assert [s.county.code for s in older.context["page"]] == ["CA", "CA2"]
    assert client.get("/counties/scores/?period=1300").context["period"] == "1402"


def test_county_page_shows_its_latest_score_rank_tier_and_balance(scored):
    html = client_for(scored.governor_a).get("/counties/CA/").content.decode()
    panel = html[html.index('id="county-score"') :]
    panel = panel[: panel.index("</div>\n")]
    for text in ("Development-balance score", "National rank", "of 3", "Rank in province", "of 2"):
        assert text in html
    assert "no area data" in html


@pytest.mark.parametrize(
    "language, coverage, areas",
    [("en", "90%", "(3 areas; 0 = balanced)"), ("fa", "۹۰٪", "(۳ محدوده؛ ۰ = متوازن)")],
)
def test_the_score_panel_writes_coverage_and_area_count_in_the_pages_digits(
    scored, language, coverage, areas
):
    Score.objects.filter(county=scored.county_a).update(coverage=0.9, balance=0.05, area_count=3)
    html = client_for(scored.governor_a, language).get("/counties/CA/").content.decode()
    panel = visible_text(html[html.index('id="county-score"') :])
    assert f"{'Data coverage' if language == 'en' else 'پوشش داده'} {coverage}" in panel
    assert areas in panel


def test_the_change_since_the_previous_period_keeps_its_sign_in_front_under_persian(scored):
    latest = Score.objects.filter(county=scored.county_a, period="1402")
    previous = Score.objects.get(county=scored.county_a, period="1401")
    latest.update(composite=previous.composite + Decimal("2.5"))
    html = client_for(scored.governor_a, "fa").get("/counties/CA/").content.decode()
    assert '<span dir="ltr">+۲٫۵</span>' in html  # left to right: the sign stays in front


def test_county_without_a_score_says_so(world):
    html = client_for(world.governor_a).get("/counties/CA/").content.decode()
    assert "No development-balance score for this county yet." in html


def test_a_failed_run_keeps_the_previous_scores_and_only_ministry_sees_its_error(scored):
    published = ScoreRun.objects.latest_published()
    Methodology.objects.filter(is_current=True).update(spec={"dimensions": "broken"})
    failed = scores.rebuild_scores_now(publish=True)
    assert failed.status == ScoreRunStatus.FAILED
    for persona in ("ministry", "governor_a", "analyst"):
        client = client_for(getattr(scored, persona))
        dashboard = client.get("/counties/scores/")
        assert f"Published run no. {published.pk}" in dashboard.content.decode()
        runs = client.get("/counties/scores/runs/").content.decode()
        shows_error = "must be a non-empty list" in runs
        assert shows_error == (persona == "ministry")
        assert ('id="failed-run"' in dashboard.content.decode()) == (persona == "ministry")
        county = client.get("/counties/CA/").content.decode()
        assert "National rank" in county


def test_runs_page_polls_while_a_run_is_active(scored):
    client = client_for(scored.ministry)
    assert "hx-trigger" not in client.get("/counties/scores/runs/").content.decode()
    with mock.patch("scores.tasks.rebuild_scores.delay"):
        scores.queue_score_rebuild()
    html = client.get("/counties/scores/runs/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    partial = client.get("/counties/scores/runs/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="score-runs"')


def test_score_pages_run_a_bounded_number_of_queries(scored, django_assert_max_num_queries):
    from tests.observations import GOOD, observe_profile
    from tests.personas import make_county

    for _ in range(25):
        county = make_county(scored.province_b)
        observe_profile(county, "1402", GOOD)
    scores.rebuild_scores_now(publish=True)
    for _ in range(5):
        Methodology.objects.filter(is_current=True).update(version=ScoreRun.objects.count() + 1)
        scores.rebuild_scores_now(publish=True)
    client = client_for(scored.analyst)
    # 8, the count of the rows for "page N of M", the navbar's count of notifications, and the
    # 3 stamps the body is cached under (governance.bodies); once cached, far fewer
    with django_assert_max_num_queries(13):
        assert client.get("/counties/scores/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/counties/scores/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/counties/scores/runs/").status_code == 200


def test_the_county_score_panel_adds_a_fixed_number_of_queries(
    scored, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(scored.governor_a)
    client.get("/counties/CA/")
    cache.clear()  # the panel is cached per run: measure it built
    with CaptureQueriesContext(connection) as few:
        client.get("/counties/CA/")
    for _ in range(3):  # more runs, periods and counties change nothing
        Methodology.objects.filter(is_current=True).update(version=ScoreRun.objects.count() + 9)
        scores.rebuild_scores_now(publish=True)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        assert client.get("/counties/CA/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/scores/methodology/",
        "/admin/scores/scorerun/",
        "/admin/counties/importjob/",
        "/admin/counties/observation/",
    ],
)
def test_ministry_can_inspect_scores_and_imports_in_the_admin(scored, url):
    scored.ministry.is_superuser = True
    scored.ministry.save(update_fields=["is_superuser"])
    assert client_for(scored.ministry).get(url).status_code == 200
