"""Indicator catalogue pages: everyone signed in reads, ministry staff create and edit."""

from __future__ import annotations

import pytest

from counties.models import Dimension, Indicator
from counties.services import ensure_default_catalogue
from tests.conftest import PERSONAS, client_for
from tests.observations import observe

pytestmark = pytest.mark.django_db

READ_PAGES = ["/counties/indicators/", "/counties/indicators/unemployment_rate/"]
CHANGE_PAGES = ["/counties/indicators/new/", "/counties/indicators/unemployment_rate/edit/"]


@pytest.fixture
def catalogue(world):
    ensure_default_catalogue()
    return world


def new_indicator(**changes: object) -> dict[str, object]:
    data = {
        "code": "clinics_per_10k",
        "name_fa": "درمانگاه به ازای ده هزار نفر",
        "name_en": "Clinics per 10,000 people",
        "dimension": Dimension.objects.get(code="education").pk,
        "unit": "per 10,000",
        "direction": "higher",
        "min_value": "0",
        "max_value": "50",
        "frequency": "yearly",
        "source": "Ministry of Health",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", READ_PAGES)
def test_every_signed_in_persona_reads_the_catalogue(catalogue, persona, url):
    response = client_for(catalogue.persona(persona)).get(url)
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", CHANGE_PAGES)
def test_only_ministry_staff_open_the_catalogue_forms(catalogue, persona, url):
    response = client_for(catalogue.persona(persona)).get(url)
    expected = {"anonymous": 302, "ministry": 200}.get(persona, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_ministry_staff_add_an_indicator(catalogue, persona):
    client_for(catalogue.persona(persona)).post("/counties/indicators/new/", new_indicator())
    assert Indicator.objects.filter(code="clinics_per_10k").exists() == (persona == "ministry")


def test_ministry_adds_an_indicator_in_a_new_dimension(catalogue):
    client = client_for(catalogue.ministry)
    response = client.post(
        "/counties/indicators/new/",
        new_indicator(
            dimension="",
            new_dimension_code="health",
            new_dimension_name_fa="سلامت",
            new_dimension_name_en="Health",
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="clinics_per_10k")
    assert indicator.dimension.code == "health" and indicator.dimension.name_en == "Health"
    assert indicator.dimension.order > Dimension.objects.get(code="demography").order
    assert "Health" in client.get("/counties/indicators/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"min_value": "60"}, "max_value", "must be above the lowest"),
        ({"dimension": None}, "dimension", "Choose a dimension"),
        ({"new_dimension_code": "health"}, "new_dimension_code", "not both"),
        ({"code": "unemployment_rate"}, "code", "already exists"),
        ({"code": "not a slug!"}, "code", "Enter a valid"),
        ({"direction": "sideways"}, "direction", "Select a valid choice"),
        ({"name_fa": "", "name_en": ""}, "name_fa", "Enter the Persian name"),
        ({"name_en": ""}, "name_en", "Enter the English name"),
        ({"name_fa": "   "}, "name_fa", "Enter the Persian name"),
        (
            {"dimension": None, "new_dimension_code": "education"},
            "new_dimension_code",
            "A dimension with this code exists",
        ),
    ],
)
def test_the_indicator_form_explains_what_is_wrong(catalogue, changes, field, message):
    response = client_for(catalogue.ministry).post(
        "/counties/indicators/new/", new_indicator(**changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Indicator.objects.filter(code="clinics_per_10k").exists()


def test_editing_keeps_the_code_and_refuses_a_range_that_excludes_stored_values(catalogue):
    observe(catalogue.county_a, "unemployment_rate", "1402", 35)
    client = client_for(catalogue.ministry)
    url = "/counties/indicators/unemployment_rate/edit/"
    indicator = Indicator.objects.get(code="unemployment_rate")
    data = new_indicator(
        code="renamed", dimension=indicator.dimension_id, max_value="30", direction="lower"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "1 stored values lie outside this range" in " ".join(
        response.context["form"].errors["max_value"]
    )
    response = client.post(url, {**data, "max_value": "40"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.code == "unemployment_rate" and indicator.max_value == 40
    assert indicator.name_en == "Clinics per 10,000 people"


def test_indicator_page_lists_values_with_filters_and_history_links_only_where_allowed(catalogue):
    observe(catalogue.county_a, "new_jobs", "1402", 5)
    observe(catalogue.county_b, "new_jobs", "1402", 7, synthetic=True)
    observe(catalogue.county_b, "new_jobs", "1401", 6)
    html = client_for(catalogue.governor_a).get("/counties/indicators/new_jobs/").content.decode()
    assert html.count("/history/") == 1  # county A's value only
    assert "synthetic" in html
    filtered = client_for(catalogue.analyst).get(
        "/counties/indicators/new_jobs/?county=CB&period=۱۴۰۱"
    )
    assert len(filtered.context["page"].object_list) == 1
    bad = client_for(catalogue.analyst).get("/counties/indicators/new_jobs/?period=soon")
    assert len(bad.context["page"].object_list) == 0


def test_unknown_indicator_is_404(catalogue):
    assert client_for(catalogue.ministry).get("/counties/indicators/nope/").status_code == 404


def test_catalogue_and_indicator_pages_run_a_bounded_number_of_queries(
    catalogue, django_assert_max_num_queries
):
    from tests.personas import make_county

    client = client_for(catalogue.analyst)
    for i in range(20):
        county = make_county(catalogue.province_b)
        observe(county, "new_jobs", "1402", i)
    for i in range(10):
        Indicator.objects.create(
            code=f"extra_{i}",
            name_en=f"Extra {i}",
            dimension=Dimension.objects.first(),
            direction="higher",
        )
    with django_assert_max_num_queries(8):
        assert client.get("/counties/indicators/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/counties/indicators/new_jobs/").status_code == 200
