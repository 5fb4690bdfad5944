"""The tour of issue 11 on the synthetic demo: one partial file for the next year.

Ministry staff import a file with only the unemployment rate of every county for the year after
the last complete one, approved on upload. The rebuild ends as a draft; its review page shows the
new year as a provisional period with its coverage; ministry staff publish it. The national and
county dashboards still open on the last complete year; the period menu offers the new year
marked provisional; choosing it shows the provisional banner, and a county there says it has not
enough data. Screenshots in Persian and English, 1440 and 390 px, go to test-artifacts/.
"""

from __future__ import annotations

import time

import pytest
from django.utils import translation
from playwright.sync_api import expect

from counties.models import County, Observation
from governance.periods import period_label
from governance.persian import to_persian_digits
from scores.completeness import run_periods
from scores.models import Score, ScoreRun
from tests.browser.conftest import log_in, screenshot, switch_language, track_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INDICATOR = "unemployment_rate"


def shots(page, name: str, language: str) -> None:
    """The page at desktop and phone width."""
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-{language}-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-{language}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def label(period: str, language: str) -> str:
    with translation.override(language):
        return period_label(period, language)


def wait_for_draft_run(after_pk: int) -> ScoreRun:
    """The draft run the approved import queued (built in-process in tests), once computed."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        run = ScoreRun.objects.latest_draft()
        if run is not None and run.pk > after_pk:
            return run
        time.sleep(0.5)
    raise AssertionError("the approved import built no draft score run")


def partial_file(last: str, new: str) -> bytes:
    """Only the unemployment rate, for every county, in the new year (near its last value)."""
    latest = dict(
        Observation.objects.filter(
            indicator__code=INDICATOR, period=last, period_kind="year", area__isnull=True
        ).values_list("county__code", "value")
    )
    codes = list(County.objects.order_by("code").values_list("code", flat=True))
    assert set(latest) == set(codes), "the demo has last year's unemployment for every county"
    lines = ["indicator,county,period,value"]
    lines += [f"{INDICATOR},{code},{new},{round(latest[code] * 0.97, 1)}" for code in codes]
    return ("\n".join(lines) + "\n").encode()


def test_a_partial_year_is_published_provisional_and_every_page_keeps_the_last_complete_year(
    browser, live_server, synthetic_demo
):
    published = ScoreRun.objects.latest_published()
    last = run_periods(published).default
    assert last, "the synthetic demo has a complete period"
    new = str(int(last) + 1)
    counties = County.objects.count()
    # The demo's flagship projects already report a few values of the new year for some
    # counties; the county followed here has none.
    reported = Observation.objects.filter(period=new, area__isnull=True)
    county = County.objects.exclude(pk__in=reported.values("county")).order_by("code").first()
    already = reported.filter(indicator__code=INDICATOR).count()
    rank_before = Score.objects.get(run=published, county=county, period=last).national_rank
    content = partial_file(last, new)

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    track_network(page)
    page.set_default_timeout(30_000)
    log_in(page, live_server, "ministry", "tavazon-demo")
    switch_language(page, "fa")

    # Ministry staff upload the partial file and approve it on upload, as national statistics.
    page.goto(f"{live_server.url}/counties/import/")
    page.set_input_files(
        "#id_file",
        files=[{"name": f"unemployment-{new}.csv", "mimeType": "text/csv", "buffer": content}],
    )
    page.fill("#id_source", f"مرکز آمار ایران، نیروی کار {to_persian_digits(new)}")
    page.check("#id_approve")
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    expect(page.locator("#import-counts")).to_be_visible()
    expect(page.locator('[data-count="created"]')).to_have_text(
        to_persian_digits(str(counties - already))
    )
    expect(page.locator('[data-count="updated"]')).to_have_text(to_persian_digits(str(already)))
    expect(page.locator("#import-approval")).to_be_visible()
    page.click("form[action*='confirm'] button[type=submit]")
    expect(page.locator("#import-written")).to_be_visible()

    # The rebuild is a draft: nothing changes on any page until it is published.
    draft = wait_for_draft_run(published.pk)
    assert ScoreRun.objects.latest_published().pk == published.pk
    status = run_periods(draft).get(new)
    assert status is not None and status.is_provisional
    assert run_periods(draft).default == last

    # Its review page shows the new year as a provisional period, with its coverage.
    page.goto(f"{live_server.url}/counties/scores/runs/")
    page.click("#draft-run-banner a")
    expect(page.locator("#review-actions")).to_be_visible()
    row = page.locator(f"#period-{new}")
    expect(row).to_contain_text(label(new, "fa"))
    expect(row).to_contain_text("موقت")
    expect(row).to_contain_text(
        f"{to_persian_digits(str(status.ranked))} از {to_persian_digits(str(counties))}"
    )
    expect(row).to_contain_text("میانگین پوشش")
    expect(page.locator("#review-summary")).to_contain_text(label(last, "fa"))
    shots(page, "provisional-run-review", "fa")
    switch_language(page, "en")
    expect(page.locator(f"#period-{new}")).to_contain_text("provisional")
    expect(page.locator(f"#period-{new}")).to_contain_text(f"{status.ranked} of {counties} ranked")
    shots(page, "provisional-run-review", "en")
    switch_language(page, "fa")

    # Ministry staff publish it.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#review-actions button.btn-success")
    expect(page.locator(".alert-success").first).to_contain_text(
        f"محاسبهٔ امتیاز شمارهٔ {to_persian_digits(str(draft.pk))} منتشر شد"
    )
    assert ScoreRun.objects.latest_published().pk == draft.pk

    # The national dashboard still opens on the last complete year ...
    page.goto(f"{live_server.url}/dashboards/")
    expect(page.locator("#run-period")).to_contain_text(label(last, "fa"))
    expect(page.locator("#run-period .badge")).to_have_count(0)
    expect(page.locator("#provisional-banner")).to_have_count(0)
    assert page.locator("#f-period").input_value() == last
    # ... and its period menu offers the new year, marked provisional.
    option = page.locator(f'#f-period option[value="{new}"]')
    assert option.get_attribute("data-provisional") == "1"
    assert option.inner_text().strip() == f"{label(new, 'fa')} (موقت)"
    complete = page.locator(f'#f-period option[value="{last}"]')
    assert complete.get_attribute("data-provisional") is None
    shots(page, "provisional-national-default", "fa")
    page.select_option("#f-period", new)
    page.click("#filters button[type=submit]")
    banner = page.locator("#provisional-banner")
    expect(banner).to_contain_text(
        f"موقت: {to_persian_digits(str(status.ranked))} از {to_persian_digits(str(counties))}"
        " شهرستان دادهٔ کافی دارند"
    )
    expect(page.locator("#run-period .badge")).to_have_text("موقت")
    expect(page.locator("#latest-complete")).to_contain_text(label(last, "fa"))
    shots(page, "provisional-national", "fa")
    switch_language(page, "en")
    expect(page.locator("#provisional-banner")).to_contain_text(
        f"Provisional: {status.ranked} of {counties} counties have enough data"
    )
    shots(page, "provisional-national", "en")
    switch_language(page, "fa")

    # A county dashboard also opens on the last complete year, with its score.
    page.goto(f"{live_server.url}/dashboards/county/{county.code}/")
    expect(page.locator("#run-period")).to_contain_text(label(last, "fa"))
    expect(page.locator("#headline")).to_contain_text(label(last, "fa"))
    # The county keeps its rank of the last complete year.
    assert Score.objects.get(run=draft, county=county, period=last).national_rank == rank_before
    rank_card = page.locator("#headline > div").nth(1)
    expect(rank_card).to_contain_text(f"{to_persian_digits(str(rank_before))} / ")
    expect(page.locator("#provisional-banner")).to_have_count(0)
    assert page.locator("#f-period").input_value() == last
    option = page.locator(f'#f-period option[value="{new}"]')
    assert option.get_attribute("data-provisional") == "1"
    shots(page, "provisional-county-default", "fa")
    # In the new year the county has too little data: no score, rank or tier.
    page.select_option("#f-period", new)
    page.click("#filters button[type=submit]")
    expect(page.locator("#provisional-banner")).to_contain_text("موقت: ")
    note = page.locator(f"#not-enough-data-{county.pk}")
    expect(note).to_contain_text("دادهٔ کافی برای این دوره نیست")
    expect(page.locator("#headline")).to_have_count(0)
    shots(page, "provisional-county", "fa")
    switch_language(page, "en")
    expect(page.locator(f"#not-enough-data-{county.pk}")).to_contain_text(
        "Not enough data for this period."
    )
    shots(page, "provisional-county", "en")
    context.close()
