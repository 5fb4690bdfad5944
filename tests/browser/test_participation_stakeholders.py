"""Part 1 in the browser: the middle rings, an engagement logged, coverage, private contacts."""

from __future__ import annotations

import pytest

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
def test_governor_adds_a_stakeholder_and_logs_an_engagement(open_as, language):
    page = open_as("governor_a", language, "/participation/CA/stakeholders/")
    assert page.locator("#coverage-table tbody tr").count() == 10
    page.click("a[href='/participation/CA/stakeholders/new/']")
    page.fill("#id_name", "انجمن صنفی نانوایان" if language == "fa" else "Bakers' guild")
    page.select_option("#id_type", "reference_group")
    page.fill("#id_phone", "0912-123-4567")
    submit(page, "main form button[type=submit]")
    page.fill("#id_topic", "نرخ نان" if language == "fa" else "Price of bread")
    page.select_option("#id_kind", "meeting")
    submit(page, "#engagement-form button[type=submit]")
    assert page.locator("#engagements tbody tr").count() == 1
    # The phone in the reader's digits, on the line of its label (a dd set left-to-right kept
    # the browser's own start margin and wrapped under the label).
    phone = page.locator("#stakeholder-phone")
    assert phone.inner_text() == ("۰۹۱۲-۱۲۳-۴۵۶۷" if language == "fa" else "0912-123-4567")
    label = phone.locator("xpath=preceding-sibling::dt[1]").bounding_box()
    assert abs(phone.bounding_box()["y"] - label["y"]) < 2
    shot(page, f"1-stakeholder-{language}")
    page.goto(page.url.split("/participation/")[0] + "/participation/CA/stakeholders/")
    shot(page, f"1-stakeholders-{language}")


def test_analyst_sees_the_registry_without_contact_details(open_as):
    page = open_as("analyst", "en", "/participation/CA/stakeholders/")
    assert page.locator("#stakeholders tbody tr").count() >= 10
    assert page.locator("td.contact").count() == 0
    assert "0912-000-" not in page.content()
    shot(page, "1-stakeholders-analyst-en")
