"""The governor's pages and the public pages on a 390-px phone, in Persian and English.

Nothing makes the page scroll sideways; the workbench's Gantt chart becomes a list; a wide table
scrolls inside its own box, which the keyboard can reach, with its first column kept in view;
axe-core finds no critical or serious violation at this width either.
Full-page screenshots go to test-artifacts/phone-*.png for people to look at.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from counties.models import County
from governance.models import User
from projects.models import FlagshipProject
from tests.browser.axe import blocking_violations
from tests.browser.conftest import log_in, screenshot, settle, switch_language

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
    assert county is not None
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
        settle(page)
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


# Every chart on the open page: drawn for its width, its drawing no wider than its box, and no
# text cut off by the box's sides or the drawing's top and bottom; no legend over tick labels.
CHART_FIT = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(chart => chart.offsetParent !== null)
  .flatMap(chart => {
    const box = chart.getBoundingClientRect(), svg = chart.querySelector('.main-svg');
    const drawing = svg.getBoundingClientRect(), faults = [];
    if (drawing.left < box.left - 1 || drawing.right > box.right + 1)
      faults.push(`${chart.id}: drawing wider than its box`);
    chart.querySelectorAll('.main-svg text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                          || r.top < drawing.top - 1 || r.bottom > drawing.bottom + 1))
        faults.push(`${chart.id}: «${t.textContent.slice(0, 40)}» cut off`);
    });
    const legend = chart.querySelector('.legend');
    const key = legend && legend.getBoundingClientRect();
    if (key && key.width > 0) chart.querySelectorAll('.xtick text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && r.left < key.right && key.left < r.right && r.top < key.bottom
          && key.top < r.bottom)
        faults.push(`${chart.id}: the legend covers the tick «${t.textContent}»`);
    });
    chart.querySelectorAll('.g-ytitle text').forEach(title => {
      const a = title.getBoundingClientRect();
      chart.querySelectorAll('.ytick text').forEach(t => {
        const r = t.getBoundingClientRect();
        if (r.width > 0 && a.left < r.right - 1 && r.left < a.right - 1 && a.top < r.bottom
            && r.top < a.bottom)
          faults.push(`${chart.id}: the axis title covers the tick «${t.textContent}»`);
      });
    });
    const notes = [...chart.querySelectorAll('.annotation-text')]
      .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
    notes.forEach((a, i) => notes.slice(i + 1).forEach(b => {
      if (a.left < b.right - 1 && b.left < a.right - 1
          && a.top < b.bottom - 1 && b.top < a.bottom - 1)
        faults.push(`${chart.id}: two titles over each other`);
    }));
    return faults;
  })"""

CHARTS_FITTED = """() => [...document.querySelectorAll('.plotly-chart[data-figure]')]
  .every(chart => chart.dataset.fitted === '1')"""


def dashboard_and_participation_pages() -> list[tuple[str, str]]:
    """The dashboards, the participation pages and the reports page the demo governor opens."""
    county = User.objects.get(username="governor").county
    assert county is not None
    codes = [
        county.code,
        *County.objects.exclude(pk=county.pk).order_by("code")[:2].values_list("code", flat=True),
    ]
    return [
        ("dashboard-national", reverse("dashboards:national")),
        ("dashboard-province", reverse("dashboards:province", args=[county.province.code])),
        ("dashboard-county", reverse("dashboards:county", args=[county.code])),
        ("dashboard-compare", reverse("dashboards:compare") + "?" + urlencode({"c": codes}, True)),
        ("participation-home", reverse("participation:home")),
        ("participation-county", reverse("participation:county", args=[county.code])),
        ("participation-meetings", reverse("participation:meetings", args=[county.code])),
        ("participation-critiques", reverse("participation:critiques", args=[county.code])),
        ("participation-investments", reverse("participation:investments", args=[county.code])),
        ("reports", reverse("reports:index")),
    ]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_dashboards_participation_and_reports_fit_a_phone_screen_charts_and_all(
    page, live_server, synthetic_demo, language
):
    log_in(page, live_server, "governor", "tavazon-demo")
    switch_language(page, language)
    page.set_viewport_size(PHONE)
    wide: dict[str, int] = {}
    faults: list[str] = []
    violations: list[str] = []
    for name, url in dashboard_and_participation_pages():
        page.goto(live_server.url + url)
        settle(page)
        assert page.locator("html").get_attribute("lang") == language
        page.wait_for_function(CHARTS_FITTED)
        screenshot(page, f"phone-{name}-{language}")
        if page_width(page) > PHONE["width"] + 1:
            wide[name] = page_width(page)
        faults += [f"{name}: {fault}" for fault in page.evaluate(CHART_FIT)]
        violations += [f"{name}: {line}" for line in blocking_violations(page, language)]
    assert wide == {}, f"pages wider than the phone: {wide}"
    assert not faults, "charts that do not fit a phone:\n" + "\n".join(faults)
    assert not violations, "\n".join(violations)


def test_a_maps_colour_bar_lies_under_the_map_on_a_phone_and_beside_it_on_a_desktop(
    page, live_server, synthetic_demo
):
    """On a phone the vertical colour bar took a quarter of the map's width (and its title was cut
    off at the edge); there it lies under the map, the full width left to the map."""
    log_in(page, live_server, "governor", "tavazon-demo")
    switch_language(page, "en")
    url = live_server.url + reverse("dashboards:national")
    page.goto(url)
    page.wait_for_function(CHARTS_FITTED)
    bar = page.locator("#chart-county-map .colorbar").first.bounding_box()
    assert bar["height"] > bar["width"], "a vertical bar beside the map on a desktop"
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.wait_for_function(CHARTS_FITTED)
    bar = page.locator("#chart-county-map .colorbar").first.bounding_box()
    shapes = page.locator("#chart-county-map .geolayer").first.bounding_box()
    assert bar["width"] > bar["height"], "a horizontal bar on a phone"
    assert bar["y"] >= shapes["y"] + shapes["height"] - 1, "under the map"
