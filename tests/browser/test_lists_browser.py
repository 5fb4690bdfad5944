"""Long lists in a browser (issue 14): the national overview's page links swap the table in
place and keep the sort; above the threshold the county picker asks the server, which finds a
county typed with Arabic letters. Screenshots in both languages at desktop and phone widths."""

from __future__ import annotations

import pytest

from counties.models import County
from tests.browser.conftest import log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_overview_pages_through_the_counties_keeping_the_sort(
    page, live_server, synthetic_demo, monkeypatch
):
    monkeypatch.setattr("governance.pagination.PAGE_ROWS", 5)
    total = County.objects.count()
    log_in(page, live_server, "ministry", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/?sort=-area_km2")
    settle(page)
    pages = -(-total // 5)
    assert f"صفحهٔ ۱ از {str(pages).translate(str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹'))}" in (
        page.locator("#county-table nav").inner_text()
    )
    first_rows = page.locator("#counties tbody tr").all_inner_texts()
    page.locator("#county-table a[rel=next]").click()
    page.wait_for_url("**page=2**")
    settle(page)
    assert "sort=-area_km2" in page.url
    assert page.locator("#counties tbody tr").count() == 5
    assert page.locator("#counties tbody tr").all_inner_texts() != first_rows
    assert "۶ تا ۱۰" in page.locator("#county-count").inner_text()
    screenshot(page, "overview-pages-fa")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "overview-pages-fa-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    switch_language(page, "en")
    assert "Page 2 of" in page.locator("#county-table nav").inner_text()
    assert "rows 6–10" in page.locator("#county-count").inner_text()
    screenshot(page, "overview-pages-en")


def test_the_picker_searches_the_server_above_the_threshold(
    page, live_server, synthetic_demo, monkeypatch
):
    monkeypatch.setattr("counties.pickers.PICKER_OPTIONS", 3)
    county = County.objects.exclude(name_fa="").order_by("code").first()
    arabic = county.name_fa.replace("ی", "ي").replace("ک", "ك")
    log_in(page, live_server, "analyst", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/compare/")
    settle(page)
    assert page.locator("#f-counties").get_attribute("data-search-url") == "/counties/search/"
    assert page.locator("#f-counties option").count() == 0
    control = page.locator("#f-counties-ts-control")
    control.fill(arabic)
    page.wait_for_selector(f'#f-counties-ts-dropdown .option[data-value="{county.code}"]')
    screenshot(page, "compare-server-search-fa")
    control.press("Enter")
    page.click("#filters button[type=submit]")
    settle(page)
    assert f"c={county.code}" in page.url
    assert page.locator(".ts-wrapper .item").count() == 1
    switch_language(page, "en")
    page.locator("#f-counties-ts-control").fill(county.name_en[:4])
    page.wait_for_selector("#f-counties-ts-dropdown .option")
    screenshot(page, "compare-server-search-en")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "compare-server-search-en-390")
