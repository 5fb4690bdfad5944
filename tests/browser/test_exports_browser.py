"""Exports, report jobs and API tokens used through the pages, in Persian and English."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token

from governance.models import User
from reports.models import ExportJob, ExportKind, ExportStatus
from scores import services as scores
from scores.models import CoverageShortfall, Score, ScoreRun
from tests.browser.conftest import log_in, screenshot, settle, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, selector: str) -> tuple[str, bytes]:
    """Click what starts a download; its suggested file name and content."""
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM that lets Excel read Persian
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_exports_page_downloads_the_scores_of_a_chosen_run_in_persian_and_english(
    page, live_server, synthetic_demo
):
    older = ScoreRun.objects.latest_published()
    latest = scores.rebuild_scores_now(publish=True)  # a second published run to choose from
    log_in(page, live_server, "analyst", "tavazon-demo")
    page.goto(f"{live_server.url}/reports/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "خروجی‌ها"
    options = page.locator("#export-run option")
    assert options.count() == 2
    assert "آخرین" in options.first.inner_text()  # the latest run comes first, chosen
    page.select_option("#export-run", str(older.pk))
    screenshot(page, "reports-fa")
    name, content = _download(page, "#export-scores button[formaction$='.csv']")
    assert name == f"tavazon-scores-run{older.pk}.csv"
    rows = _csv_rows(content)
    # The run's latest complete period by default (1403; the demo's 1404 is provisional).
    assert len(rows) == Score.objects.filter(run=older, period="1403").count() > 0
    assert {"دوره", "امتیاز (۰ تا ۱۰۰)"} <= set(rows[0])  # Persian headers under fa

    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "Exports"
    screenshot(page, "reports-en")
    page.select_option("#export-period", "all")
    name, content = _download(page, "#export-scores button[formaction$='.csv']")
    assert name == f"tavazon-scores-run{latest.pk}.csv"
    rows = _csv_rows(content)
    stored = {
        (s.period, s.county.code): s
        for s in Score.objects.filter(run=latest).select_related("county")
    }
    # Every period: the ranked counties, then those without enough data (no score).
    assert len(rows) == len(stored) + CoverageShortfall.objects.filter(run=latest).count()
    for row in rows[:20]:
        score = stored[(row["Period"], row["County code"])]
        assert float(row["Score (0-100)"]) == pytest.approx(float(score.composite))
        assert int(row["National rank"]) == score.national_rank
    # A plain table link downloads too.
    name, content = _download(page, "tr[data-kind=counties] a[href$='.csv']")
    assert name == "tavazon-counties.csv" and len(_csv_rows(content)) == 12

    page.goto(f"{live_server.url}/reports/tables/scores.csv?run=999999")
    assert page.locator("#export-run-error").inner_text() == (
        "Score run 999999 does not exist or has not been published."
    )
    screenshot(page, "reports-bad-run-en")


def test_a_governor_prepares_a_county_report_and_downloads_it(page, live_server, synthetic_demo):
    governor = User.objects.get(username="governor")
    log_in(page, live_server, "governor", "tavazon-demo")
    page.goto(f"{live_server.url}/reports/")
    assert page.locator("#report-county option").count() == 1  # only their own county
    page.click("form:has(#report-county) button[type=submit]")
    page.wait_for_url(re.compile(r"/reports/jobs/\d+/$"))
    job = ExportJob.objects.get(user=governor)
    # Tasks run in-process in tests: the report is ready by the time the page shows.
    page.wait_for_selector("#job-download")
    # The period the page offered by default: the latest complete one (the demo's 1404 is
    # provisional).
    assert job.params == {"county": governor.county.code, "period": "1403"}
    assert "دریافت PDF" in page.locator("#job-download").inner_text()
    screenshot(page, "export-job-done-fa")
    name, content = _download(page, "#job-download")
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "County report (PDF)"
    assert page.locator("[data-status=done]").inner_text() == "Ready"
    screenshot(page, "export-job-done-en")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_job_page_shows_progress_until_the_file_is_ready(
    page, live_server, synthetic_demo, language
):
    governor = User.objects.get(username="governor")
    log_in(page, live_server, "governor", "tavazon-demo")
    switch_language(page, language)
    # A job as a worker leaves it half way: the page polls its status every second.
    job = ExportJob.objects.create(
        user=governor,
        kind=ExportKind.COUNTY_REPORT,
        params={"county": governor.county.code},
        language=language,
        status=ExportStatus.RUNNING,
        progress=40,
    )
    page.goto(f"{live_server.url}/reports/jobs/{job.pk}/")
    bar = page.locator("#job-status .progress")
    assert bar.get_attribute("aria-valuenow") == "40"
    assert bar.inner_text() == {"fa": "۴۰٪", "en": "40%"}[language]
    county = governor.county
    subject = page.locator("#job-subject").inner_text()
    assert subject.startswith({"fa": county.name_fa, "en": county.name_en}[language])
    assert page.locator("#job-download").count() == 0
    screenshot(page, f"export-job-progress-{language}")
    job.file.save("county-test.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    job.status, job.progress = ExportStatus.DONE, 100
    job.save(update_fields=["file", "status", "progress"])
    page.wait_for_selector("#job-download", timeout=10_000)  # swapped in by the next poll
    assert page.locator("#job-status .progress").count() == 0
    name, content = _download(page, "#job-download")
    assert (name, content) == ("county-test.pdf", b"%PDF-1.4 test")


def test_api_token_page_creates_a_token_shown_once_in_persian_and_english(
    page, live_server, synthetic_demo
):
    analyst = User.objects.get(username="analyst")
    log_in(page, live_server, "analyst", "tavazon-demo")
    page.goto(f"{live_server.url}/accounts/api-token/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#token-state").inner_text() == "توکن API ندارید."
    screenshot(page, "api-token-none-fa")
    page.click("button[name=action][value=create]")
    settle(page)
    key = page.locator("#new-token").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert Token.objects.get(user=analyst).key == key
    screenshot(page, "api-token-created-fa")
    # The token reads the API as its user.
    response = page.request.get(
        f"{live_server.url}/api/v1/provinces/", headers={"Authorization": f"Token {key}"}
    )
    assert response.status == 200 and response.json()["count"] > 0

    switch_language(page, "en")
    assert page.locator("#new-token").count() == 0  # shown once, never again
    assert "You have a token, created" in page.locator("#token-state").inner_text()
    page.click("button[name=action][value=rotate]")
    settle(page)
    new_key = page.locator("#new-token").inner_text().strip()
    assert new_key != key and Token.objects.get(user=analyst).key == new_key
    assert "Copy it now" in page.locator(".alert-success").inner_text()
    screenshot(page, "api-token-created-en")
