"""The inequality and convergence panels of the national dashboard in Persian and English, at
desktop and phone width: every chart drawn, tables in the language's digits, both downloads."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, log_in, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANELS = ("inequality", "sigma-convergence", "beta-convergence")


def _panels_drawn(page) -> None:
    for key in PANELS:
        page.wait_for_selector(f"#chart-{key} .main-svg", state="attached")
        assert page.locator(f"#download-{key}").count() == 1
        assert page.locator(f"#download-{key}-xlsx").count() == 1


def _shots(page, language: str) -> None:
    """Each new panel alone, at 1280 and 390 pixels wide (test-artifacts/, for people)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)  # plotly refits its charts after the window's resize event
        page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        for key in PANELS:
            page.locator(f"#panel-{key} details").evaluate("d => d.open = true")
            page.locator(f"#panel-{key}").screenshot(
                path=str(ARTIFACTS / f"inequality-{key}-{language}-{width}.png")
            )


def test_inequality_panels_in_persian_and_english(page, live_server, synthetic_demo):
    log_in(page, live_server, "ministry", "tavazon-demo")
    page.goto(f"{live_server.url}/dashboards/")
    settle(page)
    _panels_drawn(page)
    table = page.locator("#table-inequality").text_content() or ""
    assert "ضریب جینی" in table and "۰٫" in table
    assert "همگرایی β" in page.locator("#panel-beta-convergence h2").inner_text()
    _shots(page, "fa")
    page.set_viewport_size({"width": 1366, "height": 900})
    switch_language(page, "en")
    _panels_drawn(page)
    table = page.locator("#table-inequality").text_content() or ""
    assert "Gini" in table and "0." in table
    assert "half-life" in page.locator("#panel-beta-convergence").inner_text()
    _shots(page, "en")
