"""The demo governor opens their county in Persian and English: map drawn, direction right."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from counties.models import County
from governance.country import current_profile, localized
from tests.browser.conftest import log_in, screenshot, switch_language
from tests.demo_snapshots import seed_demo_once

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo_once(synthetic=False)
    return County.objects.get(pk__in=County.objects.filter(staff__username="governor"))


def _assert_map_drawn(page, county: County) -> None:
    # Drawn on the server (counties.svg_maps): the province's counties, the county on top in
    # the highlight colour, each named in its tooltip; visible, not only in the page.
    shapes = page.locator("#county-map path")
    assert (
        shapes.count()
        == County.objects.filter(province_id=county.province_id, geometry__isnull=False).count()
    )
    highlighted = page.locator(f'#county-map path[data-code="{county.code}"]')
    expect(highlighted).to_have_attribute("fill", "#D55E00")
    expect(page.locator("#county-map")).to_be_visible()
    box = page.locator("#county-map").bounding_box()
    assert box and box["width"] > 150 and 150 < box["height"] <= 361


def test_demo_governor_sees_their_county_with_a_map_in_persian_and_english(page, live_server, demo):
    log_in(page, live_server, "governor", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/{demo.code}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert demo.name_fa in page.locator("h1").inner_text()
    _assert_map_drawn(page, demo)
    assert page.locator(f'#county-map path[data-code="{demo.code}"] title').text_content() == (
        demo.name_fa
    )
    source = localized(current_profile(), "boundary_source", "fa")  # the demo profile's
    assert source and source in page.locator(".map-credit").first.inner_text()
    screenshot(page, "county-profile-fa")

    switch_language(page, "en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert demo.name_en in page.locator("h1").inner_text()
    _assert_map_drawn(page, demo)
    assert page.locator(f'#county-map path[data-code="{demo.code}"] title').text_content() == (
        demo.name_en
    )
    screenshot(page, "county-profile-en")


def test_national_overview_search_narrows_the_table(page, live_server, demo):
    log_in(page, live_server, "analyst", "tavazon-demo")
    switch_language(page, "en")
    page.goto(f"{live_server.url}/counties/")
    rows_before = page.locator("#counties tbody tr").count()
    page.fill("#q", demo.name_en)
    page.wait_for_function(
        "n => document.querySelectorAll('#counties tbody tr').length < n", arg=rows_before
    )
    assert demo.name_en in page.locator("#counties tbody").inner_text()
    screenshot(page, "overview-search-en")
    page.goto(f"{live_server.url}/counties/province/{demo.province.code}/")
    page.wait_for_selector("#province-map .main-svg", state="attached")
    screenshot(page, "province-en")
