"""Formatted XLSX exports: right-to-left sheets under Persian, sources and synthetic flag."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from governance.exports.table import ExportTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="343A40")


def _safe(value: Any) -> Any:
    # openpyxl would store a string starting with "=" as a formula; keep user text as text.
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


def build_workbook(table: ExportTable) -> bytes:
    """The table as an .xlsx file (write-only mode keeps memory flat for large tables)."""
    workbook = Workbook(write_only=True)
    right_to_left = get_language() == "fa"
    sheet = workbook.create_sheet(title=table.title[:31] or "data")
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns):
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.header) + 4))
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    formats = [column.number_format for column in table.columns]
    for row in table.rows:
        cells = []
        for value, number_format in zip(table.values(row), formats, strict=True):
            cell = WriteOnlyCell(sheet, value=_safe(value))
            if number_format and isinstance(value, int | float):
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)

    about = workbook.create_sheet(title=_("About")[:31])
    about.sheet_view.rightToLeft = right_to_left
    about.column_dimensions["A"].width = 100
    about.append([WriteOnlyCell(about, value=table.title)])
    if table.has_synthetic:
        flag = WriteOnlyCell(
            about,
            value=_(
                "This file contains synthetic (generated) demo values; they are marked in the data."
            ),
        )
        flag.font = Font(bold=True, color="6F42C1")
        about.append([flag])
    if table.sources:
        about.append([_("Sources")])
        for source in table.sources:
            about.append([source])
    for note in table.notes:
        about.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def xlsx_response(table: ExportTable, filename: str) -> HttpResponse:
    """A download of the table as XLSX."""
    response = HttpResponse(build_workbook(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
