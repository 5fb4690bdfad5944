"""Each dashboard opened by its persona in Persian and English: every chart drawn, filters work."""

from __future__ import annotations

import pytest

from governance.models import User
from tests.browser.conftest import log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _every_chart_drawn(page) -> int:
    charts = page.locator(".plotly-chart")
    count = charts.count()
    assert count > 0
    for i in range(count):
        chart_id = charts.nth(i).get_attribute("id")
        page.wait_for_selector(f"#{chart_id} .main-svg", state="attached")
    return count


CHART_TEXT = (
    "[...document.querySelectorAll('.plotly-chart svg text')].map(t => t.textContent).join(' ')"
)


def _chart_text(page, digits: str, foreign: str) -> str:
    """Every text plotly.js drew in the charts, once it has numbers in `digits` and none in
    `foreign` (a timeout fails the test)."""
    page.wait_for_function(
        f"() => /[{digits}]/.test({CHART_TEXT}) && !/[{foreign}]/.test({CHART_TEXT})",
        timeout=10_000,
    )
    return page.evaluate(f"() => {CHART_TEXT}")


def test_national_dashboard_in_persian_and_english_with_a_filter(page, live_server, synthetic_demo):
    log_in(page, live_server, "ministry", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "داشبورد ملی" in page.locator("h1").inner_text()
    assert _every_chart_drawn(page) == 10  # 7, and inequality, σ- and β-convergence
    assert page.locator("#table-ranking tbody tr").count() == 12
    screenshot(page, "dashboard-national-fa")
    switch_language(page, "en")
    assert "National dashboard" in page.locator("h1").inner_text()
    _every_chart_drawn(page)
    page.select_option("#f-tier", "5")
    page.keyboard.press("Tab")
    page.click("#filters button[type=submit]")
    settle(page)
    assert "tier=5" in page.url
    tiers = page.locator("#table-ranking tbody .badge[class*=tier-]").all_inner_texts()
    assert tiers and set(tiers) == {"5"}
    _every_chart_drawn(page)
    screenshot(page, "dashboard-national-tier5-en")


def test_county_dashboard_for_its_governor_in_both_languages(page, live_server, synthetic_demo):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "governor", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/county/{code}/")
    assert page.locator("#headline").count() == 1
    assert page.locator("#targets").count() == 1  # the governor's own plans
    _every_chart_drawn(page)
    _chart_text(page, "۰-۹", "0-9")  # numbers in the charts as the page writes them
    screenshot(page, "dashboard-county-fa")
    switch_language(page, "en")
    page.select_option("#f-indicator", index=2)
    page.click("#filters button[type=submit]")
    settle(page)
    assert "indicator=" in page.url
    _every_chart_drawn(page)
    _chart_text(page, "0-9", "۰-۹")
    page.locator("#panel-radar summary").click()
    assert page.locator("#table-radar").is_visible()
    screenshot(page, "dashboard-county-en")


def test_province_dashboard_for_the_provincial_officer(page, live_server, synthetic_demo):
    code = User.objects.get(username="province").province.code
    log_in(page, live_server, "province", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/province/{code}/")
    _every_chart_drawn(page)
    screenshot(page, "dashboard-province-fa")
    switch_language(page, "en")
    _every_chart_drawn(page)
    screenshot(page, "dashboard-province-en")


def test_compare_similar_counties_as_an_analyst(page, live_server, synthetic_demo):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "analyst", "tavazon-demo")
    switch_language(page, "en")
    page.goto(f"{live_server.url}/dashboards/compare/?c={code}")
    page.click("#compare-similar")
    settle(page)
    assert page.url.count("c=") >= 3
    _every_chart_drawn(page)
    screenshot(page, "dashboard-compare-en")
    switch_language(page, "fa")
    _every_chart_drawn(page)
    screenshot(page, "dashboard-compare-fa")
    page.goto(f"{live_server.url}/dashboards/compare/?c={code}&c=NOPE")
    assert page.locator("#compare-error").is_visible()
