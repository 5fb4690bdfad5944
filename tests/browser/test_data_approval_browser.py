"""The data approval path of issue 11, in Persian, on the synthetic demo.

The governor enters five county-reported figures for the next year in Persian digits, one far
from the county's and province's values; the page warns before submitting. The provincial
officer sees the flag on the review page and returns the submission with a comment; the
governor reads it on the workbench, corrects the value and submits again; the officer approves;
ministry staff follow the banner to the draft score run that approval built and publish it on
its review page; the county dashboard then shows the new value. Screenshots at 1440 and 390 px
go to test-artifacts/.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from counties.models import County, Observation
from governance.models import User
from governance.persian import to_persian_digits
from scores.models import ScoreRun
from submissions.choices import SubmissionState
from submissions.models import Submission
from tests.browser.conftest import log_in, screenshot, switch_language, track_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "tavazon-demo"
ENTERED = (
    "informal_settlement_share",
    "waste_per_capita",
    "waste_collection_coverage",
    "waste_recycling",
    "new_jobs",
)
OUTLIER = "new_jobs"
COMMENT = "اشتغال ایجادشده بسیار بیشتر از سال قبل است؛ لطفاً با آمار ادارهٔ کار تطبیق دهید."


def persian(value: float) -> str:
    """A value as a governor types it on a Persian keyboard: «۱۲٫۵»."""
    return to_persian_digits(f"{value:.1f}".replace(".", "٫"))


def shots(page, name: str) -> None:
    """The page at desktop and phone width."""
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-fa-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-fa-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def signed_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    track_network(page)
    page.set_default_timeout(20_000)
    log_in(page, live_server, username, PASSWORD)
    switch_language(page, "fa")
    return context, page


def wait_for_draft_run(after_pk: int) -> ScoreRun:
    """The draft run approval queued (built in-process in tests), once it is computed."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = ScoreRun.objects.latest_draft()
        if run is not None and run.pk > after_pk:
            return run
        time.sleep(0.5)
    raise AssertionError("approving the submission built no draft score run")


def test_governor_enters_officer_returns_governor_corrects_officer_approves_run_published(
    browser, live_server, synthetic_demo
):
    governor_user = User.objects.get(username="governor")
    county: County = governor_user.county
    yearly = Observation.objects.filter(
        county=county, indicator__code__in=ENTERED, period_kind="year", area__isnull=True
    ).order_by("period_start")
    previous = {code: value for code, value in yearly.values_list("indicator__code", "value")}
    period = str(int(yearly.last().period) + 1)  # the next year: nobody has reported it yet
    assert set(previous) == set(ENTERED)
    typed = {code: round(value * 1.04, 1) for code, value in previous.items()}
    typed[OUTLIER] = round(previous[OUTLIER] * 20 + 50, 1)  # far from the county and province
    corrected = round(previous[OUTLIER] * 1.1, 1)
    published_before = ScoreRun.objects.latest_published().pk

    # The governor enters five figures in Persian digits and submits them.
    gov_context, gov = signed_in(browser, live_server, "governor")
    gov.goto(f"{live_server.url}/data/")
    shots(gov, "data-entry-index")
    gov.click(f'#entry-periods a[data-period="{period}"]')
    expect(gov.locator("#entry-table")).to_be_visible()
    for code in ENTERED:
        gov.fill(f"#id_value_{code}", persian(typed[code]))
    gov.fill(f"#id_note_{OUTLIER}", "برآورد اولیه")
    shots(gov, "data-entry-typed")
    gov.click("#submit-values")
    # Not submitted yet: the unusual value is pointed out first.
    expect(gov.locator("#entry-warnings")).to_be_visible()
    expect(gov.locator(f'tr[data-indicator="{OUTLIER}"] [data-warning]')).to_be_visible()
    assert gov.locator("[data-warning]").count() >= 1
    assert gov.locator(f'tr[data-indicator="{OUTLIER}"] input.entry-value').input_value() == (
        persian(typed[OUTLIER])
    )
    shots(gov, "data-entry-warnings")
    gov.click("#submit-anyway")
    expect(gov.locator("#submission-summary [data-state=submitted]")).to_be_visible()
    shots(gov, "data-entry-submitted")
    submission = Submission.objects.get(county=county, period=period)
    assert submission.state == SubmissionState.SUBMITTED
    assert dict(submission.values.values_list("indicator__code", "value")) == typed

    # The provincial officer sees the flag and returns the submission with a comment.
    off_context, off = signed_in(browser, live_server, "province")
    off.goto(f"{live_server.url}/data/review/")
    row = off.locator(f'#review-list tr[data-submission="{submission.pk}"]')
    expect(row).to_be_visible()
    assert row.locator(".flagged-count .badge").inner_text() != to_persian_digits("0")
    shots(off, "data-review-list")
    row.locator("a").first.click()
    expect(off.locator(f'tr[data-indicator="{OUTLIER}"] [data-flag]').first).to_be_visible()
    assert off.locator("#comment-rule").inner_text().strip()
    shots(off, "data-review-flagged")
    off.fill("#id_comment", COMMENT)
    off.click("#return")
    expect(off.locator("#submission-summary [data-state=returned]")).to_be_visible()
    expect(off.locator("#submission-history")).to_contain_text(COMMENT)
    shots(off, "data-review-returned")

    # The governor reads why on the workbench, corrects the value and submits again.
    gov.goto(f"{live_server.url}/counties/{county.code}/workbench/")
    expect(gov.locator("#returned-submissions")).to_contain_text(COMMENT)
    shots(gov, "data-workbench-returned")
    gov.locator("#returned-submissions a").first.click()
    expect(gov.locator("#returned-comment")).to_contain_text(COMMENT)
    gov.fill(f"#id_value_{OUTLIER}", persian(corrected))
    gov.fill(f"#id_note_{OUTLIER}", "تطبیق با آمار ادارهٔ کار")
    gov.click("#submit-values")
    expect(gov.locator("#submission-summary [data-state=submitted]")).to_be_visible()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.values.get(indicator__code=OUTLIER).value == corrected

    # The officer approves; approval builds a draft run, which the ministry publishes.
    off.goto(f"{live_server.url}/data/submissions/{submission.pk}/")
    off.fill("#id_comment", "با آمار ادارهٔ کار تطبیق داده شد.")
    off.click("#approve")
    expect(off.locator("#submission-summary [data-state=approved]")).to_be_visible()
    shots(off, "data-review-approved")
    draft = wait_for_draft_run(published_before)
    assert ScoreRun.objects.latest_published().pk == published_before

    # Ministry staff follow the banner to the run's review page and publish it there.
    min_context, mini = signed_in(browser, live_server, "ministry")
    mini.goto(f"{live_server.url}/counties/scores/runs/")
    banner = mini.locator("#draft-run-banner")
    expect(banner).to_contain_text(to_persian_digits(str(draft.pk)))
    banner.locator("a").click()
    expect(mini.locator("#review-actions")).to_be_visible()
    expect(mini.locator("#period-coverage")).to_be_visible()
    assert mini.url.endswith(f"/counties/scores/runs/{draft.pk}/")
    shots(mini, "data-run-review")
    mini.once("dialog", lambda dialog: dialog.accept())
    mini.click("#review-actions button.btn-success")
    expect(mini.locator(".alert-success").first).to_contain_text(
        f"محاسبهٔ امتیاز شمارهٔ {to_persian_digits(str(draft.pk))} منتشر شد"
    )
    expect(mini.locator("#draft-run-banner")).to_have_count(0)
    assert ScoreRun.objects.latest_published().pk == draft.pk

    # The county dashboard shows the approved value; the county page links it to its source.
    mini.goto(f"{live_server.url}/dashboards/county/{county.code}/?indicator={OUTLIER}")
    trend = mini.locator("#panel-indicator-trend")
    expect(trend).to_contain_text(persian(corrected))
    shots(mini, "data-dashboard-new-value")
    gov.goto(f"{live_server.url}/counties/{county.code}/")
    gov.locator('#indicators a.provenance-link[href*="/data/provenance/"]').first.click()
    expect(gov.locator("#provenance-approver")).to_contain_text("province")
    shots(gov, "data-provenance")
    for context in (gov_context, off_context, min_context):
        context.close()
