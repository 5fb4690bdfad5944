"""Part 2 in the browser: a meeting scheduled and held, a decision refused without an owner,
the commitment ledger, missed periods and overdue flags, the calendar export."""

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
def test_governor_records_a_meeting_and_its_commitments(open_as, language):
    from tests.participation.factories import days_ago

    page = open_as("governor_a", language, "/participation/CA/meetings/")
    assert page.locator(".slot-missed").count() >= 1  # the demo skipped one consultation
    shot(page, f"2-meetings-{language}")
    page.click("a[href='/participation/CA/meetings/new/']")
    page.fill("#id_title", "جلسه اضطراری پسماند" if language == "fa" else "Emergency waste meeting")
    page.select_option("#id_kind", "consultation")
    page.fill("#id_date", days_ago(1).isoformat())
    submit(page, "main form button[type=submit]")
    page.select_option("#id_status", "held")
    page.fill("#id_attendance", "25")
    page.fill("#id_d0-title", "Clean the river bank")
    page.fill("#id_d0-due_on", days_ago(0).isoformat())
    submit(page, "#outcome-form button[type=submit]")
    errors = page.locator(".alert-danger, .field-error")
    assert errors.count() >= 1
    assert "owner" in page.content() or "مسئول" in page.content()
    assert page.locator("#meeting-status").inner_text() != ""
    shot(page, f"2-meeting-refused-{language}")
    page.fill("#id_d0-owner", "Municipality")
    page.fill("#id_d0-title", "Clean the river bank")
    submit(page, "#outcome-form button[type=submit]")
    assert page.locator("#decisions tbody tr").count() == 1
    assert "Municipality" in page.locator("#decisions").inner_text()
    shot(page, f"2-meeting-held-{language}")


def test_overdue_commitments_show_to_the_governor_and_the_province(open_as):
    page = open_as("governor_a", "en", "/participation/CA/")
    assert page.locator("#overdue-alert").count() == 1
    shot(page, "2-overdue-governor-en")
    page = open_as("officer_a", "fa", "/participation/province/PA/overdue/")
    assert page.locator("#overdue tbody tr").count() >= 1
    shot(page, "2-overdue-province-fa")
    response = page.request.get(
        page.url.split("/participation/")[0] + "/participation/CA/meetings.ics"
    )
    assert response.ok and response.text().startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_calendar_application_subscribes_with_the_secret_link_until_it_is_revoked(
    open_as, chromium, language
):
    page = open_as("governor_a", language, "/participation/CA/meetings/")
    page.click("#calendar-link summary")
    page.click("#calendar-link-create")
    link = page.input_value("#calendar-url")
    assert "/participation/CA/meetings/calendar/" in link
    copy = page.locator("[data-copy-from=calendar-url]")
    label = copy.inner_text()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    page.wait_for_function(
        "([el, label]) => el.textContent !== label", arg=[copy.element_handle(), label]
    )
    shot(page, f"2-calendar-link-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#calendar-link").scroll_into_view_if_needed()
    shot(page, f"2-calendar-link-phone-{language}")
    calendar_app = chromium.new_context()  # no session cookie
    try:
        response = calendar_app.request.get(link)
        assert response.ok and response.text().startswith("BEGIN:VCALENDAR")
        page.click("#calendar-link-revoke")
        assert calendar_app.request.get(link).status == 404
    finally:
        calendar_app.close()
