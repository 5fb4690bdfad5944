"""The governor's pages and the public pages on a 390-px phone, in Persian and English.

Nothing makes the page scroll sideways; the workbench's Gantt chart becomes a list; a wide table
scrolls inside its own box, which the keyboard can reach, with its first column kept in view;
axe-core finds no critical or serious violation at this width either.
Full-page screenshots go to test-artifacts/phone-*.png for people to look at.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from counties.models import FlagshipProject
from governance.models import User
from tests.browser.axe import blocking_violations
from tests.browser.conftest import log_in, screenshot, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

SCROLLING_TABLE_BOXES = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(box => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
  .map(box => {
    // Scroll to the far end (negative in right-to-left pages), then see where the first cell is.
    box.scrollLeft = (getComputedStyle(box).direction === 'rtl' ? -1 : 1) * box.scrollWidth;
    const edge = box.getBoundingClientRect(), cell = box.querySelector('tbody td, tbody th');
    const at = cell.getBoundingClientRect(), rtl = getComputedStyle(box).direction === 'rtl';
    return {
      table: box.querySelector('table').id,
      tabindex: box.getAttribute('tabindex'),
      name: box.getAttribute('aria-label') || '',
      scrolled: Math.abs(box.scrollLeft) > 0,
      firstColumnInView: Math.abs(rtl ? at.right - edge.right : at.left - edge.left) < 2,
    };
  })"""


CLIPPED_CHART_TEXT = """chart => {
  const box = document.querySelector(chart).getBoundingClientRect();
  return [...document.querySelectorAll(chart + ' svg text')]
    .filter(t => { const r = t.getBoundingClientRect();
                   return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1); })
    .map(t => t.textContent);
}"""


TOOLBAR_OVER_LEGEND = """chart => {
  const bar = document.querySelector(chart + ' .modebar').getBoundingClientRect();
  const key = document.querySelector(chart + ' .legend').getBoundingClientRect();
  return bar.width > 0 && key.width > 0 && bar.left < key.right && key.left < bar.right
    && bar.top < key.bottom && key.top < bar.bottom;
}"""


def phone_pages() -> list[tuple[str, str]]:
    """The demo governor's workbench, a project, the county page and dashboard, the public pages."""
    county = User.objects.get(username="governor").county
    project = FlagshipProject.objects.filter(county=county, is_public=True).order_by("pk").first()
    assert project is not None
    return [
        ("workbench", reverse("projects:workbench", args=[county.code])),
        ("project", reverse("projects:detail", args=[county.code, project.pk])),
        ("county", reverse("counties:county", args=[county.code])),
        ("county-dashboard", reverse("dashboards:county", args=[county.code])),
        ("public-county", reverse("public:county", args=[county.code])),
        ("public-project", reverse("public:project", args=[county.code, project.pk])),
    ]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_governors_and_public_pages_fit_a_phone_screen(page, live_server, synthetic_demo, language):
    log_in(page, live_server, "governor", "tavazon-demo")
    switch_language(page, language)  # from the desktop menu, before the phone width folds it
    workbench = live_server.url + phone_pages()[0][1]
    page.goto(workbench)  # on a desktop screen: the chart, and no needless tab stop
    page.wait_for_selector("#gantt .main-svg")
    assert page.locator("#gantt").is_visible() and not page.locator("#gantt-list").is_visible()
    page.hover("#gantt")  # plotly.js shows its toolbar: never on top of the legend
    assert page.evaluate(TOOLBAR_OVER_LEGEND, "#gantt") is False
    assert page.locator(".table-responsive:has(#projects)").get_attribute("tabindex") is None
    page.set_viewport_size(PHONE)
    wide: dict[str, int] = {}
    violations: list[str] = []
    tables: list[dict[str, object]] = []
    for name, url in phone_pages():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = '')")
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        screenshot(page, f"phone-{name}-{language}")
        if page_width(page) > PHONE["width"] + 1:
            wide[name] = page_width(page)
        if name == "workbench":  # each plan target's name stays inside its bullet chart
            page.wait_for_selector("#target-bullets .main-svg")
            assert page.evaluate(CLIPPED_CHART_TEXT, "#target-bullets") == []
        if name in ("workbench", "county-dashboard"):  # the Gantt chart as a list
            assert page.locator("#gantt-list").is_visible()
            assert page.locator("#gantt-list > li").count() >= 3
            assert not page.locator("#gantt, #chart-gantt").first.is_visible()
        tables += [dict(row, page=name) for row in page.evaluate(SCROLLING_TABLE_BOXES)]
        violations += [f"{name}: {line}" for line in blocking_violations(page, language)]
    assert wide == {}, f"pages wider than the phone: {wide}"
    assert not violations, "\n".join(violations)
    assert any(row["table"] == "projects" for row in tables), "the project table scrolls"
    for row in tables:
        assert row["tabindex"] == "0" and row["name"], f"a scrolling box the keyboard misses: {row}"
        assert row["scrolled"] and row["firstColumnInView"], f"first column lost: {row}"
