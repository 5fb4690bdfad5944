"""The deprivation clusters page (issue 15) in Persian and English, wide and on a phone: the
LISA map drawn, Moran's I said in a sentence, the low-low table and the national link."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _on_a_phone(page) -> None:
    """The page as a phone opens it: charts pick their narrow layout when first drawn."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    settle(page)
    _map_drawn(page)


def _map_drawn(page) -> None:
    page.wait_for_selector("#chart-lisa-map .main-svg", state="attached")
    assert page.locator("#chart-lisa-map path.choroplethlocation").count() == 12


def test_clusters_page_in_persian_and_english(page, live_server, synthetic_demo):
    log_in(page, live_server, "analyst", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/")
    page.click("#link-clusters")
    settle(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "خوشه‌های محرومیت" in page.locator("h1").inner_text()
    _map_drawn(page)
    assert "موران" in page.locator("#moran").inner_text()
    assert page.locator("#table-low-low").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "clusters-fa-1280")
    _on_a_phone(page)
    screenshot(page, "clusters-fa-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "Deprivation clusters"
    _map_drawn(page)
    assert "Moran's I" in page.locator("#moran").inner_text()
    screenshot(page, "clusters-en-1280")
    _on_a_phone(page)
    screenshot(page, "clusters-en-390")
