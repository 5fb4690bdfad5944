"""What Persian readers see in the figures and on empty county pages, checked in a browser.

- The flagship projects' Gantt (workbench and county dashboard) and the plan-target bullets draw
  every number and date in Persian digits with '٪' under fa (ticks, bar labels, hover text), and
  in Latin digits with '%' under en; a latest value names its period once.
- The synthetic country's Persian names carry Persian digits.
- A county created after the last census (Iran: 1395) says why it has no figures and no score.

Screenshots: test-artifacts/figures-*.png and post-census-*.png.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings

from counties.models import County
from demo.geography import real_data_available
from governance.models import User
from tests.browser.conftest import log_in, screenshot, switch_language
from tests.demo_snapshots import seed_demo_once

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATIN = re.compile("[0-9%]")
DRAWN = ".xtick text, .ytick text, .bartext, .annotation-text, .legendtext, .indicatorlayer text"


def _drawn_texts(page, chart: str) -> list[str]:
    page.wait_for_selector(f"#{chart} .main-svg", state="attached")
    texts = page.locator(f"#{chart}").evaluate(
        "(el, sel) => [...el.querySelectorAll(sel)].map(t => t.textContent)", DRAWN
    )
    return [t for t in texts if t.strip()]


def _hover_text(page, chart: str, target: str) -> str:
    page.locator(f"#{chart} {target}").first.hover(force=True)
    page.wait_for_selector(f"#{chart} .hoverlayer text", state="attached")
    return page.locator(f"#{chart} .hoverlayer").evaluate("el => el.textContent")


def test_project_figures_speak_persian_digits_under_fa_and_latin_under_en(
    page, live_server, synthetic_demo
):
    county = User.objects.get(username="governor").county
    log_in(page, live_server, "governor", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/{county.code}/workbench/")
    for chart in ("gantt", "target-bullets"):
        texts = _drawn_texts(page, chart)
        assert texts and not [t for t in texts if LATIN.search(t)], (chart, texts)
    assert any("٪" in t for t in _drawn_texts(page, "gantt"))
    hover = _hover_text(page, "gantt", ".bars .point path")
    assert "٪" in hover and not LATIN.search(hover), hover
    screenshot(page, "figures-workbench-fa")

    page.goto(f"{live_server.url}/dashboards/county/{county.code}/")
    texts = _drawn_texts(page, "chart-gantt")
    assert texts and not [t for t in texts if LATIN.search(t)], texts
    heading = page.locator("h1").inner_text()
    assert re.search("[۰-۹]", heading) and not re.search("[0-9]", heading), heading
    targets = page.locator("#table-targets tbody").inner_text()
    assert " در ۱۴" in targets and "(" not in targets, targets
    screenshot(page, "figures-county-dashboard-fa")

    switch_language(page, "en")
    texts = _drawn_texts(page, "chart-gantt")
    assert any(re.fullmatch(r"\d+%", t) for t in texts), texts
    targets = page.locator("#table-targets tbody").inner_text()
    assert " in 14" in targets and "((" not in targets.replace(" ", ""), targets
    assert "Sample county" in page.locator("h1").inner_text()
    screenshot(page, "figures-county-dashboard-en")
    page.goto(f"{live_server.url}/counties/{county.code}/workbench/")
    hover = _hover_text(page, "gantt", ".bars .point path")
    assert "%" in hover and re.search("[0-9]", hover), hover
    screenshot(page, "figures-workbench-en")


@pytest.mark.skipif(
    not real_data_available(django_settings.DEMO_DATA_DIR),
    reason="../shared/data/iran is not beside the checkout",
)
def test_a_county_created_after_the_census_says_why_its_pages_are_empty(
    page, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo_once(synthetic=False)
    khomam = County.objects.get(name_en="Khomam")
    assert khomam.census_code == ""
    log_in(page, live_server, "analyst", "tavazon-demo")
    for language, census in (("fa", "پس از آخرین سرشماری"), ("en", "after the last census")):
        switch_language(page, language)
        page.goto(f"{live_server.url}/counties/{khomam.code}/")
        note = page.locator("#no-figures-note")
        assert note.is_visible() and census in note.inner_text()
        screenshot(page, f"post-census-county-{language}")
        page.goto(f"{live_server.url}/dashboards/county/{khomam.code}/")
        note = page.locator("#no-score-note")
        assert note.is_visible() and census in note.inner_text()
        screenshot(page, f"post-census-dashboard-{language}")
