"""Pages load only the plotly.js they need (issue 14): the county page none (its maps are SVG
drawn on the server), a dashboard with maps the full bundle, a dashboard without maps the basic
one; every chart is still drawn, in Persian and English, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from governance.models import User
from tests.browser.conftest import log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _requested(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def _every_chart_drawn(page) -> int:
    """Wait until every chart of the page is drawn and fitted (those off screen too: they are
    drawn once the page has loaded, in the browser's idle time)."""
    count = page.locator(".plotly-chart").count()
    assert count > 0
    expect(page.locator(".plotly-chart[data-fitted]")).to_have_count(count, timeout=30_000)
    return count


def _plotly(urls: list[str]) -> set[str]:
    return {url.rsplit("/", 1)[-1].split(".")[0] for url in urls if "/vendor/plotly/" in url}


def test_the_county_page_loads_no_plotly_and_shows_its_map_in_both_languages(
    page, live_server, synthetic_demo
):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "governor", "tavazon-demo")
    urls = _requested(page)
    page.goto(f"{live_server.url}/counties/{code}/")
    settle(page)
    expect(page.locator(f'#county-map path[data-code="{code}"]')).to_be_visible()
    assert page.locator(".plotly-chart").count() == 0
    screenshot(page, "light-county-fa")
    switch_language(page, "en")
    expect(page.locator(f'#county-map path[data-code="{code}"]')).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(page.locator("#county-map")).to_be_visible()
    assert page.locator("#county-map").bounding_box()["width"] <= PHONE["width"]
    screenshot(page, "light-county-en-phone")
    assert not _plotly(urls) and not [u for u in urls if "charts.js" in u or "topojson" in u]


def test_the_national_dashboard_draws_its_maps_and_charts_with_the_full_bundle(
    page, live_server, synthetic_demo
):
    log_in(page, live_server, "ministry", "tavazon-demo")
    urls = _requested(page)
    page.goto(f"{live_server.url}/dashboards/")
    assert _every_chart_drawn(page) == 10  # 7, and the inequality and convergence panels
    expect(page.locator("#chart-county-map path.choroplethlocation").first).to_be_attached()
    assert _plotly(urls) == {"plotly"}  # one bundle, the one with maps
    assert any("world_110m" in url for url in urls)  # the topology, by its served name
    screenshot(page, "light-dashboard-fa")
    switch_language(page, "en")
    _every_chart_drawn(page)
    page.set_viewport_size(PHONE)
    page.locator("#panel-stability").scroll_into_view_if_needed()
    expect(page.locator("#chart-stability .main-svg").first).to_be_visible()
    screenshot(page, "light-dashboard-en-phone")


def test_a_county_dashboard_without_maps_draws_with_the_basic_bundle(
    page, live_server, synthetic_demo
):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "governor", "tavazon-demo")
    urls = _requested(page)
    page.goto(f"{live_server.url}/dashboards/county/{code}/")
    _every_chart_drawn(page)
    assert page.locator(".plotly-chart[data-geo]").count() == 0
    assert _plotly(urls) == {"plotly-basic"}
    assert not any("world_110m" in url for url in urls)
    switch_language(page, "en")
    _every_chart_drawn(page)
    screenshot(page, "light-county-dashboard-en")
