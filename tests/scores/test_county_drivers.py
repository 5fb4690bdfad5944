"""What drives a county's score: the panel on the county page and the county dashboard."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from counties.models import Observation
from scores import drivers
from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.observations import mix, scoring_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world):
    scoring_world(world, periods=("1402",))
    scores.rebuild_scores_now(publish=True)
    return world


def _context(county, language="en"):
    with translation.override(language):
        return drivers.county_drivers_context(ScoreRun.objects.latest_published(), county)


@pytest.mark.parametrize("name", ["county_a", "county_a2", "county_b"])
def test_the_contributions_add_up_to_the_stored_score(scored, name):
    county = getattr(scored, name)
    context = _context(county)
    stored = float(Score.objects.get(county=county, period="1402").composite)
    assert context["same_data"] is True
    assert context["total"] == pytest.approx(stored, abs=0.011)
    parts = [r["contribution"] for r in context["rows"] if r["contribution"] is not None]
    assert sum(parts) == pytest.approx(stored, abs=0.05)  # ten parts rounded to 0.01 each
    # The default methodology weighs its three challenges equally (geometric mean).
    assert sum(r["weight"] for r in context["rows"]) == pytest.approx(100, abs=0.05)


def test_a_county_better_than_its_province_median_everywhere_has_no_lever(scored):
    # County A (a good profile) and A2 (a poor one) share a province: its medians are halfway.
    assert _context(scored.county_a)["levers"] == []
    assert len(_context(scored.county_a2)["levers"]) == 3


def test_raising_the_first_lever_to_the_provincial_median_changes_the_score_as_shown(scored):
    county = scored.county_a2
    lever = _context(county)["levers"][0]
    # The median of A's and A2's values (profiles mixed at 0.8 and 0.3): their mean.
    code = lever["code"]
    assert lever["target"] == pytest.approx((mix(0.8)[code] + mix(0.3)[code]) / 2)
    before = float(Score.objects.get(county=county, period="1402").composite)
    Observation.objects.filter(county=county, indicator__code=lever["code"], period="1402").update(
        value=lever["target"]
    )
    scores.rebuild_scores_now(publish=True)
    after = float(
        Score.objects.get(run=ScoreRun.objects.latest_published(), county=county).composite
    )
    assert lever["change"] > 0
    assert after - before == pytest.approx(lever["change"], abs=0.011)


def test_the_levers_are_sorted_by_the_score_they_add(scored):
    changes = [r["change"] for r in _context(scored.county_a2)["levers"]]
    assert changes == sorted(changes, reverse=True)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_county_page_and_dashboard_show_the_panel(scored, language):
    client = client_for(scored.analyst, language)
    for url in (
        reverse("counties:county", args=["CA2"]),
        reverse("dashboards:county", args=["CA2"]),
    ):
        html = client.get(url).content.decode()
        assert 'id="county-drivers"' in html and 'id="county-levers"' in html
        # The county page loads no plotly.js: its chart is drawn by CSS.
        chart = "county-drivers-bars" if url.startswith("/counties/") else "county-drivers-chart"
        assert f'id="{chart}"' in html
        if language == "fa":
            assert "چه چیزی امتیاز را می‌سازد" in html
            total = html.split('id="county-drivers-total">')[1].split("<")[0]
            assert total and not any(c.isascii() and c.isdigit() for c in total)


def test_the_panel_is_the_same_whoever_asks_and_anonymous_visitors_are_refused(scored):
    pages = {}
    for persona in PERSONAS:
        cache.clear()  # each persona's panel rendered afresh, not read from the previous one's
        response = client_for(scored.persona(persona)).get(reverse("counties:county", args=["CA2"]))
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            continue
        html = response.content.decode()
        start = html.index(
            '<section class="bg-white p-3 rounded shadow-sm mb-3" id="county-drivers"'
        )
        pages[persona] = html[start : html.index("</section>", start)]
    # Nothing in the panel depends on who asks (a governor of the county sees what others see).
    assert len(set(pages.values())) == 1


def test_the_panel_is_read_from_the_cache_on_a_second_visit(scored, django_assert_max_num_queries):
    run = ScoreRun.objects.latest_published()
    with translation.override("en"):
        first = drivers.county_drivers_panel(run, scored.county_a2)
        with django_assert_max_num_queries(2):
            assert drivers.county_drivers_panel(run, scored.county_a2) == first
