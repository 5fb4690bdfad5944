"""The county's areas coloured by their score beside their table and the within-county balance
(the demo draws made-up area boundaries), in Persian and English, at desktop and phone widths."""

from __future__ import annotations

import pytest

from governance.models import User
from tests.browser.conftest import ARTIFACTS, log_in, screenshot, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_the_areas_by_score_panel_in_persian_and_english_on_desktop_and_phone(
    page, live_server, synthetic_demo
):
    code = User.objects.get(username="governor").county.code
    log_in(page, live_server, "governor", "tavazon-demo")
    for language, heading in (("fa", "محدوده‌ها بر پایه امتیاز"), ("en", "Areas by score")):
        page.set_viewport_size(DESKTOP)  # the language buttons fold away on a phone
        switch_language(page, language)
        for width, size in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(size)
            page.goto(f"{live_server.url}/counties/{code}/")
            panel = page.locator("#county-areas")
            panel.scroll_into_view_if_needed()
            assert heading in panel.locator("h2").inner_text()
            # The county's outline and its two demo areas; the deprived one hatched.
            assert page.locator("#area-score-map path[data-code]").count() == 2
            assert page.locator("#area-score-map path.hatch").count() == 1
            assert page.locator("#area-scores tbody tr").count() == 2
            assert page.locator("#area-balance .value").inner_text().strip()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            name = f"county-areas-{language}-{width}"
            screenshot(page, name)
            panel.screenshot(path=str(ARTIFACTS / f"{name}-panel.png"))
