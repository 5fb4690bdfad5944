"""The national overview's body (and the table htmx asks for) is rendered once per query and
data stamps (issue 14, governance.bodies): a second visit renders nothing but the page around
it, and an import, a renamed county or province, a new county or a renamed indicator each show
on the next visit."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from counties import views
from counties.models import County, Indicator, Province
from counties.services import save_indicator
from tests.conftest import client_for
from tests.personas import make_county
from tests.project_factories import observe

pytestmark = pytest.mark.django_db

URL = "/counties/?sort=-population"


def _page(client, url: str = URL, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_second_visit_builds_nothing_and_is_the_page_a_fresh_rendering_gives(world, monkeypatch):
    client = client_for(world.analyst)
    first = _page(client)

    def built(*args, **kwargs):
        raise AssertionError("the body was built again: it should come from the cache")

    monkeypatch.setattr(views, "_overview_context", built)
    assert _page(client) == first
    assert client_for(world.ministry).get(URL).status_code == 200  # the same body
    monkeypatch.undo()
    cache.clear()
    assert _page(client) == first


def test_the_htmx_table_and_the_whole_page_are_cached_apart(world):
    client = client_for(world.analyst)
    table = _page(client, headers={"HX-Request": "true"})
    page = _page(client)
    assert "<html" not in table and 'id="counties"' in table
    assert "<html" in page and table.strip() in page
    assert _page(client, headers={"HX-Request": "true"}) == table


def test_every_input_of_the_body_makes_a_new_one(world):
    client = client_for(world.analyst)
    client.cookies["django_language"] = "en"
    _page(client)
    county = County.objects.get(code="CA")
    county.name_en = "Renamed county"
    county.save()  # as the forms and the geography import do (an update() bypasses updated_at)
    assert "Renamed county" in _page(client)
    province = Province.objects.get(code="PA")
    province.name_en = "Renamed province"
    province.save()
    assert "Renamed province" in _page(client)
    make_county(world.province_b, "CNEW")
    assert "CNEW" in _page(client, "/counties/?q=CNEW")
    before = _page(client, "/counties/?q=CA")
    observe(world.county_a, "population", "1395", 123456)
    assert _page(client, "/counties/?q=CA") != before
    save_indicator(Indicator.objects.get(code="population"), {"name_en": "Residents"})
    assert "Residents" in _page(client)
