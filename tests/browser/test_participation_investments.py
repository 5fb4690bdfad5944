"""Part 4 in the browser: the pipeline funnel, realized jobs over time, negative jobs refused,
an investment moved forward."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import participation_support as support

# The fixtures this module uses (kept in participation_support, not in a shared conftest).
chromium = support.chromium
_translations_compiled = support._translations_compiled
demo = support.demo
open_as = support.open_as
shot = support.shot
submit = support.submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_governor_sees_the_funnel_and_moves_an_investment_forward(open_as, language):
    page = open_as("governor_a", language, "/participation/CA/investments/")
    # Drawn by charts.js once plotly.js has loaded, after the page: wait, do not count at once.
    expect(page.locator("#funnel .main-svg").first).to_be_attached()
    expect(page.locator("#jobs .main-svg").first).to_be_attached()
    shot(page, f"4-investments-{language}")
    page.click("a[href='/participation/CA/investments/new/']")
    page.fill("#id_name", "کارگاه فرش" if language == "fa" else "Carpet workshop")
    page.fill("#id_investor", "Weavers Co.")
    page.select_option("#id_sector", "manufacturing")
    page.fill("#id_lead_on", "1405/01/15" if language == "fa" else "2026-04-04")
    page.fill("#id_expected_jobs", "-4")
    submit(page, "main form button[type=submit]")
    assert page.locator(".field-error").count() == 1
    shot(page, f"4-investment-refused-{language}")
    page.fill("#id_expected_jobs", "12")
    submit(page, "main form button[type=submit]")
    page.select_option("#id_stage", "meeting")
    submit(page, "#advance-form button[type=submit]")
    assert page.locator("#events tbody tr").count() == 2
    shot(page, f"4-investment-{language}")
