"""A country nobody here prepared, built from files alone (docs/setup-a-country.md): Ruritania,
with three states of two districts each, a Gregorian calendar, US dollars and English only.

Its pages, exports and PDF must speak of Ruritania: no Jalali date, no Iranian census, source,
currency or map credit that the profile does not name."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client

from counties.models import County, Observation, Province
from governance.models import User
from governance.periods import parse_period
from reports.models import ExportJob, ExportStatus
from scores.models import ScoreRun
from tests.reports.test_exports import _pdf_text, _request

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "docs" / "sample-country"

#: What must not appear anywhere: Iran, its census and statistics centre, its currency, a map
#: credit the profile does not name, Jalali years of the sample's periods or of today.
FORBIDDEN = re.compile(
    r"1395|Iran|ایران|\bSCI\b|Statistical Centre|rials?\b|tomans?\b|ریال|تومان|IRR\b"
    r"|OpenStreetMap|\b1388\b|\b1389\b|\b140[0-9]\b"
)
JALALI_MONTHS = re.compile(
    r"Farvardin|Ordibehesht|Khordad|Mordad|Shahrivar|Mehr\b|Aban|Azar|Dey\b|Bahman|Esfand"
    r"|فروردین|اردیبهشت|خرداد|مرداد|شهریور|آبان|آذر|بهمن|اسفند"
)


def _build_the_sample_country() -> None:
    language = ["--language", "en"]
    call_command(
        "configure_country",
        "--name-en",
        "Ruritania",
        "--calendar",
        "gregorian",
        "--currency",
        "USD",
        "--currency-symbol",
        "$",
        "--currency-name-en",
        "dollars",
        "--level-names",
        "state",
        "district",
        "--default-language",
        "en",
        "--time-zone",
        "Africa/Lagos",
        "--boundary-source",
        "Ruritanian Survey Office",
        "--baseline-period",
        "2009",
        "--baseline-source",
        "Ruritania Census 2009",
        *language,
    )
    call_command(
        "import_geography",
        str(SAMPLE / "states.geojson"),
        "--level",
        "province",
        "--code-field",
        "code",
        "--name-field",
        "name",
        *language,
    )
    call_command(
        "import_geography",
        str(SAMPLE / "districts.geojson"),
        "--level",
        "county",
        "--code-field",
        "code",
        "--name-field",
        "name",
        "--province-field",
        "state",
        *language,
    )
    call_command("import_catalogue", str(SAMPLE / "catalogue.csv"), *language)
    call_command("import_observations", str(SAMPLE / "observations.csv"), *language)
    call_command("import_users", str(SAMPLE / "users.csv"), *language)
    call_command("rebuild_scores", "--sync", "--publish", *language)


@pytest.fixture
def ruritania(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the invitations leave on commit
        _build_the_sample_country()
    return User.objects.get(username="planning.desk")


def _clean(text: str, where: str) -> None:
    assert not FORBIDDEN.findall(text), (where, FORBIDDEN.findall(text)[:5])
    assert not JALALI_MONTHS.findall(text), (where, JALALI_MONTHS.findall(text)[:5])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_files_build_the_country(ruritania):
    assert Province.objects.count() == 3 and County.objects.count() == 6
    assert User.objects.filter(role="governor").count() == 2
    assert len(mail.outbox) == 5  # one invitation per account
    assert ScoreRun.objects.latest_published() is not None
    observation = Observation.objects.filter(county__code="NO-1", period="2009").first()
    assert observation is not None
    assert observation.period_start == datetime.date(2009, 1, 1)  # the calendar year 2009
    assert parse_period("2009").gregorian_start() == datetime.date(2009, 1, 1)


def test_pages_speak_of_the_sample_country(ruritania):
    client = _client(ruritania)
    for url in (
        "/dashboards/",
        "/counties/",
        "/counties/NO-1/",
        "/dashboards/county/NO-1/",
        "/dashboards/province/NO/",
        "/about/data/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        _clean(html, url)
    district = client.get("/counties/NO-1/").content.decode()
    assert "District" in district and "State" in district
    dashboard = client.get("/dashboards/county/NO-1/").content.decode()
    assert "2010" in dashboard  # the latest period, a calendar year
    assert "Ruritanian Survey Office" in client.get("/dashboards/").content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["counties", "observations", "scores", "projects"])
def test_exports_speak_of_the_sample_country(ruritania, kind, fmt):
    response = _client(ruritania).get(f"/reports/tables/{kind}.{fmt}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = content.decode("utf-8-sig")
    else:
        book = openpyxl.load_workbook(io.BytesIO(content))
        text = "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    _clean(text, f"{kind}.{fmt}")
    if kind == "counties":
        assert "District" in text and "NO-1" in text


def test_the_district_report_pdf_speaks_of_the_sample_country(
    ruritania, chromium, tmp_path, django_capture_on_commit_callbacks
):
    client = _client(ruritania)
    _request(client, django_capture_on_commit_callbacks, kind="county_report", county="NO-1")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE, job.error
    pdf = b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content)
    text = _pdf_text(pdf, tmp_path)
    _clean(text, "district report PDF")
    assert "North Hills" in text and "District report" in text
