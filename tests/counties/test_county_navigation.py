"""Where a person goes next: the county page's links, the projects filter by county, the
"Dashboards" link opening the user's own scope, the starting page of each role, and the public
pages linked from the landing page and to "you said, we did"."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.personas import PASSWORD
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db


def _county_links(html: str) -> list[str]:
    block = re.search(r'<nav[^>]*id="county-links".*?</nav>', html, re.S)
    assert block, "the county page has its links"
    return re.findall(r'href="([^"]+)"', block.group(0))


def test_the_county_page_links_to_everything_the_countys_governor_may_open(world):
    html = client_for(world.governor_a).get("/counties/CA/").content.decode()
    assert _county_links(html) == [
        "/projects/?county=CA",
        "/counties/CA/workbench/",
        "/dashboards/county/CA/",
        "/participation/CA/",
        "/public/CA/",
        "/data/",  # entering the county's own figures (submissions' entry link)
    ]


def test_another_countys_governor_gets_only_the_links_they_may_open(world):
    html = client_for(world.governor_b).get("/counties/CA/").content.decode()
    assert _county_links(html) == ["/dashboards/county/CA/", "/public/CA/"]


@pytest.mark.parametrize("persona", ["governor_a", "governor_b", "officer_a", "analyst"])
def test_every_link_of_the_county_page_opens(world, persona):
    client = client_for(world.persona(persona))
    for county in ("CA", "CA2"):
        for href in _county_links(client.get(f"/counties/{county}/").content.decode()):
            assert client.get(href).status_code == 200, href


def test_a_provincial_officer_on_a_county_of_their_province_is_never_stuck(world):
    links = _county_links(client_for(world.officer_a).get("/counties/CA2/").content.decode())
    assert "/counties/CA2/workbench/" in links and "/participation/CA2/" in links


def test_all_projects_can_be_filtered_by_county(world):
    make_project(world.county_a, title_en="Landfill road of A")
    make_project(world.county_a2, title_en="Park of A2")
    client = client_for(world.officer_a)
    html = client.get("/projects/?county=CA").content.decode()
    assert "Landfill road of A" in html and "Park of A2" not in html
    assert re.search(r'<option value="CA"[^>]*\bselected', html)
    html = client.get("/projects/").content.decode()
    assert "Landfill road of A" in html and "Park of A2" in html


def test_the_county_filter_never_shows_a_county_the_user_may_not_see(world):
    make_project(world.county_b, title_en="Project of B")
    html = client_for(world.governor_a).get("/projects/?county=CB").content.decode()
    assert "Project of B" not in html and 'value="CB"' not in html


@pytest.mark.parametrize(
    ("persona", "scope"),
    [
        ("governor_a", "/dashboards/county/CA/"),
        ("officer_a", "/dashboards/province/PA/"),
        ("ministry", "/dashboards/"),
        ("analyst", "/dashboards/"),
    ],
)
def test_dashboards_in_the_navigation_opens_the_users_own_scope(world, persona, scope):
    client = client_for(world.persona(persona))
    html = client.get("/counties/").content.decode()
    href = re.search(r'<a class="nav-link" href="([^"]+)">Dashboards</a>', html).group(1)
    response = client.get(href)
    assert response.status_code == 302 and response["Location"] == scope
    assert client.get(scope).status_code == 200


def test_a_provincial_officer_logs_in_and_lands_on_their_provinces_scores(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD})
    response = client.get(response["Location"], follow=True)
    assert response.request["PATH_INFO"] == "/dashboards/province/PA/"
    assert response.status_code == 200


def test_the_landing_page_links_to_the_public_county_pages(world):
    html = Client().get("/").content.decode()
    for code in ("CA", "CA2", "CB"):
        assert f'href="/public/{code}/"' in html
    assert Client().get("/public/CA/").status_code == 200


def test_each_public_county_page_links_to_you_said_we_did(world):
    html = Client(HTTP_ACCEPT_LANGUAGE="fa").get("/public/CA/").content.decode()
    assert 'href="/participation/public/CA/said-did/"' in html
    assert "شما گفتید، ما انجام دادیم" in html
    said_did = Client().get("/participation/public/CA/said-did/").content.decode()
    assert 'href="/public/CA/"' in said_did
