"""Formatted XLSX exports: right-to-left sheets under Persian, sources and synthetic flag.

A workbook is written in two parts. openpyxl (write-only mode) writes everything but the data
rows: the styles, the header row, the column widths, the frozen header, the autofilter and the
"About" sheet. The data rows themselves are written here as SpreadsheetML text, row by row,
straight into the zip entry of the data sheet: openpyxl spends about 20 µs of CPU per cell (a
cell object, its style, an XML element), this writer about 0.3 µs. A table with a copy source
(governance.exports.pg_copy) is read in primary-key ranges, so memory stays bounded by one range
whatever the number of rows. The cells are those of governance.exports.cells (`xlsx_cell`), as
before: formulas neutralised, whole numbers as integers, number formats, dates as real Excel
dates.

The file is written to a temporary file (held in memory up to SPOOL_BYTES, on disk beyond), so a
large download does not grow the worker's memory either.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import IO, Any

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.datetime import to_excel

from governance.attribution import attribution_lines
from governance.exports.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    Layout,
    column_letter,
    layout,
    neutralise,
    text_width,
    whole_format,
    xlsx_cell,
)
from governance.exports.pg_copy import iter_rows
from governance.exports.table import ExportTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="343A40")


# Rows measured to size the columns (the widths come before the first row in the file).
MEASURED_ROWS = 500
MIN_WIDTH = 8
MAX_WIDTH = 60
# The data sheet's entry: deflate level 1 writes about 200 MB of XML a second (level 6, zlib's
# default, about 50) for a file about 15 % larger. The other entries are small.
DATA_COMPRESSLEVEL = 1
DATA_SHEET = "xl/worksheets/sheet1.xml"
# The row of the openpyxl-written sheet that the data rows replace.
_MARKER = "tavazon-data-rows-0f6c1d"
# Rows are joined and written to the zip entry this many at a time.
BATCH_ROWS = 500
# Distinct texts whose cells are kept for reuse (a few MB at most).
TEXTS_KEPT = 10_000
# A workbook up to this size stays in memory; a larger one is spooled to a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024

# Characters Excel refuses in a sheet's name (a panel title such as "σ-convergence: ...").
_SHEET_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")


def sheet_title(title: str) -> str:
    """The table's title as a sheet name: Excel's forbidden characters dropped, 31 at most."""
    return _SHEET_FORBIDDEN.sub(" ", title).strip()[:31].strip() or "data"


# Characters XML 1.0 forbids (openpyxl refuses them; they are dropped here) and the three that
# must be escaped in text.
_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _width(characters: int) -> float:
    return max(MIN_WIDTH, min(MAX_WIDTH, characters * 1.15 + 3))


def _xml_text(text: str) -> str:
    if _XML_SPECIAL.search(text):
        text = _XML_SPECIAL.sub(lambda match: _ENTITIES.get(match.group(), ""), text)
    return text


def _text_cell(text: str) -> str:
    """The part of a text cell after its reference: inline text (leading and trailing blanks
    marked to be kept, as openpyxl does)."""
    space = ' xml:space="preserve"' if text.strip() != text else ""
    return f'" t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'


class _RowWriter:
    """Turns rows of values (in the order of a layout's cells) into SpreadsheetML rows: text
    inline, numbers without a type (a number is a cell's default), no cell for an empty value."""

    def __init__(self, columns: Layout, styles: dict[str, int]) -> None:
        self.formats = [cell.number_format for cell in columns.cells]
        self.refs = [f'<c r="{column_letter(i)}' for i in range(len(columns.cells))]
        self.styles = styles
        # Text cells repeat (codes, names, sources): their XML is kept, up to TEXTS_KEPT.
        self.texts: dict[str, str] = {}

    def _text(self, value: str) -> str | None:
        """A text cell (after its reference); None for empty text, which is no cell."""
        cell = self.texts.get(value)
        if cell is None:
            if not value:
                return None
            cell = _text_cell(neutralise(value))
            if len(self.texts) < TEXTS_KEPT:
                self.texts[value] = cell
        return cell

    def _number(self, value: int | float, number_format: str | None) -> str:
        style = self.styles[number_format] if number_format else None
        styled = f'" s="{style}' if style is not None else ""
        return f'{styled}"><v>{value}</v></c>'

    def _cell(self, value: Any, number_format: str | None) -> str | None:
        """The cell after its reference, or None for an empty cell."""
        if value is None:
            return None
        if type(value) is str:
            return self._text(value)
        stored, stored_format = xlsx_cell(value, number_format)
        if isinstance(stored, bool):
            return f'" t="b"><v>{int(stored)}</v></c>'
        if isinstance(stored, int):
            return self._number(stored, stored_format)
        if isinstance(stored, float):
            if math.isfinite(stored):
                return self._number(stored, stored_format)
            return _text_cell(str(stored))
        if isinstance(stored, datetime.date | datetime.time | datetime.timedelta):
            return self._number(to_excel(stored), stored_format)
        if isinstance(stored, str):
            return _text_cell(stored) if stored else None
        return _text_cell(neutralise(str(stored)))

    def rows(self, rows: Iterable[Sequence[Any]], first_row: int) -> Iterable[str]:
        """The XML of each row, numbered from `first_row`.

        Text, floats, booleans and integers (nearly every cell) are written inline here, as
        `_cell` would write them: the per-cell cost is what bounds the rows per second."""
        text, cell, texts = self._text, self._cell, self.texts
        plan = []
        for ref, number_format in zip(self.refs, self.formats, strict=True):
            whole_style = self.styles[whole_format(number_format) or "0"]
            fraction_style = f' s="{self.styles[number_format]}"' if number_format else ""
            plan.append(
                (
                    ref,
                    number_format,
                    f'" s="{whole_style}"><v>',
                    f'"{fraction_style}><v>',
                )
            )
        booleans = {True: '" t="b"><v>1</v></c>', False: '" t="b"><v>0</v></c>'}
        isfinite = math.isfinite
        number = first_row
        for values in rows:
            r = str(number)
            parts = [f'<row r="{r}">']
            for (ref, number_format, whole, fraction), value in zip(plan, values, strict=True):
                kind = type(value)
                written: str | None
                if kind is str:
                    written = texts.get(value) or text(value)
                elif kind is float and isfinite(value):
                    if value.is_integer():
                        written = f"{whole}{int(value)}</v></c>"
                    else:
                        written = f"{fraction}{value!r}</v></c>"
                elif kind is bool:
                    written = booleans[value]
                elif kind is int:
                    written = f"{whole}{value}</v></c>"
                elif value is None:
                    continue
                else:
                    written = cell(value, number_format)
                if written is None:
                    continue
                parts.append(ref + r + written)
            parts.append("</row>")
            yield "".join(parts)
            number += 1


class _Shell:
    """The workbook around the data rows, written by openpyxl: styles, header, widths, views,
    autofilter and the About sheet, with one marker row where the data rows go."""

    def __init__(self, table: ExportTable, columns: Layout, widths: list[float]) -> None:
        self.table = table
        self.columns = columns
        self.widths = widths
        self.right_to_left = get_language() == "fa"
        formats = set()
        for cell in columns.cells:
            formats.add(cell.number_format)
            formats.add(whole_format(cell.number_format) or "0")
        formats |= {DATE_FORMAT, DATETIME_FORMAT}
        self.formats = sorted(f for f in formats if f)

    def build(self, rows: int) -> tuple[bytes, dict[str, int]]:
        """The workbook (zip bytes) for `rows` data rows, and the style index of each number
        format. Deterministic: two builds differ only in what depends on `rows`."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=sheet_title(self.table.title))
        sheet.sheet_view.rightToLeft = self.right_to_left
        sheet.freeze_panes = "A2"
        for index, width in enumerate(self.widths):
            sheet.column_dimensions[column_letter(index)].width = width
        header = []
        for text in self.columns.headers:
            header_cell = WriteOnlyCell(sheet, value=neutralise(text))
            header_cell.font = _HEADER_FONT
            header_cell.fill = _HEADER_FILL
            header.append(header_cell)
        sheet.append(header)
        styles = {}
        for number_format in self.formats:  # registered in the workbook's styles
            probe = WriteOnlyCell(sheet)
            probe.number_format = number_format
            styles[number_format] = probe.style_id
        sheet.append([_MARKER])
        if self.columns.cells:
            last = column_letter(len(self.columns.cells) - 1)
            sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
        _add_about_sheet(workbook, self.table, self.right_to_left)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue(), styles


def _split_sheet(shell: bytes) -> tuple[bytes, bytes]:
    """The data sheet's XML before and after the marker row."""
    with zipfile.ZipFile(io.BytesIO(shell)) as archive:
        xml = archive.read(DATA_SHEET)
    marker = xml.rindex(_MARKER.encode())  # the last row: after any header
    start = xml.rindex(b"<row ", 0, marker)
    end = xml.index(b"</row>", marker) + len(b"</row>")
    return xml[:start], xml[end:]


def _measure(columns: Layout, first: list[Sequence[Any]]) -> list[float]:
    widths = []
    for index, cell in enumerate(columns.cells):
        longest = max([len(cell.header)] + [text_width(values[index]) for values in first])
        widths.append(_width(longest))
    return widths


def _values(table: ExportTable, columns: Layout) -> Iterator[Sequence[Any]]:
    """The table's rows as values in the order of the written columns. A table with a copy source
    (governance.exports.pg_copy) is read from it in primary-key ranges, its rows already in the
    written columns; any other from its rows."""
    source = table.copy_source
    if source is not None and columns.copyable and len(source.fields) == len(columns.cells):
        return iter_rows(source)
    return (columns.values(table, row) for row in table.rows)


def _chunks(rows: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Rows joined BATCH_ROWS at a time, with the number of rows in each chunk."""
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            yield "".join(batch), len(batch)
            batch = []
    if batch:
        yield "".join(batch), len(batch)


def write_workbook(table: ExportTable, out: IO[bytes]) -> int:
    """Write the table as an .xlsx file to `out` (a seekable binary file); the number of rows.

    Values are formatted by governance.exports.cells; the header row has an autofilter and
    stays in view; columns are as wide as their header and the first rows' text.
    """
    columns = layout(table)
    values = _values(table, columns)
    first = list(islice(values, MEASURED_ROWS))
    shell = _Shell(table, columns, _measure(columns, first))
    draft, styles = shell.build(rows=len(first))
    head, _tail = _split_sheet(draft)
    rows = _RowWriter(columns, styles).rows(chain(first, values), first_row=2)
    count = 0
    with zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED, compresslevel=DATA_COMPRESSLEVEL
    ) as archive:
        with archive.open(DATA_SHEET, "w") as sheet:
            sheet.write(head)
            for chunk, rows_in_chunk in _chunks(rows):
                sheet.write(chunk.encode())
                count += rows_in_chunk
            final, final_styles = shell.build(rows=count)
            final_head, tail = _split_sheet(final)
            assert final_head == head and final_styles == styles  # only the row count differs
            sheet.write(tail)
        with zipfile.ZipFile(io.BytesIO(final)) as parts:
            for info in parts.infolist():
                if info.filename != DATA_SHEET:
                    archive.writestr(info.filename, parts.read(info.filename))
    return count


def build_workbook(table: ExportTable) -> bytes:
    """The table as .xlsx bytes (for small tables and tests; downloads use `xlsx_response`)."""
    buffer = io.BytesIO()
    write_workbook(table, buffer)
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


def xlsx_response(table: ExportTable, filename: str) -> HttpResponseBase:
    """A download of the table as XLSX: written to a temporary file first (a workbook cannot be
    sent before its last row is written), sent from memory when small, else streamed from disk."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    write_workbook(table, spool)
    size = spool.tell()
    spool.seek(0)
    response: HttpResponseBase
    if size <= SPOOL_BYTES:
        with spool:
            response = HttpResponse(spool.read(), content_type=XLSX_TYPE)
    else:
        response = FileResponse(spool, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
