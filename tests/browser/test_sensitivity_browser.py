"""Uncertainty and sensitivity: an analyst runs the analysis, reads the chart per methodology and
a county's indices; the county page shows the rank band and its sentence. Persian and English,
desktop and phone widths (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest

from governance.models import User
from tests.browser.conftest import ARTIFACTS, log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


def test_an_analyst_runs_the_analysis_and_the_county_page_says_what_the_band_means(
    page, live_server, synthetic_demo
):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "analyst", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/scores/sensitivity/")
    page.click("#sensitivity-start button[type=submit]")
    settle(page)
    page.wait_for_selector("[id^=sensitivity-chart-][data-fitted]", state="attached")
    for language, sentence in (("fa", "روش‌های جایگزین محتمل"), ("en", "plausible alternative")):
        page.set_viewport_size(SIZES["1280"])  # the language buttons fold away on a phone
        switch_language(page, language)
        for width, size in SIZES.items():
            page.set_viewport_size(size)
            page.goto(f"{live_server.url}/counties/scores/sensitivity/?county={code}")
            page.wait_for_selector("#sensitivity-county-chart[data-fitted]", state="attached")
            assert page.locator("#sensitivity-county-table tbody tr").count() == 4
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"sensitivity-{language}-{width}")
            page.goto(f"{live_server.url}/counties/{code}/")
            panel = page.locator("#county-uncertainty")
            panel.scroll_into_view_if_needed()
            text = page.locator("#county-uncertainty-sentence").inner_text()
            assert sentence in text
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            panel.screenshot(path=str(ARTIFACTS / f"county-uncertainty-{language}-{width}.png"))
