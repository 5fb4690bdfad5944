"""Formatted XLSX exports: right-to-left sheets under Persian, sources and synthetic flag."""

from __future__ import annotations

import io
from itertools import chain, islice

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from governance.attribution import attribution_lines
from governance.exports.cells import column_letter, layout, neutralise, text_width, xlsx_cell
from governance.exports.table import ExportTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="343A40")


# Rows measured to size the columns (write-only sheets fix widths before the first row).
MEASURED_ROWS = 500
MIN_WIDTH = 8
MAX_WIDTH = 60


def _width(characters: int) -> float:
    return max(MIN_WIDTH, min(MAX_WIDTH, characters * 1.15 + 3))


def build_workbook(table: ExportTable) -> bytes:
    """The table as an .xlsx file (write-only mode keeps memory flat for large tables).

    Values are formatted by governance.exports.cells; the header row has an autofilter and
    stays in view; columns are as wide as their header and the first rows' text.
    """
    workbook = Workbook(write_only=True)
    right_to_left = get_language() == "fa"
    sheet = workbook.create_sheet(title=table.title[:31] or "data")
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    columns = layout(table)
    rows = iter(table.rows)
    first = [columns.values(table, row) for row in islice(rows, MEASURED_ROWS)]
    for index, cell in enumerate(columns.cells):
        longest = max([len(cell.header)] + [text_width(values[index]) for values in first])
        sheet.column_dimensions[column_letter(index)].width = _width(longest)
    header = []
    for text in columns.headers:
        header_cell = WriteOnlyCell(sheet, value=neutralise(text))
        header_cell.font = _HEADER_FONT
        header_cell.fill = _HEADER_FILL
        header.append(header_cell)
    sheet.append(header)
    formats = [cell.number_format for cell in columns.cells]
    count = 0
    for values in chain(first, (columns.values(table, row) for row in rows)):
        cells = []
        for value, number_format in zip(values, formats, strict=True):
            stored, stored_format = xlsx_cell(value, number_format)
            sheet_cell = WriteOnlyCell(sheet, value=stored)
            if stored_format:
                sheet_cell.number_format = stored_format
            cells.append(sheet_cell)
        sheet.append(cells)
        count += 1
    if columns.cells:
        last = column_letter(len(columns.cells) - 1)
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"

    _add_about_sheet(workbook, table, right_to_left)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_about_sheet(workbook: Workbook, table: ExportTable, right_to_left: bool) -> None:
    """The second sheet: the title, the synthetic-data flag, the sources and the notes."""
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
    sources = [*table.sources, *attribution_lines()]
    if sources:
        about.append([_("Sources")])
        for source in sources:
            about.append([source])
    for note in table.notes:
        about.append([note])


def xlsx_response(table: ExportTable, filename: str) -> HttpResponse:
    """A download of the table as XLSX."""
    response = HttpResponse(build_workbook(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
