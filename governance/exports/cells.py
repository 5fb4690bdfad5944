"""How exported values become cells: the one place that formats CSV and XLSX values.

Both writers (csv_export, xlsx_export) lay out a table's columns with `layout` and turn each value
into a cell with `csv_value` / `xlsx_cell`, so every download follows the same rules:

- text a spreadsheet would run as a formula (starting with =, +, -, @ and not a number) gets a
  leading quote; a number keeps its sign;
- whole numbers are written without ".0" (16357, not 16357.0), whatever type they are stored in;
- a `date` column is, under the jalali calendar and Persian, a Jalali text column followed by the
  Gregorian date; otherwise (English, or the gregorian calendar) the Gregorian date alone; in
  XLSX the Gregorian date is a real Excel date; datetimes are written in the active time zone
  (the profile's);
- a `county` column (its value is a county) is four columns: county code, county name, province
  code, province name, names in the active language.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from governance import calendars
from governance.dates import sortable_date
from governance.exports.table import Column, ExportTable

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MEMO_SIZE = 20_000  # expanded county and date values kept per export


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as spreadsheets name columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A number as a spreadsheet reads it: "-3.5", "+98", "1e-7" are numbers, not formulas. ASCII
# digits only, nothing around them (PostgreSQL's COPY path, governance.exports.pg_copy, applies
# the same pattern in SQL).
NUMBER_PATTERN = r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$"
_NUMBER = re.compile(NUMBER_PATTERN.removeprefix("^").removesuffix("$"))
# Blanks a formula may hide after.
LEADING_BLANKS = " \t\r\n"


def neutralise(text: str) -> str:
    """`text`, prefixed with a quote when a spreadsheet would run it as a formula: it starts with
    =, +, - or @ (after any leading blanks, tabs or line breaks) and is not a number."""
    stripped = text.lstrip(LEADING_BLANKS)
    if stripped[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(stripped):
        return "'" + text
    return text


def whole(value: float | Decimal) -> int | float | Decimal:
    """A float or Decimal holding a whole number, as an int; other numbers unchanged."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value.normalize()


def local(value: datetime.datetime) -> datetime.datetime:
    """A datetime in the active time zone (the profile's), without tzinfo (spreadsheets know no
    time zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def jalali_text(value: datetime.date | datetime.datetime | None) -> str:
    """A date as Jalali text, year first so it sorts: '1403/01/15' ('1403/01/15 10:30'); written
    only under the jalali calendar."""
    return sortable_date(value)


# --- layout: the columns a table becomes -----------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One written column: its header, how to read its value from the table's value, its format."""

    header: str
    read: Callable[[Any], Any]
    number_format: str | None = None
    expands: bool = False  # made from a date or county column (read from the column's value)


def _same(value: Any) -> Any:
    return value


def _attr(*path: str) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        for name in path:
            if value is None:
                return None
            value = getattr(value, name, None)
        return value

    return read


def _gregorian(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return local(value)
    return value


def _cells_of(column: Column, language: str) -> list[Cell]:
    if column.kind == "date":
        gregorian = Cell(column.header, _gregorian, column.number_format, expands=True)
        if language != "fa" or calendars.active_calendar() != calendars.JALALI:
            return [gregorian]
        return [
            Cell(column.header, jalali_text, expands=True),
            Cell(
                _("%(column)s (Gregorian)") % {"column": column.header},
                _gregorian,
                column.number_format,
                expands=True,
            ),
        ]
    if column.kind == "county":
        return [
            Cell(_("County code"), _attr("code"), expands=True),
            Cell(column.header, _attr("name"), expands=True),
            Cell(_("Province code"), _attr("province", "code"), expands=True),
            Cell(_("Province"), _attr("province", "name"), expands=True),
        ]
    return [Cell(column.header, _same, column.number_format)]


@dataclass(frozen=True)
class Layout:
    """The written columns of a table, and how to turn one of its rows into their values."""

    cells: list[Cell]
    plan: list[tuple[int, list[Cell]]]  # per table column: its index and its written columns
    simple: bool  # every column is written as it is: rows need no expanding
    # PostgreSQL's COPY can write these columns: no date column (its Jalali text and local time
    # are Python's), so the copy source lists one field per written column (a county column as
    # its four fields, governance.exports.pg_copy.county_fields).
    copyable: bool = False

    @property
    def headers(self) -> list[str]:
        return [cell.header for cell in self.cells]

    # Expanded values by the value they come from (a county, a date): rows repeat the same few
    # hundred counties and dates, and reading a name costs a language look-up each time.
    expanded: dict[tuple[int, Any], list[Any]] = field(default_factory=dict, compare=False)

    def values(self, table: ExportTable, row: Any) -> Sequence[Any]:
        """The row's values in the order of `cells` (dates still dates, numbers still numbers)."""
        raw = table.values(row)
        if self.simple:
            return raw
        out: list[Any] = []
        for index, cells in self.plan:
            value = raw[index]
            if len(cells) == 1 and not cells[0].expands:
                out.append(value)
            else:
                out.extend(self._expand(index, cells, value))
        return out

    def _expand(self, index: int, cells: list[Cell], value: Any) -> list[Any]:
        try:  # model instances compare by primary key, dates by value
            key = (index, value)
            found = self.expanded.get(key)
        except TypeError:  # unhashable, or a model instance without a primary key
            return [cell.read(value) for cell in cells]
        if found is None:
            found = [cell.read(value) for cell in cells]
            if len(self.expanded) < MEMO_SIZE:
                self.expanded[key] = found
        return found


def layout(table: ExportTable) -> Layout:
    """How the table's columns are written in the active language."""
    language = get_language() or "fa"
    plan = [(index, _cells_of(column, language)) for index, column in enumerate(table.columns)]
    cells = [cell for _index, written in plan for cell in written]
    simple = all(len(written) == 1 and not written[0].expands for _index, written in plan)
    copyable = all(column.kind != "date" for column in table.columns)
    return Layout(cells=cells, plan=plan, simple=simple, copyable=copyable)


# --- one value as a cell ---------------------------------------------------------------------


def csv_value(value: Any) -> Any:
    """A value as the CSV writer should write it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return whole(value)
    if isinstance(value, Decimal):
        number = whole(value)
        return number if isinstance(number, int) else format(number, "f")  # never "1E-7"
    if isinstance(value, datetime.datetime):
        return local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def whole_format(number_format: str | None) -> str | None:
    # "#,##0.##" shows a whole number as "16,357." in Excel: drop the decimals part.
    if number_format and "." in number_format:
        return number_format.split(".", 1)[0]
    return number_format


def xlsx_cell(value: Any, number_format: str | None) -> tuple[Any, str | None]:
    """A value and its number format as the XLSX writer should store them."""
    if isinstance(value, str):
        return neutralise(value), None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, float | Decimal):
        value = whole(value)
        if isinstance(value, Decimal):
            value = float(value)
    if isinstance(value, int):
        return value, whole_format(number_format) or "0"
    if isinstance(value, float):
        return value, number_format
    if isinstance(value, datetime.datetime):
        return local(value), DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    return value, None


def text_width(value: Any) -> int:
    """About how many characters a cell shows, to size its column."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = whole(value) if isinstance(value, float | Decimal) else value
        text = f"{number:,}" if isinstance(number, int) else f"{float(number):,.3f}"
        return len(text)
    return max((len(line) for line in str(value).splitlines()), default=0)
