"""Exports read as a spreadsheet or PDF reader would: whole numbers without ".0", dates in Jalali
under Persian (real Excel dates in XLSX, the Gregorian date beside), county and province names
beside their codes, XLSX with a filter and fitting columns, a county PDF with whole populations,
Persian page numbers and the score's pillars."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal

import jdatetime
import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext

from counties.models import Dimension
from governance.templatetags.tavazon import num
from reports import report_data
from scores import services as scores
from scores.models import Score, ScoreRun
from tests.conftest import client_for
from tests.downloads import csv_rows
from tests.observations import scoring_world
from tests.participation import factories as f
from tests.project_factories import make_project

pytestmark = pytest.mark.django_db

BUDGET = 4_200_000_000_000
RECEIVED = datetime.date(2024, 4, 3)  # 15 Farvardin 1403
DUE = datetime.date(2024, 9, 22)  # 1 Mehr 1403


@pytest.fixture
def data(world):
    scoring_world(world, periods=("1401", "1402"))
    scores.rebuild_scores_now(publish=True)
    make_project(world.county_a, title_en="Big dam", planned_budget=BUDGET)
    f.critique(world.county_a, received_on=RECEIVED, topic="Late trucks")
    f.held_meeting(
        world.county_a, datetime.date(2024, 9, 1), decisions=[("Clean the river", "Mayor", DUE)]
    )
    f.investment(world.county_a, amount=Decimal(BUDGET), expected_jobs=16357)
    return world


def _headers(language: str, *names: str) -> list[str]:
    with translation.override(language):
        return [gettext(name) for name in names]


def _gregorian(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("%(column)s (Gregorian)") % {"column": gettext(name)}


# --- numbers -----------------------------------------------------------------------------------


def test_whole_numbers_are_written_without_a_decimal_point(data):
    client = client_for(data.analyst)
    populations = [
        r["Value"]
        for r in csv_rows(client.get("/reports/tables/observations.csv"))
        if r["Indicator"] == "population"
    ]
    assert populations and set(populations) == {"500000", "100000", "250000"}
    (project,) = csv_rows(client.get("/reports/tables/projects.csv"))
    assert project["Planned budget (rials)"] == str(BUDGET)
    (investment,) = csv_rows(client.get("/reports/tables/investments.csv"))
    assert investment["Amount (rials)"] == str(BUDGET)
    assert investment["Expected jobs"] == "16357"
    counties = csv_rows(client.get("/reports/tables/counties.csv"))
    assert not [v for row in counties for v in row.values() if v.endswith(".0")]
    # Numbers with decimals keep them.
    waste = [
        r["Value"]
        for r in csv_rows(client.get("/reports/tables/observations.csv"))
        if r["Indicator"] == "waste_per_capita"
    ]
    assert all("." in value for value in waste)


def test_whole_numbers_are_integers_in_xlsx_with_a_whole_number_format(data):
    client = client_for(data.governor_a)
    sheet = _sheet(client.get("/reports/tables/investments.xlsx"))
    header = [c.value for c in sheet[1]]
    cell = sheet[2][header.index("Amount (rials)")]
    assert cell.value == BUDGET and isinstance(cell.value, int)
    assert cell.number_format == "#,##0"
    sheet = _sheet(client.get("/reports/tables/observations.xlsx"))
    header = [c.value for c in sheet[1]]
    rows = sheet.iter_rows(min_row=2)
    population = next(r for r in rows if r[0].value == "population")[header.index("Value")]
    assert isinstance(population.value, int) and population.number_format == "#,##0"


# --- dates -------------------------------------------------------------------------------------


def test_dates_are_jalali_text_under_persian_with_the_gregorian_date_beside(data):
    client = client_for(data.governor_a, language="fa")
    received, due = _headers("fa", "Date received", "Due date")
    (critique,) = csv_rows(client.get("/reports/tables/critiques.csv"))
    assert critique[received] == "1403/01/15"
    assert critique[_gregorian("fa", "Date received")] == "2024-04-03"
    (commitment,) = csv_rows(client.get("/reports/tables/commitments.csv"))
    assert commitment[due] == "1403/07/01"
    assert commitment[_gregorian("fa", "Due date")] == "2024-09-22"
    (register,) = csv_rows(client.get("/participation/CA/critiques/export.csv"))
    assert register[received] == "1403/01/15"
    assert jdatetime.date(1403, 1, 15).togregorian() == RECEIVED


def test_dates_are_gregorian_alone_in_english(data):
    client = client_for(data.governor_a, language="en")
    (critique,) = csv_rows(client.get("/reports/tables/critiques.csv"))
    assert critique["Date received"] == "2024-04-03"
    assert not [key for key in critique if "Gregorian" in key]


def test_xlsx_dates_are_real_excel_dates_beside_the_jalali_text(data):
    client = client_for(data.governor_a, language="fa")
    sheet = _sheet(client.get("/reports/tables/critiques.xlsx"))
    header = [c.value for c in sheet[1]]
    received = header.index(_headers("fa", "Date received")[0])
    jalali, gregorian = sheet[2][received], sheet[2][received + 1]
    assert header[received + 1] == _gregorian("fa", "Date received")
    assert jalali.value == "1403/01/15" and jalali.data_type == "s"
    assert gregorian.is_date and gregorian.value.date() == RECEIVED
    assert gregorian.number_format == "yyyy-mm-dd"


# --- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/reports/tables/critiques.csv",
        "/reports/tables/commitments.csv",
        "/reports/tables/investments.csv",
        "/reports/tables/projects.csv",
        "/participation/CA/critiques/export.csv",
        "/participation/CA/investments/export.csv",
    ],
)
def test_county_and_province_names_stand_beside_their_codes(data, url):
    rows = csv_rows(client_for(data.governor_a).get(url))
    assert rows
    for row in rows:
        assert (row["County code"], row["County"]) == ("CA", "County A")
        assert (row["Province code"], row["Province"]) == ("PA", "Province A")


def test_county_and_province_names_follow_the_language(data):
    client = client_for(data.governor_a, language="fa")
    county, province = _headers("fa", "County", "Province")
    (row,) = csv_rows(client.get("/reports/tables/critiques.csv"))
    assert row[county] == data.county_a.name_fa and row[province] == data.county_a.province.name_fa


# --- XLSX sheet --------------------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def test_xlsx_has_an_autofilter_over_every_row_and_columns_that_fit_their_text(data):
    f.critique(data.county_a, topic="A much longer topic about the landfill road " * 2)
    sheet = _sheet(client_for(data.governor_a).get("/reports/tables/critiques.xlsx"))
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    for column in sheet.iter_cols():
        letter = column[0].column_letter
        longest = max(10 if c.is_date else len(str(c.value)) for c in column if c.value is not None)
        width = sheet.column_dimensions[letter].width
        assert width >= min(longest, 50), (column[0].value, width, longest)
        assert width <= max(12, longest * 1.2 + 4), (column[0].value, width, longest)


# --- the county PDF ----------------------------------------------------------------------------


# Direction marks pdftotext adds, and the zero-width non-joiner it drops from Persian words.
INVISIBLE = "[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(INVISIBLE, "", text)
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_the_persian_county_pdf_has_whole_populations_persian_page_numbers_and_pillars(
    data, chromium, tmp_path
):
    with translation.override("fa"):
        pages = _pdf_pages(report_data.county_report_pdf(data.county_b, data.governor_b), tmp_path)
        population = num(250_000, 0)
        score = Score.objects.filter(run=ScoreRun.objects.latest_published(), county=data.county_b)
        latest = score.order_by("-period").first()
        pillars = [
            (re.sub(INVISIBLE, "", d.name), num(latest.dimensions[d.code], 1))
            for d in Dimension.objects.filter(code__in=latest.dimensions)
        ]
    text = "\n".join(pages)
    assert population in text and population + "٫" not in text
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        footer = [line.strip() for line in page.splitlines() if line.strip()][-1]
        with translation.override("fa"):
            assert footer == num(number), footer
    assert pillars
    for name, value in pillars:
        line = next(line for line in text.splitlines() if name in line)
        assert value in line, (name, line)


def test_dashboard_downloads_use_the_same_cells(data):
    client = client_for(data.governor_a, language="fa")
    start, progress = _headers("fa", "Start", "Progress (%)")
    (row,) = csv_rows(client.get("/dashboards/county/CA/?download=projects"))
    project = data.county_a.projects.get()
    jalali = jdatetime.date.fromgregorian(date=project.period_start).strftime("%Y/%m/%d")
    assert row[start] == jalali
    assert row[_gregorian("fa", "Start")] == project.period_start.isoformat()
    assert not row[progress].endswith(".0")
