"""County pages for every persona: who sees what, who may change areas."""

from __future__ import annotations

import pytest

from counties.models import Area
from tests.conftest import PERSONAS, client_for, visible_text

pytestmark = pytest.mark.django_db

READ_PAGES = ["/counties/", "/counties/province/PA/", "/counties/CA/", "/counties/CB/"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", READ_PAGES)
def test_signed_in_users_read_public_statistics_and_anonymous_visitors_are_sent_to_login(
    world, persona, url
):
    response = client_for(world.persona(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 200


EDIT_EXPECTATIONS = {
    # persona: (may edit county A, may edit county B)
    "anonymous": (False, False),
    "governor_a": (True, False),
    "governor_b": (False, True),
    "officer_a": (True, False),
    "ministry": (True, True),
    "analyst": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("county_code", ["CA", "CB"])
def test_only_county_staff_province_and_ministry_may_add_areas(world, persona, county_code):
    client = client_for(world.persona(persona))
    allowed = EDIT_EXPECTATIONS[persona][0 if county_code == "CA" else 1]
    response = client.post(
        f"/counties/{county_code}/areas/new/",
        {
            "name_fa": "محله نمونه",
            "name_en": "Sample quarter",
            "kind": "informal_settlement",
            "is_deprived": "on",
            "population": "1200",
        },
    )
    created = Area.objects.filter(county__code=county_code, name_fa="محله نمونه").exists()
    assert created == allowed
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not allowed:
        assert response.status_code == 403


def test_governor_of_a_cannot_read_the_change_history_of_county_b(world):
    area = Area.objects.create(county=world.county_b, name_fa="الف", name_en="A", kind="city")
    response = client_for(world.governor_a).get(f"/counties/CB/areas/{area.pk}/history/")
    assert response.status_code == 403


def test_area_of_another_county_is_not_reachable_through_your_own_county_url(world):
    area = Area.objects.create(county=world.county_b, name_fa="الف", name_en="A", kind="city")
    response = client_for(world.governor_a).get(f"/counties/CA/areas/{area.pk}/edit/")
    assert response.status_code == 404


def test_overview_searches_by_name_and_sorts_by_population(world):
    from counties.models import Indicator, Observation
    from counties.services import ensure_default_catalogue

    ensure_default_catalogue()
    population = Indicator.objects.get(code="population")
    for county, value in ((world.county_a, 100), (world.county_a2, 300), (world.county_b, 200)):
        Observation.objects.create(
            indicator=population,
            county=county,
            period="1395",
            period_kind="year",
            period_start="2016-03-20",
            value=value,
        )
    client = client_for(world.analyst)
    html = client.get("/counties/?sort=-population").content.decode()
    assert html.index("County A2") < html.index("County B") < html.index("County A<")
    html = client.get("/counties/?q=County+B").content.decode()
    assert "County B" in html and "County A2" not in html


def test_overview_runs_a_bounded_number_of_queries_whatever_the_number_of_counties(
    world, django_assert_max_num_queries
):
    from tests.personas import make_county

    client = client_for(world.ministry)
    for _ in range(30):
        make_county(world.province_b)
    # Rendered: its rows, plus the 4 stamps its body is cached under (governance.bodies).
    with django_assert_max_num_queries(16):
        assert client.get("/counties/").status_code == 200
    with django_assert_max_num_queries(8):  # cached: the session, the user, the stamps
        assert client.get("/counties/").status_code == 200


def test_county_page_shows_sources_and_the_map_credit(world):
    html = client_for(world.governor_a).get("/counties/CA/").content.decode()
    assert "OpenStreetMap contributors" in html
    assert '<svg id="county-map" class="svg-map"' in html  # drawn on the server


def test_unknown_county_is_404(world):
    assert client_for(world.ministry).get("/counties/NOPE/").status_code == 404


def _population(county, period, value):
    from counties.models import Indicator, Observation
    from counties.services import ensure_default_catalogue
    from governance.periods import parse_period

    ensure_default_catalogue()
    parsed = parse_period(period)
    Observation.objects.create(
        indicator=Indicator.objects.get(code="population"),
        county=county,
        period=parsed.key,
        period_kind=parsed.kind,
        period_start=parsed.gregorian_start(),
        value=value,
    )


def test_overview_sums_each_province_from_its_counties_census_values(world):
    _population(world.county_a, "1395", 100)
    _population(world.county_a2, "1395", 300)
    _population(world.county_a2, "1396", 9_999)  # not the census year: not summed
    _population(world.county_b, "1395", 200)
    provinces = {
        p.code: p for p in client_for(world.analyst).get("/counties/").context["provinces"]
    }
    assert (provinces["PA"].county_count, provinces["PA"].population) == (2, 400)
    assert (provinces["PB"].county_count, provinces["PB"].population) == (1, 200)


def test_county_page_shows_the_newest_value_of_each_indicator(world):
    _population(world.county_a, "1395", 100)
    _population(world.county_a, "1402", 250)
    _population(world.county_a2, "1403", 999)  # another county's newer year
    html = client_for(world.governor_a).get("/counties/CA/").content.decode()
    rows = html.split('id="indicators"')[1].split("</tbody>")[0].split("<tr>")[2:]
    assert [visible_text(row).split(" source ")[0] for row in rows] == ["Population 250 people"]
    assert "1402" in rows[0] and "1395" not in rows[0]


def test_county_page_runs_a_bounded_number_of_queries_whatever_the_province_size(
    world, django_assert_max_num_queries
):
    from tests.personas import make_county

    client = client_for(world.ministry)
    for _ in range(20):
        make_county(world.province_a)
    with django_assert_max_num_queries(16):
        assert client.get("/counties/CA/").status_code == 200


def test_overview_rows_escape_names_and_follow_the_language(world):
    from tests.personas import make_county

    make_county(
        world.province_b, code="X&1", name_en="<b>Bold</b>", name_fa="<i>کج</i>", area_km2=1234.6
    )
    client = client_for(world.analyst)
    client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    persian = client.get("/counties/?q=X%261").content.decode()
    assert "&lt;i&gt;کج&lt;/i&gt;" in persian and "<i>کج" not in persian
    assert "۱٬۲۳۵" in persian  # area, Persian digits and separator
    assert 'href="/counties/X&amp;1/"' in persian
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/counties/?q=X%261").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in english and "1,235" in english


def test_overview_counts_its_rows_in_the_page_language(world):
    client = client_for(world.analyst)
    client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    assert "۳ شهرستان" in client.get("/counties/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "3 counties" in client.get("/counties/").content.decode()
