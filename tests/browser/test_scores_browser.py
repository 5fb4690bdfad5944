"""Ministry staff import a correction, review the draft run and publish it, and see the scores
recomputed, in Persian and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scores.models import ScoreRun
from tests.browser.conftest import log_in, screenshot, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scores_dashboard_in_persian_then_english_with_the_trend_chart(
    page, live_server, synthetic_demo
):
    log_in(page, live_server, "ministry", "tavazon-demo")
    page.goto(f"{live_server.url}/counties/scores/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#scores tbody tr").count() == 12
    assert "امتیازهای توسعهٔ متوازن" in page.locator("h1").inner_text()
    page.wait_for_selector("#decomposition-trend .main-svg", state="attached")
    screenshot(page, "scores-fa")
    switch_language(page, "en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "Development-balance scores" in page.locator("h1").inner_text()
    page.wait_for_selector("#decomposition-trend .main-svg", state="attached")
    screenshot(page, "scores-en")


def test_an_imported_correction_is_previewed_confirmed_and_rescored(
    page, live_server, synthetic_demo
):
    runs_before = ScoreRun.objects.count()
    log_in(page, live_server, "ministry", "tavazon-demo")
    switch_language(page, "en")
    page.goto(f"{live_server.url}/counties/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "labour-1403.csv",
                "mimeType": "text/csv",
                "buffer": "indicator,county,period,value\n"
                "unemployment_rate,S1-1,۱۴۰۳,۴٫۵\n"
                "new_jobs,S1-1,1403,19\n".encode(),
            }
        ],
    )
    page.fill("#id_source", "Labour force survey 1403")
    # National statistics: ministry staff approve them on upload, or they wait in a submission.
    page.check("#id_approve")
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_selector("#import-counts")
    assert page.locator('[data-count="updated"]').inner_text() == "2"
    expect(page.locator("#import-approval")).to_contain_text("Approved on upload")
    screenshot(page, "import-preview-en")
    page.click("text=Import these values")
    page.wait_for_selector("text=The file was imported.")
    assert ScoreRun.objects.count() == runs_before + 1
    # The rebuild is a draft: ministry staff review what it changes, then publish it.
    draft = ScoreRun.objects.order_by("-pk").first()
    assert draft.status == "draft" and ScoreRun.objects.latest_published().pk != draft.pk
    page.goto(f"{live_server.url}/counties/import/")
    page.click("#draft-run-banner a")
    page.wait_for_selector("#rank-moves")
    screenshot(page, "score-run-review-en")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#review-actions button.btn-success")
    page.wait_for_selector("text=is published")
    assert ScoreRun.objects.latest_published().pk == draft.pk

    page.goto(f"{live_server.url}/counties/S1-1/")
    assert "National rank" in page.locator("#county-score").inner_text()
    switch_language(page, "fa")
    assert "رتبهٔ کشوری" in page.locator("#county-score").inner_text()
    screenshot(page, "county-score-fa")
    page.goto(f"{live_server.url}/counties/scores/runs/")
    assert page.locator("#runs tbody tr").count() == runs_before + 1
    screenshot(page, "score-runs-fa")
