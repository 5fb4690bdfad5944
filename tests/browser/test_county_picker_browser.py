"""The compare page's county picker in a browser: searched by English or Persian name, the chosen
counties kept in view as chips, the selection submitted in the URL; in Persian the small charts
run right to left like the table. Screenshots at desktop and phone widths."""

from __future__ import annotations

import pytest

from counties.models import County
from tests.browser.conftest import log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose(page, text: str) -> None:
    control = page.locator("#f-counties-ts-control")
    control.fill(text)
    page.wait_for_selector("#f-counties-ts-dropdown .option.active")
    control.press("Enter")


def test_compare_counties_chosen_by_typing_either_name(page, live_server, synthetic_demo):
    first, second = County.objects.order_by("code")[:2]
    log_in(page, live_server, "analyst", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/compare/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The native list is replaced by the picker; the Ctrl/Shift hint goes with it.
    assert "tomselected" in page.locator("#f-counties").get_attribute("class")
    assert page.locator(".ts-wrapper").is_visible()
    assert not page.locator("[data-native-hint]").is_visible()
    _choose(page, first.name_en)  # English name on the Persian page
    _choose(page, second.name_fa)
    chips = page.locator(".ts-wrapper .item")
    assert chips.count() == 2 and first.name_fa in chips.nth(0).inner_text()
    screenshot(page, "compare-picker-fa")
    page.click("#filters button[type=submit]")
    settle(page)
    assert f"c={first.code}" in page.url and f"c={second.code}" in page.url
    # The chosen counties stay in view after the page reloads.
    assert page.locator(".ts-wrapper .item").count() == 2
    page.wait_for_selector("#chart-trends .main-svg", state="attached")
    titles = page.evaluate(
        "() => [...document.querySelectorAll('#chart-trends .annotation-text')].map("
        "t => [t.textContent, t.getBoundingClientRect().left])"
    )
    positions = {text: left for text, left in titles}
    assert positions[first.name_fa] > positions[second.name_fa]  # first county on the right
    screenshot(page, "compare-result-fa")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "compare-result-fa-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    switch_language(page, "en")
    page.wait_for_selector("#chart-trends .main-svg", state="attached")
    assert page.locator(".ts-wrapper .item").count() == 2
    screenshot(page, "compare-result-en")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "compare-result-en-390")
