"""Part 3 in the browser: a critique registered and answered (a response dated before it is
refused), response measures, and the public "you said, we did" page without login."""

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
def test_governor_answers_a_critique_and_publishes_it(open_as, language):
    from tests.participation.factories import days_ago

    page = open_as("governor_a", language, "/participation/CA/critiques/")
    # Plotly draws the trend once plotly.js has loaded, after the page (static/js/charts.js).
    expect(page.locator("#critique-trend .main-svg").first).to_be_attached()
    shot(page, f"3-critiques-{language}")
    page.click("a[href='/participation/CA/critiques/new/']")
    page.select_option("#id_source", "citizen")
    page.fill("#id_citizen_name", "Private Citizen")
    page.select_option("#id_channel", "social_media")
    page.fill("#id_topic", "چاله‌های خیابان" if language == "fa" else "Potholes on the main road")
    page.fill("#id_received_on", days_ago(5).isoformat())
    submit(page, "main form button[type=submit]")
    page.fill("#id_response", "Repaired within a week.")
    page.select_option("#id_status", "acted_on")
    page.fill("#id_responded_on", days_ago(9).isoformat())
    page.check("#id_is_publishable")
    submit(page, "#response-form button[type=submit]")
    assert page.locator(".field-error").count() == 1
    shot(page, f"3-critique-refused-{language}")
    page.fill("#id_responded_on", days_ago(1).isoformat())
    page.fill("#id_public_summary", "Potholes")
    submit(page, "#response-form button[type=submit]")
    assert "Repaired within a week." in page.locator("#critique-response").inner_text()
    shot(page, f"3-critique-answered-{language}")
    public = open_as("anonymous", language, "/participation/public/CA/said-did/")
    assert "Repaired within a week." in public.content()
    assert "Private Citizen" not in public.content()
    shot(public, f"3-said-did-public-{language}")
