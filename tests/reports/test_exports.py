"""Exports opened as a reader would: CSV and XLSX parsed, PDFs turned into text, every persona."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.utils import translation

from counties.models import County, Observation
from governance.templatetags.tavazon import num
from reports.models import ExportJob, ExportStatus
from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import PERSONAS, client_for
from tests.downloads import csv_rows as _csv
from tests.observations import observe, scoring_world
from tests.participation import factories as f
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

TABLES = [
    "counties",
    "observations",
    "scores",
    "projects",
    "critiques",
    "commitments",
    "investments",
]
CONTACT_VALUES = [f.CITIZEN_NAME, f.CONTACT_PHONE, f.CONTACT_PERSON, f.CONTACT_EMAIL]


@pytest.fixture
def data(world):
    scoring_world(world, periods=("1401", "1402"))
    observe(world.county_b, "new_jobs", "1402-07", 3, synthetic=True)
    scores.rebuild_scores_now(publish=True)
    make_project(world.county_a, title_en="Compost plant A", is_public=False)
    make_project(world.county_b, title_en="Secret plan B", is_public=False)
    make_project(world.county_b, title_en="Public road B", is_public=True)
    f.critique(world.county_a, topic="Late trucks in A")
    f.critique(world.county_b, topic="Dust in B")
    f.held_meeting(
        world.county_a, f.days_ago(10), decisions=[("Clean the river", "Mayor", f.days_ago(-20))]
    )
    f.investment(world.county_a)
    return world


def _xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", TABLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_table_downloads_for_signed_in_personas_only(data, persona, kind, fmt):
    response = client_for(data.persona(persona)).get(f"/reports/tables/{kind}.{fmt}")
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_unknown_table_or_format_is_not_found(data):
    client = client_for(data.ministry)
    assert client.get("/reports/tables/passwords.csv").status_code == 404
    assert client.get("/reports/tables/counties.pdf").status_code == 404


def test_observations_csv_matches_the_database_and_flags_synthetic_rows(data):
    response = client_for(data.analyst).get("/reports/tables/observations.csv")
    assert response.streaming and response["X-Tavazon-Synthetic"] == "true"
    rows = _csv(response)
    assert len(rows) == Observation.objects.count()
    synthetic = [r for r in rows if r["Synthetic"] == "1"]
    assert len(synthetic) == 1
    assert (synthetic[0]["Indicator"], synthetic[0]["County code"], synthetic[0]["Period"]) == (
        "new_jobs",
        "CB",
        "1402-07",
    )
    stored = Observation.objects.get(
        county=data.county_a, indicator__code="population", period="1402"
    )
    row = next(
        r
        for r in rows
        if r["County code"] == "CA" and r["Indicator"] == "population" and r["Period"] == "1402"
    )
    assert float(row["Value"]) == stored.value == 500_000


@pytest.mark.parametrize("table", ["observations", "scores"])
def test_statistics_exports_name_the_county_and_province_beside_every_code(data, table):
    client = client_for(data.analyst)
    rows = _csv(client.get(f"/reports/tables/{table}.csv"))
    assert rows
    counties = {c.code: c for c in County.objects.select_related("province")}
    for row in rows:
        county = counties[row["County code"]]
        assert row["County"] == county.name_en
        assert (row["Province code"], row["Province"]) == (
            county.province.code,
            county.province.name_en,
        )


def test_scores_xlsx_matches_the_latest_run_in_its_latest_complete_period_right_to_left(data):
    client = client_for(data.analyst)
    data.analyst.language = "fa"
    data.analyst.save(update_fields=["language"])
    client.cookies["django_language"] = "fa"
    workbook = _xlsx(client.get("/reports/tables/scores.xlsx"))
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    run = ScoreRun.objects.latest_published()
    shown = Score.objects.filter(run=run, period="1402")  # the latest complete period
    assert len(body) == shown.count() == 3
    assert "امتیاز" in " ".join(str(h) for h in header)
    by_key = {(r[0], r[1]): r for r in body}
    for score in shown:
        row = by_key[(score.period, score.county.code)]
        county = score.county
        assert row[2:5] == (county.name_fa, county.province.code, county.province.name_fa)
        assert row[5] == pytest.approx(float(score.composite))
        assert row[6] == score.national_rank
    about = workbook.worksheets[1]
    assert any(
        "سنتزی" in str(c) or "ساختگی" in str(c)
        for r in about.iter_rows(values_only=True)
        for c in r
    )


def test_counties_export_carries_census_figures_and_a_bounded_query_count(
    data, django_assert_max_num_queries
):
    observe(data.county_a, "population", "1395", 480_000)
    client = client_for(data.ministry)
    with django_assert_max_num_queries(12):
        response = client.get("/reports/tables/counties.csv")
        rows = _csv(response)
    assert [r["Code"] for r in rows] == ["CA", "CA2", "CB"]
    population = next(k for k in rows[0] if k.startswith("Population"))
    assert float(rows[0][population]) == 480_000


def test_projects_respect_who_may_see_non_public_ones(data):
    titles = {
        r["Project"] for r in _csv(client_for(data.governor_a).get("/reports/tables/projects.csv"))
    }
    assert titles == {"Compost plant A", "Public road B"}
    titles = {
        r["Project"] for r in _csv(client_for(data.ministry).get("/reports/tables/projects.csv"))
    }
    assert titles == {"Compost plant A", "Secret plan B", "Public road B"}


@pytest.mark.parametrize("kind", ["critiques", "investments", "commitments"])
def test_analysts_get_no_contact_data_or_private_text(data, kind):
    for fmt in ("csv", "xlsx"):
        response = client_for(data.analyst).get(f"/reports/tables/{kind}.{fmt}")
        content = b"".join(response.streaming_content) if fmt == "csv" else response.content
        if fmt == "xlsx":
            cells = [
                str(c)
                for sheet in _xlsx(response).worksheets
                for r in sheet.iter_rows(values_only=True)
                for c in r
            ]
            content = "\n".join(cells).encode()
        text = content.decode("utf-8-sig")
        for value in CONTACT_VALUES:
            assert value not in text
        assert "The truck did not come" not in text


def test_county_staff_get_their_contacts_and_only_their_county(data):
    rows = _csv(client_for(data.governor_a).get("/reports/tables/critiques.csv"))
    assert [r["Topic"] for r in rows] == ["Late trucks in A"]
    assert rows[0]["Citizen's contact"] == f.CONTACT_PHONE
    rows = _csv(client_for(data.governor_b).get("/reports/tables/investments.csv"))
    assert rows == []
    rows = _csv(client_for(data.officer_a).get("/reports/tables/commitments.csv"))
    assert [r["Decision"] for r in rows] == ["Clean the river"]


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is required under CI")
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext wraps right-to-left runs in bidi controls and drops zero-width non-joiners.
    return re.sub("[\u202a-\u202e\u2066-\u2069\u200c]", "", text)


def _request(client, captured, **post):
    with captured(execute=True):
        response = client.post("/reports/jobs/new/", post)
    return response


def test_county_report_pdf_for_the_governor_in_persian(
    data, chromium, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(data.governor_a)
    client.cookies["django_language"] = "fa"
    data.governor_a.language = "fa"
    data.governor_a.save(update_fields=["language"])
    response = _request(
        client, django_capture_on_commit_callbacks, kind="county_report", county="CA"
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.status == ExportStatus.DONE and job.progress == 100 and job.language == "fa"
    status = client.get(f"/reports/jobs/{job.pk}/status/")
    assert f"/reports/jobs/{job.pk}/download/" in status.content.decode()
    pdf = b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf, tmp_path)
    score = Score.objects.filter(run=ScoreRun.objects.latest_published(), county=data.county_a)
    latest = score.order_by("-period").first()
    assert data.county_a.name_fa in text
    assert "گزارش شهرستان" in text
    assert "Late trucks in A" in text and "Clean the river" in text
    with translation.override("fa"):
        assert num(latest.composite, 1) in text


def test_county_report_in_english_and_other_counties_refused(
    data, chromium, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(data.governor_a)
    assert (
        _request(
            client, django_capture_on_commit_callbacks, kind="county_report", county="CB"
        ).status_code
        == 403
    )
    assert not ExportJob.objects.exists()
    client = client_for(data.analyst)
    _request(client, django_capture_on_commit_callbacks, kind="county_report", county="CB")
    job = ExportJob.objects.get()
    text = _pdf_text(
        b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content), tmp_path
    )
    assert "County report: County B" in text and "Secret plan B" in text
    assert "Dust in B" in text
    # Only the job's owner downloads it.
    for other in (data.ministry, data.governor_b):
        assert client_for(other).get(f"/reports/jobs/{job.pk}/download/").status_code == 403
        assert client_for(other).get(f"/reports/jobs/{job.pk}/").status_code == 403
    assert client_for(None).get(f"/reports/jobs/{job.pk}/download/").status_code == 302


@pytest.mark.parametrize(
    ("persona", "province", "allowed"),
    [
        ("ministry", "PA", True),
        ("ministry", "PB", True),
        ("officer_a", "PA", True),
        ("officer_a", "PB", False),
        ("governor_a", "PA", False),
        ("analyst", "PA", True),
        ("analyst", "PB", True),
        ("governor_b", "PB", False),
    ],
)
def test_province_briefing_for_ministry_analysts_and_the_province_officer(
    data, tmp_path, django_capture_on_commit_callbacks, persona, province, allowed
):
    client = client_for(data.persona(persona))
    response = _request(
        client, django_capture_on_commit_callbacks, kind="province_briefing", province=province
    )
    if not allowed:
        assert response.status_code == 403 and not ExportJob.objects.exists()
        return
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE, job.error
    text = _pdf_text(
        b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content), tmp_path
    )
    expected = ["County A", "County A2"] if province == "PA" else ["County B"]
    for name in expected:
        assert name in text
    assert "Briefing pack" in text


def test_a_failing_build_is_recorded_not_hidden(
    data, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import report_data

    def broken(*args, **kwargs):
        raise RuntimeError("chromium went away")

    monkeypatch.setattr(report_data, "county_report_pdf", broken)
    client = client_for(data.ministry)
    _request(client, django_capture_on_commit_callbacks, kind="county_report", county="CA")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and "chromium" in job.error and not job.file
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404
    assert "could not be built" in client.get(f"/reports/jobs/{job.pk}/status/").content.decode()


def test_the_county_pdf_draws_its_charts_with_the_chromium_the_image_finds(
    data, chromium, tmp_path, django_capture_on_commit_callbacks
):
    from governance.exports import chart_images
    from reports import report_data

    report = report_data.county_report(data.county_a)
    assert set(report.charts) == {"gantt"}  # county A's project this year; no targets set
    assert all(uri.startswith("data:image/png;base64,") for uri in report.charts.values())
    client = client_for(data.ministry)
    _request(client, django_capture_on_commit_callbacks, kind="county_report", county="CA")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE, job.error
    pdf = b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content)
    path = tmp_path / "charts.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdfimages"):
        listing = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing  # the Gantt chart
    assert chart_images.chromium_path() == chromium


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Charts could not be drawn: no Chromium browser was found (set CHROMIUM_PATH)."),
        ("fa", "نمودارها رسم نشدند: هیچ مرورگر Chromium پیدا نشد (CHROMIUM_PATH را تنظیم کنید)."),
    ],
)
def test_without_chromium_the_pdf_job_fails_with_a_translated_reason(
    data, monkeypatch, django_capture_on_commit_callbacks, language, message
):
    from governance.exports import chart_images

    monkeypatch.setenv("CHROMIUM_PATH", "/nowhere/chromium")
    drawn = []
    monkeypatch.setattr(chart_images.kaleido, "calc_fig_sync", lambda *a, **k: drawn.append(a))
    client = client_for(data.ministry, language)
    _request(client, django_capture_on_commit_callbacks, kind="county_report", county="CA")
    job = ExportJob.objects.get()
    assert job.language == language and job.status == ExportStatus.FAILED
    assert job.error == message and job.attempts == 1 and not job.file and not drawn
    assert job.finished_at is not None
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_exports_page_lists_only_what_the_persona_may_use(data, persona):
    response = client_for(data.persona(persona)).get("/reports/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert response.status_code == 200 and "/reports/tables/observations.csv" in page
    may_brief = persona in ("ministry", "officer_a", "analyst")
    assert ('name="province"' in page) == may_brief
    # Whoever may not make a briefing pack is told why, instead of finding nothing.
    assert ('id="briefing-why-not"' in page) == (not may_brief)
    assert ('value="CB"' in page) == (persona in ("ministry", "analyst", "governor_b"))


@pytest.mark.parametrize("language", ["fa", "en"])
def test_exports_page_lists_county_and_province_jobs_by_name(world, language):
    ExportJob.objects.create(user=world.ministry, kind="county_report", params={"county": "CB"})
    ExportJob.objects.create(
        user=world.ministry, kind="province_briefing", params={"province": "PA"}
    )
    response = client_for(world.ministry, language).get("/reports/")
    assert response.status_code == 200
    jobs = response.content.decode().split('id="export-jobs"')[1].split("</ul>")[0]
    with translation.override(language):
        assert world.county_b.name in jobs and world.province_a.name in jobs
    assert ">CB<" not in jobs and "· PA ·" not in jobs


def test_a_report_is_asked_for_in_a_period_of_the_published_run_in_any_digits(
    data, chromium, django_capture_on_commit_callbacks
):
    client = client_for(data.governor_a)
    _request(client, django_capture_on_commit_callbacks, kind="county_report", county="CA")
    assert ExportJob.objects.get().params == {"county": "CA", "period": "1402"}  # the default
    ExportJob.objects.all().delete()
    _request(
        client, django_capture_on_commit_callbacks, kind="county_report", county="CA", period="۱۴۰۱"
    )
    job = ExportJob.objects.get()
    assert job.params == {"county": "CA", "period": "1401"} and job.status == ExportStatus.DONE
    ExportJob.objects.all().delete()
    refused = _request(
        client, django_capture_on_commit_callbacks, kind="county_report", county="CA", period="1380"
    )
    assert refused.status_code == 400 and not ExportJob.objects.exists()
    assert "The published run has no scores for the period “1380”." in refused.content.decode()
    # Access is checked first: a governor asking for a briefing pack is refused, whatever period.
    forbidden = _request(
        client,
        django_capture_on_commit_callbacks,
        kind="province_briefing",
        province="PA",
        period="1380",
    )
    assert forbidden.status_code == 403


def test_the_exports_page_offers_the_runs_periods_with_the_latest_complete_one_chosen(data):
    page = client_for(data.analyst).get("/reports/").content.decode()
    for select in ("export-period", "report-period"):
        assert f'id="{select}"' in page
    assert '<option value="1402" selected>' in page and '<option value="1401">' in page
    assert '<option value="all"' in page
