"""Export tools: CSV streams and neutralises formulas, XLSX is right-to-left under Persian with
sources and the synthetic flag, PDF carries Persian text."""

from __future__ import annotations

import copy
import csv
import io
import shutil
import subprocess

import pytest
from django.utils import translation
from openpyxl import load_workbook

from governance.exports.csv_export import csv_response, iter_csv
from governance.exports.pdf_export import render_pdf
from governance.exports.table import Column, ExportTable
from governance.exports.xlsx_export import build_workbook


def _table(rows, synthetic=False):
    return ExportTable(
        title="Counties",
        columns=[Column("name", "Name"), Column("value", "Value", "0.0")],
        rows=rows,
        sources=["Statistical Centre of Iran, Census 1395 (2016)"],
        has_synthetic=synthetic,
    )


def test_csv_has_a_bom_a_header_and_every_row():
    text = "".join(
        iter_csv(_table([{"name": "اراک", "value": 12.2}, {"name": "B", "value": None}]))
    )
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Name", "Value"], ["اراک", "12.2"], ["B", ""]]


def test_csv_neutralises_formulas_but_keeps_negative_numbers():
    text = "".join(iter_csv(_table([{"name": "=HYPERLINK(1)", "value": "-3.5"}])))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["'=HYPERLINK(1)", "-3.5"]


def test_csv_response_streams_lazily_from_a_generator():
    consumed = []

    def rows():
        for i in range(3):
            consumed.append(i)
            yield {"name": f"c{i}", "value": i}

    response = csv_response(_table(rows(), synthetic=True), "counties")
    assert response.streaming and consumed == []
    body = b"".join(response.streaming_content).decode("utf-8")
    assert consumed == [0, 1, 2] and "c2" in body
    assert response["X-Tavazon-Synthetic"] == "true"


def test_xlsx_is_right_to_left_in_persian_with_sources_and_synthetic_flag():
    with translation.override("fa"):
        content = build_workbook(_table([{"name": "اراک", "value": 12.25}], synthetic=True))
    workbook = load_workbook(io.BytesIO(content))
    data, about = workbook.worksheets
    assert data.sheet_view.rightToLeft is True
    assert [c.value for c in data[2]] == ["اراک", 12.25]
    about_text = " ".join(str(c.value) for row in about.iter_rows() for c in row)
    assert "Census 1395" in about_text
    assert "ساختگی" in about_text or "synthetic" in about_text


def test_xlsx_is_left_to_right_in_english():
    with translation.override("en"):
        content = build_workbook(_table([{"name": "Arak", "value": 1}]))
    assert load_workbook(io.BytesIO(content)).worksheets[0].sheet_view.rightToLeft in (False, None)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_pdf_carries_persian_text(tmp_path, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates  # assignment (not mutation) resets the template engines
    (tmp_path / "t.html").write_text(
        '<html dir="rtl"><head><style>@font-face{font-family:V;'
        "src:url({{ font_dir }}/Vazirmatn-Regular.ttf)}body{font-family:V}</style></head>"
        "<body><h1>{{ title }}</h1></body></html>",
        encoding="utf-8",
    )
    pdf = render_pdf("t.html", {"title": "گزارش اراک"})
    assert pdf.startswith(b"%PDF")
    (tmp_path / "t.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "اراک" in text


def test_csv_writes_whole_numbers_without_a_decimal_point_and_decimals_as_they_are():
    from decimal import Decimal

    values = [16357.0, 4200000000000.0, Decimal("4200000000000.00"), 12.25, Decimal("0.0000001")]
    text = "".join(iter_csv(_table([{"name": "x", "value": v} for v in values])))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    assert [r[1] for r in rows] == ["16357", "4200000000000", "4200000000000", "12.25", "0.0000001"]


def test_xlsx_neutralises_every_formula_start_and_keeps_numbers():
    rows = [{"name": text, "value": None} for text in ("=1+1", "+A1", "-A1", "@SUM(A1)", " =1")]
    rows.append({"name": "-3.5", "value": -3.5})
    content = build_workbook(_table(rows))
    data = load_workbook(io.BytesIO(content)).worksheets[0]
    names = [row[0].value for row in data.iter_rows(min_row=2)]
    assert names == ["'=1+1", "'+A1", "'-A1", "'@SUM(A1)", "' =1", "-3.5"]
    assert data.cell(row=7, column=2).value == -3.5
