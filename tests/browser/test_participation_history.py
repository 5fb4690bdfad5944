"""History and concurrent edits in the browser: a change shows on the record's history page
(Persian and English), an analyst reads it without contact values, a stale form is refused."""

from __future__ import annotations

import re

import pytest

from governance.persian import to_persian_digits
from tests.browser import participation_support as support

# The fixtures this module uses (kept in participation_support, not in a shared conftest).
chromium = support.chromium
_translations_compiled = support._translations_compiled
demo = support.demo
open_as = support.open_as
shot = support.shot
submit = support.submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PHONE = "0912-765-4321"


def _stakeholder():
    from participation.models import Stakeholder

    return Stakeholder.objects.filter(county__code="CA", is_demo=True).order_by("pk").first()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_governors_change_shows_on_the_history_page(open_as, language):
    stakeholder = _stakeholder()
    old_phone = stakeholder.phone
    page = open_as("governor_a", language, f"/participation/CA/stakeholders/{stakeholder.pk}/")
    page.click(f"a[href='/participation/CA/stakeholders/{stakeholder.pk}/edit/']")
    page.fill("#id_phone", NEW_PHONE)
    submit(page, "main form button[type=submit]")
    page.click("#history-link")
    first = page.locator("#history tbody tr").first
    assert "gov_a" in first.inner_text()
    if language == "fa":  # phone numbers in Persian digits, as everywhere under fa
        old_phone, new_phone = to_persian_digits(old_phone), to_persian_digits(NEW_PHONE)
    else:
        new_phone = NEW_PHONE
    assert old_phone in first.inner_text() and new_phone in first.inner_text()
    if language == "fa":  # no Latin digit in the changed values
        assert not re.search("[0-9]", first.locator(".history-change").first.inner_text())
    assert ("تلفن" if language == "fa" else "Phone") in first.inner_text()
    shot(page, f"history-stakeholder-{language}")


def test_an_analyst_reads_the_history_without_contact_values(open_as):
    from participation import services

    stakeholder = _stakeholder()
    old_phone = stakeholder.phone
    services.save_stakeholder(stakeholder, {"phone": NEW_PHONE})
    page = open_as("analyst", "en", f"/participation/CA/stakeholders/{stakeholder.pk}/history/")
    text = page.locator("#history").inner_text()
    assert "personal contact details are not shown" in text
    assert old_phone not in page.content() and NEW_PHONE not in page.content()
    shot(page, "history-stakeholder-analyst-en")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_stale_edit_is_refused_and_the_first_change_kept(open_as, language):
    from participation import services
    from participation.models import Stakeholder

    stakeholder = _stakeholder()
    page = open_as("governor_a", language, f"/participation/CA/stakeholders/{stakeholder.pk}/edit/")
    page.fill("#id_description", "Second change")
    services.save_stakeholder(stakeholder, {"description": "First change"})  # someone else
    submit(page, "main form button[type=submit]")
    alert = page.locator(".alert-danger").inner_text()
    assert ("کس دیگری" if language == "fa" else "Someone else changed this stakeholder") in alert
    assert page.locator("#id_description").input_value() == "Second change"
    assert Stakeholder.objects.get(pk=stakeholder.pk).description == "First change"
    shot(page, f"stale-stakeholder-{language}")
