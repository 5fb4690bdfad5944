"""The XLSX export writes the CSV export's cells: the same rows and values for the same query,
whichever way the rows are read (primary-key ranges of a copy source, or the table's rows)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.http import FileResponse
from django.utils import translation
from openpyxl import load_workbook

from counties.models import Area
from governance.exports import pg_copy, xlsx_export
from governance.exports.csv_export import iter_csv
from governance.exports.table import Column, ExportTable
from governance.exports.xlsx_export import build_workbook, xlsx_response
from reports import tables
from tests.observations import observe

pytestmark = pytest.mark.django_db
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

TRICKY_TEXTS = [
    '=HYPERLINK("x")',
    "-3.5",
    "@sum",
    "",
    "+98 21 1234",
    " =1+1",
    "\t-A1",
    "-1_000",
    "<b> & 'c'",
    "a\x01b",
    "  padded  ",
    "شهرستان «الف»",
]


@pytest.fixture
def tricky(world):
    """Observations whose text a spreadsheet could misread, at county and area level."""
    from counties.services import ensure_default_catalogue

    ensure_default_catalogue()
    area = Area.objects.create(county=world.county_a, code="AR1", name_en="Old town", kind="city")
    values = [500_000, 510_000.5, 0.001, -2.25, 12, 16357.0, 4.2e12, 1e-7, 33.3, 0, -0.5, 7]
    for index, (text, value) in enumerate(zip(TRICKY_TEXTS, values, strict=True)):
        county = [world.county_a, world.county_b, world.county_a2][index % 3]
        observe(
            county,
            "population" if index % 2 else "unemployment_rate",
            str(1390 + index),
            value,
            source=text,
            synthetic=index % 4 == 0,
            area=area if county == world.county_a and index % 2 else None,
        )
    return world


def _csv(table: ExportTable) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(iter_csv(table)).lstrip("\ufeff"))))


def _as_csv_text(cell: Any) -> str:
    """An XLSX cell as the CSV export writes it (numbers compared by `_same`)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if "h" in cell.number_format:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.date().isoformat()
    return str(value)


def _xlsx(table: ExportTable) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(build_workbook(table))).worksheets[0]
    return [[_as_csv_text(cell) for cell in row] for row in sheet.iter_rows()]


def _same(xlsx_rows: list[list[str]], csv_rows: list[list[str]]) -> None:
    """Cell by cell equal: numbers as numbers ("1e-07" and "0.0000001"), and text without the
    control characters XML cannot hold (the workbook drops them; CSV keeps them)."""
    assert len(xlsx_rows) == len(csv_rows)
    for xlsx_row, csv_row in zip(xlsx_rows, csv_rows, strict=True):
        xlsx_row = xlsx_row + [""] * (len(csv_row) - len(xlsx_row))  # trailing empty cells
        for ours, theirs in zip(xlsx_row, csv_row, strict=True):
            theirs = XML_FORBIDDEN.sub("", theirs)
            if ours != theirs:
                assert float(ours) == float(theirs), (xlsx_row, csv_row)


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("read", ["copy source", "table rows"])
def test_the_observations_workbook_has_the_csv_exports_cells(tricky, language, read, monkeypatch):
    monkeypatch.setattr(pg_copy, "ROW_RANGE_SIZE", 3)  # several ranges, some of them empty
    monkeypatch.setattr(xlsx_export, "MEASURED_ROWS", 2)
    with translation.override(language):
        table = tables.observations_table(None)
        if read == "table rows":
            table = replace(table, copy_source=None)
        by_xlsx = _xlsx(table)
        by_csv = _csv(tables.observations_table(None))
    _same(by_xlsx, by_csv)
    sources = [row[8] for row in by_xlsx[1:]]
    assert sorted(sources) == sorted(
        [
            '\'=HYPERLINK("x")',
            "-3.5",
            "'@sum",
            "",
            "'+98 21 1234",
            "' =1+1",
            "'\t-A1",
            "'-1_000",
            "<b> & 'c'",
            "ab",  # a character XML forbids is dropped
            "  padded  ",
            "شهرستان «الف»",
        ]
    )
    assert {row[5] for row in by_xlsx[1:]} == {"", str(Area.objects.get().pk)}


def test_a_table_of_every_kind_of_value_has_the_csv_exports_cells(settings):
    settings.TIME_ZONE = "UTC"
    rows = [
        {
            "text": text,
            "number": number,
            "day": day,
            "flag": flag,
        }
        for text, number, day, flag in [
            ("=1+1", 16357.0, datetime.date(2024, 3, 20), True),
            ("<tag>", Decimal("4200000000000.00"), datetime.date(2023, 1, 1), False),
            ("", Decimal("0.0000001"), None, None),
            ("x\x0by", -2.5, datetime.datetime(2024, 3, 20, 10, 30), True),
            ("+", None, datetime.date(2020, 2, 29), False),
            ("12", 7, None, True),
        ]
    ]
    table = ExportTable(
        title="Every kind",
        columns=[
            Column("text", "Text"),
            Column("number", "Number", "#,##0.##"),
            Column("day", "Day", kind="date"),
            Column("flag", "Flag"),
        ],
        rows=rows,
    )
    with translation.override("en"):
        by_xlsx = _xlsx(replace(table, rows=iter(rows)))
        by_csv = _csv(replace(table, rows=iter(rows)))
    _same(by_xlsx, by_csv)
    assert by_xlsx[1][0] == "'=1+1" and by_xlsx[2][0] == "<tag>" and by_xlsx[4][0] == "xy"


def test_numbers_keep_their_formats_and_dates_are_excel_dates():
    rows = [{"n": 3.0, "f": 2.5, "d": datetime.date(2024, 1, 2)}]
    table = ExportTable(
        title="Formats",
        columns=[
            Column("n", "N", "#,##0.##"),
            Column("f", "F", "0.0"),
            Column("d", "D", kind="date"),
        ],
        rows=rows,
    )
    with translation.override("en"):
        sheet = load_workbook(io.BytesIO(build_workbook(table))).worksheets[0]
    whole, fraction, day = sheet[2]
    assert whole.value == 3 and isinstance(whole.value, int) and whole.number_format == "#,##0"
    assert fraction.value == 2.5 and fraction.number_format == "0.0"
    assert day.is_date and day.value == datetime.datetime(2024, 1, 2)
    assert day.number_format == "yyyy-mm-dd"


def test_a_large_workbook_is_streamed_from_a_temporary_file(monkeypatch):
    rows = [{"name": f"row {n}", "value": n} for n in range(2000)]
    table = ExportTable(
        title="Big", columns=[Column("name", "Name"), Column("value", "V")], rows=rows
    )
    small = xlsx_response(replace(table, rows=iter(rows)), "big")
    assert not small.streaming
    monkeypatch.setattr(xlsx_export, "SPOOL_BYTES", 1000)
    big = xlsx_response(replace(table, rows=iter(rows)), "big")
    assert isinstance(big, FileResponse) and big["Content-Disposition"].endswith('big.xlsx"')
    content = b"".join(big.streaming_content)
    # The same workbook (not the same bytes: the zip entries and the document properties carry
    # the time of writing, which may tick between the two).
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    in_memory = load_workbook(io.BytesIO(small.content)).worksheets[0]
    assert list(sheet.values) == list(in_memory.values)
    assert sheet.max_row == 2001 and sheet["A2001"].value == "row 1999"
    assert sheet.auto_filter.ref == "A1:B2001"


def test_an_empty_table_is_a_workbook_with_its_header_and_about_sheet():
    table = ExportTable(title="Empty", columns=[Column("a", "A")], rows=iter(()), sources=["S"])
    with translation.override("en"):
        data, about = load_workbook(io.BytesIO(build_workbook(table))).worksheets
    assert [[c.value for c in row] for row in data.iter_rows()] == [["A"]]
    assert about["A1"].value == "Empty"


def test_a_title_with_characters_excel_refuses_still_names_the_sheet() -> None:
    # A dashboard panel's title ("σ-convergence: …") made openpyxl refuse the workbook.
    table = ExportTable(
        title="σ-convergence: a/b [x]?*", columns=[Column("a", "A")], rows=[{"a": 1}]
    )
    book = load_workbook(io.BytesIO(build_workbook(table)))
    assert book.sheetnames[0] == "σ-convergence  a b  x"
    assert xlsx_export.sheet_title(":" * 40) == "data"
