"""Pages and API lists that list counties stay bounded at 5,000 counties (issue 14): no page
ships more than 300 KB of HTML, and every one runs as many queries at 5,000 counties as at 50."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counties.models import County, Province
from counties.pickers import PICKER_OPTIONS, SEARCH_RESULTS
from governance.pagination import PAGE_ROWS
from scores.models import ScoreRun
from tests.conftest import client_for
from tests.personas import ministry_staff, provincial_officer_of
from tests.scale import scaled_country

pytestmark = pytest.mark.django_db

LARGE, SMALL = 5000, 50
MAX_HTML = 300 * 1024
PAGES = [
    "/counties/",
    "/counties/?page=3&sort=-area_km2",
    "/counties/?q=%DB%B1&province=SP01",
    "/counties/scores/",
    "/counties/scores/?page=2",
    "/counties/scores/?q=12",
    "/counties/province/SP00/",
    "/dashboards/",
    "/dashboards/?page=2",
    "/dashboards/province/SP00/",
    "/dashboards/compare/?c=S00001&c=S00002",
    "/projects/",
    "/reports/",
]
APIS = [
    "/api/v1/counties/",
    "/api/v1/counties/?province__code=SP01",
    "/api/v1/provinces/",
    "/api/v1/areas/",
    "/api/v1/scores/",
    "/api/v1/scores/?period=1402",
    "/api/v1/observations/",
    "/counties/search/?q=12",
    "/counties/search/?q=12&scope=view",
    # Every other API list (issue 14, session 10): page numbers and, where offered, keyset pages.
    "/api/v1/scores/?province=SP01",
    "/api/v1/counties/?cursor=",
    "/api/v1/observations/?cursor=",
    "/api/v1/areas/?cursor=",
    "/api/v1/indicators/",
    "/api/v1/methodologies/",
    "/api/v1/score-runs/",
    "/api/v1/projects/",
    "/api/v1/milestones/",
    "/api/v1/progress-updates/",
    "/api/v1/plans/",
    "/api/v1/stakeholders/",
    "/api/v1/engagements/",
    "/api/v1/meetings/",
    "/api/v1/commitments/",
    "/api/v1/critiques/",
    "/api/v1/investments/",
    "/api/v1/experiences/",
    "/api/v1/participation-measures/",
    "/api/v1/submissions/",
    "/api/v1/notifications/",
]


def _measure(client, urls: list[str]) -> dict[str, tuple[int, int]]:
    """(queries, bytes) of each URL, asked with an empty cache."""
    measured = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        measured[url] = (len(queries), len(response.content))
    return measured


def _drop_country() -> None:
    ScoreRun.objects.all().delete()
    County.objects.all().delete()
    Province.objects.all().delete()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_list_pages_stay_small_and_their_queries_do_not_grow_with_the_counties(language):
    client = client_for(ministry_staff(), language)
    scaled_country(SMALL)
    _measure(client, PAGES + APIS)  # warm the per-process caches (country profile, catalogue)
    small = _measure(client, PAGES + APIS)
    _drop_country()
    scaled_country(LARGE)
    large = _measure(client, PAGES + APIS)
    for url in PAGES + APIS:
        assert large[url][0] == small[url][0], (url, small[url], large[url])
        assert large[url][1] <= MAX_HTML, (url, large[url])


def test_the_overview_pages_searches_and_sorts_on_the_server():
    scaled_country(LARGE)
    client = client_for(ministry_staff(), "fa")
    html = client.get("/counties/").content.decode()
    assert html.count('href="/counties/S') == PAGE_ROWS
    assert "۵٬۰۰۰ شهرستان" in html and "صفحهٔ ۱ از ۲۵" in html and "ردیف‌های ۱ تا ۲۰۰" in html
    last = client.get("/counties/?page=25&sort=-area_km2").content.decode()
    # Sorted by area, largest first: the smallest 200 are on the last page, the smallest last.
    codes = re.findall(r'href="/counties/(S\d{5})/"', last)
    assert codes[-1] == "S00000" and len(codes) == PAGE_ROWS
    # Links of the other pages keep the sort and the search.
    second = client.get("/counties/?q=Scale+county+1&sort=-area_km2").content.decode()
    assert "sort=-area_km2" in second and "q=Scale+county+1" in second and "page=2" in second


@pytest.mark.parametrize(
    "typed", ["Scale county 1234", "شهرستان مقیاس ۱۲۳۴", "شهرستان مقیاس 1234", "S01234"]
)
def test_a_county_is_found_by_either_name_or_code_in_any_digits(typed):
    scaled_country(LARGE)
    client = client_for(ministry_staff(), "en")
    html = client.get("/counties/", {"q": typed}).content.decode()
    assert "/counties/S01234/" in html


def test_arabic_letters_find_the_persian_name():
    scaled_country(SMALL)
    client = client_for(ministry_staff(), "fa")
    typed = "شهرستان مقياس ۱۲".replace("ی", "ي")  # Arabic yeh, as an Arabic keyboard types it
    assert "/counties/S00012/" in client.get("/counties/", {"q": typed}).content.decode()
    found = client.get("/counties/search/", {"q": typed}).json()["results"]
    assert [r["value"] for r in found] == ["S00012"]


def test_pickers_search_the_server_above_the_threshold():
    scaled_country(PICKER_OPTIONS + 1)
    client = client_for(ministry_staff(), "en")
    html = client.get("/dashboards/compare/?c=S00001&c=S00002").content.decode()
    picker = re.search(r'<select[^>]*id="f-counties".*?</select>', html, re.S).group(0)
    assert 'data-search-url="/counties/search/"' in picker
    assert re.findall(r'<option value="([^"]+)"', picker) == ["S00001", "S00002"]
    found = client.get("/counties/search/", {"q": "Scale county"}).json()["results"]
    assert len(found) == SEARCH_RESULTS and "Scale county" in found[0]["text"]


def test_the_report_picker_searches_only_the_counties_whose_data_the_user_may_read():
    scaled_country(PICKER_OPTIONS + 1)
    html = client_for(ministry_staff(), "en").get("/reports/").content.decode()
    picker = re.search(r'<select[^>]*id="report-county".*?</select>', html, re.S).group(0)
    assert 'data-search-url="/counties/search/?scope=view"' in picker
    assert "<option" not in picker  # nothing chosen yet: the browser asks the server
    # A provincial officer's few counties are listed; the scoped search answers only them.
    officer = client_for(provincial_officer_of(Province.objects.get(code="SP01")), "en")
    own = set(County.objects.filter(province__code="SP01").values_list("code", flat=True))
    html = officer.get("/reports/").content.decode()
    picker = re.search(r'<select[^>]*id="report-county".*?</select>', html, re.S).group(0)
    assert set(re.findall(r'<option value="([^"]+)"', picker)) == own
    found = officer.get("/counties/search/", {"q": "Scale county", "scope": "view"}).json()
    codes = {r["value"] for r in found["results"]}
    assert codes and codes <= own
    # Without the scope, every county's name is searchable (names are public).
    everyone = officer.get("/counties/search/", {"q": "Scale county"}).json()["results"]
    assert {r["value"] for r in everyone} - own


def test_pickers_list_every_county_at_or_below_the_threshold():
    scaled_country(PICKER_OPTIONS)
    html = client_for(ministry_staff(), "en").get("/dashboards/compare/").content.decode()
    picker = re.search(r'<select[^>]*id="f-counties".*?</select>', html, re.S).group(0)
    assert "data-search-url" not in picker and picker.count("<option") == PICKER_OPTIONS


def test_the_county_search_needs_a_signed_in_user():
    response = client_for(None).get("/counties/search/", {"q": "a"})
    assert response.status_code == 302


def test_the_ranking_and_the_scores_page_keep_their_filters_across_pages():
    scaled_country(LARGE)
    client = client_for(ministry_staff(), "en")
    # 1, 10-19, 100-199 and 1000-1999: 1,111 counties on six pages.
    scores = client.get("/counties/scores/", {"q": "Scale county 1"}).content.decode()
    assert "q=Scale+county+1&amp;page=2" in scores and "Page 1 of 6" in scores
    assert "1,111 counties" in scores
    ranking = client.get("/dashboards/", {"tier": 5}).content.decode()
    assert "tier=5&amp;page=2" in ranking and "Page 1 of 5" in ranking
    second = client.get("/dashboards/", {"tier": 5, "page": 2}).content.decode()
    assert "rows 201–400 of 1,000" in second
