"""An XLSX whose <dimension> tag is wrong is still read whole (openpyxl's read-only mode trusts
the tag): before, a sheet of 6 rows tagged A1:D3 imported 2 rows and never saw a bad row 7."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from counties.imports import import_observations, plan_import
from counties.models import Observation
from counties.services import ensure_default_catalogue
from scores.services import ensure_default_methodology

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world):
    ensure_default_catalogue()
    ensure_default_methodology()
    return world


def xlsx_with_dimension(rows: list[list[object]], ref: str) -> bytes:
    """An XLSX of `rows` whose sheet claims the dimension `ref`, whatever it holds."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    for row in rows:
        sheet.append(row)
    written = io.BytesIO()
    book.save(written)
    source = zipfile.ZipFile(io.BytesIO(written.getvalue()))
    crafted = io.BytesIO()
    with zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data
                )
                assert count == 1
            target.writestr(item, data)
    return crafted.getvalue()


HEADER = ["indicator", "county", "period", "value"]
GOOD_ROWS = [["new_jobs", county, "1402", n] for n, county in enumerate(["CA", "CB", "CA2"], 1)]
GOOD_ROWS += [["new_jobs", county, "1401", n] for n, county in enumerate(["CA", "CB"], 4)]


def test_every_row_is_read_whatever_the_dimension_tag_says(catalogue):
    data = xlsx_with_dimension([HEADER, *GOOD_ROWS], "A1:D3")
    plan = plan_import(data, "f.xlsx")
    assert plan.ok, [i.as_dict() for i in plan.issues]
    assert plan.rows_read == 5
    assert len(plan.creates) == 5


def test_a_bad_row_beyond_the_tag_is_reported_and_nothing_is_imported(catalogue):
    data = xlsx_with_dimension([HEADER, *GOOD_ROWS, ["new_jobs", "ZZ", "1402", "x"]], "A1:D3")
    plan = import_observations(data, "f.xlsx")
    assert not plan.ok
    assert {issue.row for issue in plan.issues} == {7}
    assert not Observation.objects.exists()


def test_a_tag_naming_fewer_columns_still_reads_every_column(catalogue):
    data = xlsx_with_dimension([HEADER, *GOOD_ROWS], "A1:B2")
    plan = plan_import(data, "f.xlsx")
    assert plan.ok, [i.as_dict() for i in plan.issues]
    assert plan.rows_read == 5
