"""The comparison of two methodologies in Persian and English, at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scores.models import Methodology
from tests.browser.conftest import log_in, screenshot, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPOSITE_ONLY = ("normalization", "min", "max", "target", "transform")


def topsis_beside_the_current() -> Methodology:
    """A TOPSIS methodology with the current one's indicators and weights."""
    spec = Methodology.objects.get(is_current=True).spec
    dimensions = [
        {
            "code": d["code"],
            "weight": d.get("weight", 1),
            "indicators": [
                {k: v for k, v in i.items() if k not in COMPOSITE_ONLY} for i in d["indicators"]
            ],
        }
        for d in spec["dimensions"]
    ]
    return Methodology.objects.create(
        code="topsis",
        name_en="TOPSIS",
        name_fa="تاپسیس",
        spec={"method": "topsis", "dimensions": dimensions},
    )


def test_the_comparison_page_in_persian_and_english(page, live_server, synthetic_demo):
    topsis_beside_the_current()
    log_in(page, live_server, "ministry", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/methodologies/")
    page.click("#compare-methods-link")
    page.wait_for_selector("#rank-slope .main-svg", state="attached")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("#method-b")).to_have_value("topsis")
    assert any(ch in page.locator("#spearman").inner_text() for ch in "۰۱۲۳۴۵۶۷۸۹")
    assert page.locator("#method-moves tbody tr").count() >= 1
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()  # drawn at this width, as a phone opens it
        page.wait_for_selector("#rank-slope .main-svg", state="attached")
        screenshot(page, f"compare-methods-fa-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})  # the menu is folded on a phone
    switch_language(page, "en")
    page.wait_for_selector("#rank-slope .main-svg", state="attached")
    expect(page.locator("#correlations")).to_contain_text("Spearman's rho")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_selector("#rank-slope .main-svg", state="attached")
        screenshot(page, f"compare-methods-en-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/counties/methodologies/topsis/edit/")
    expect(page.locator("#id_method")).to_have_value("topsis")
    screenshot(page, "methodology-method-en-1280")
    switch_language(page, "fa")
    expect(page.locator("label[for=id_method]")).to_have_text("روش امتیازدهی")
    screenshot(page, "methodology-method-fa-1280")
