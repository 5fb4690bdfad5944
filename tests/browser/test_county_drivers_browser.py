"""What drives a county's score: the panel on the county page and the county dashboard, in
Persian and English, at desktop and phone widths."""

from __future__ import annotations

import pytest

from governance.models import User
from tests.browser.conftest import ARTIFACTS, log_in, screenshot, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _panel_shown(page, name: str, light: bool = False) -> None:
    """The panel with its chart: drawn by plotly.js on the dashboard, by CSS on the county page
    (which loads no plotly.js)."""
    panel = page.locator("#county-drivers")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    assert page.locator("#county-drivers-table tbody tr").count() == 10
    if light:
        assert page.locator("#county-drivers-bars dt").count() == 10
        assert page.locator("#county-drivers-bars .diverging > span").first.is_visible()
        assert page.locator(".plotly-chart").count() == 0
    else:
        page.wait_for_selector("#county-drivers-chart[data-fitted]", state="attached")
    # Nothing wider than the screen: the table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, name)
    panel.screenshot(path=str(ARTIFACTS / f"{name}-panel.png"))


def test_the_drivers_panel_in_persian_and_english_on_desktop_and_phone(
    page, live_server, synthetic_demo
):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "governor", "tavazon-demo")
    for language, heading in (("fa", "چه چیزی امتیاز را می‌سازد"), ("en", "What drives the score")):
        switch_language(page, language)
        for width, size in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(size)
            page.goto(f"{live_server.url}/counties/{code}/")
            assert heading in page.locator("#county-drivers h2").inner_text()
            _panel_shown(page, f"county-drivers-{language}-{width}", light=True)
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}/dashboards/county/{code}/")
        _panel_shown(page, f"county-dashboard-drivers-{language}-1280")
