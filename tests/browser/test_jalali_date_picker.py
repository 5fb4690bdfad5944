"""A governor picks a Jalali date in a calendar under Persian (issue 10, item 14), with the keyboard
and the mouse, and types amounts on a Persian keyboard (item 2): the record has that date and
those numbers. Screenshots at 1366 and 390 px go to test-artifacts/participation/."""

from __future__ import annotations

from decimal import Decimal

import jdatetime
import pytest
from playwright.sync_api import expect

from participation.models import Investment
from tests.browser import participation_support as support

chromium = support.chromium
_translations_compiled = support._translations_compiled
demo = support.demo
open_as = support.open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW = "/participation/CA/investments/new/"


def opened(page, name: str) -> None:
    """Wait until the calendar has faded in, then photograph the screen (not the full page:
    resizing for a full-page shot restarts the calendar's fade)."""
    page.wait_for_function(
        "() => { const c = document.querySelector('jdp-container');"
        " return c && c.style.visibility === 'visible'"
        " && getComputedStyle(c).opacity === '1'; }"
    )
    support.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(support.ARTIFACTS / f"{name}.png"))


def reopen(page, box) -> None:
    """Open the calendar again as a person does: click elsewhere, then on the box. A click on
    the box that still has the focus fires no focus event, and under load it can land before
    the closing calendar has finished hiding."""
    page.locator("#id_name").click()
    page.locator("jdp-container").wait_for(state="hidden")
    box.click()


def test_a_governor_picks_a_jalali_date_with_the_keyboard_and_the_mouse(open_as):
    page = open_as("governor_a", "fa", NEW)
    box = page.locator("#id_lead_on")
    # The example is a hint below the box, not a placeholder that looks like a filled value.
    assert box.get_attribute("placeholder") is None
    hint = page.locator("#id_lead_on_hint")
    assert hint.inner_text().startswith("مثال: ۱۴۰۵/۰۱/۱۵")
    assert "id_lead_on_hint" in box.get_attribute("aria-describedby")

    page.fill("#id_name", "کارگاه فرش")
    page.fill("#id_investor", "Weavers Co.")
    page.select_option("#id_sector", "manufacturing")
    box.click()
    calendar = page.locator("jdp-container")
    calendar.wait_for(state="visible")
    box.fill("۱۴۰۵/۰۱/۱۵")
    box.press("ArrowUp")
    box.press("ArrowUp")
    box.press("PageUp")
    # The box shows Persian digits; the calendar follows the keys.
    assert (
        page.eval_on_selector(
            "#id_lead_on",
            "el => Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')"
            ".get.call(el)",
        )
        == "۱۴۰۵/۰۲/۱۷"
    )
    assert calendar.locator("div.jdp-day.selected").inner_text().strip() == "۱۷"
    box.press("Enter")
    expect(calendar).to_be_hidden()  # the picker hides itself a moment after the key

    reopen(page, box)
    opened(page, "date-picker-fa-1366")
    box.press("Escape")
    expect(calendar).to_be_hidden()  # the picker hides itself a moment after the key
    page.set_viewport_size({"width": 390, "height": 844})
    reopen(page, box)
    opened(page, "date-picker-fa-390")
    calendar.locator("div.jdp-day:not(.not-in-month)", has_text="۲۰").first.click()
    expect(calendar).to_be_hidden()  # the picker hides itself a moment after the key

    # Numbers typed on a Persian keyboard reach the form (a number box would drop them).
    page.locator("#id_amount").press_sequentially("۱٬۲۰۰٬۰۰۰")
    page.locator("#id_expected_jobs").fill("")
    page.locator("#id_expected_jobs").press_sequentially("١٢")
    page.locator("#id_phone").press_sequentially("۰۹۱۲-۰۰۰-۱۲۳۴")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    investment = Investment.objects.get(name="کارگاه فرش")
    assert investment.lead_on == jdatetime.date(1405, 2, 20).togregorian()
    assert investment.amount == Decimal(1_200_000)
    assert investment.expected_jobs == 12
    assert investment.phone == "0912-000-1234"


def test_under_english_the_date_box_is_the_browsers_own(open_as):
    page = open_as("governor_a", "en", NEW)
    assert page.locator("#id_lead_on").get_attribute("type") == "date"
    assert page.locator("jdp-container").count() == 0
    assert page.locator("#id_lead_on_hint").count() == 0
