"""Importing observations from CSV or XLSX files: read, validate, preview, write all or nothing.

Two layouts are accepted (docs/data-import.md):

- long: one value per row, columns `indicator, county, [area,] period, value[, source, note]`;
- wide: one row per place and period, one column per indicator code.

Every problem is reported with its row and column (`ImportIssue`), rendered in the reader's
language when shown. A file with any problem changes nothing. Re-importing the same file finds
every row unchanged and writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

from counties.choices import ImportStatus
from counties.models import Area, County, ImportJob, Indicator
from counties.observations import ObservationRow, stored_observations, write_observations
from counties.signals import announce_observations_changed
from counties.value_checks import Flag, check_rows
from governance.access import is_ministry
from governance.exports.cells import column_letter
from governance.periods import Period, PeriodError, parse_period, period_error_message
from governance.persian import message_params, normalise_number, to_latin_digits
from governance.queueing import Failure, enqueue_after_commit, fail_waiting
from governance.ranges import MEASURE_LIMIT

if TYPE_CHECKING:
    from django.db.models import Model

    from governance.models import User

Progress = Callable[[int, int], None]

MAX_LISTED_ISSUES = 1000
SOURCE_MAX_LENGTH = 300
PROGRESS_EVERY = 5000

# Marked for translation here, translated when shown (in the language of whoever reads them).
MESSAGES: dict[str, str] = {
    "empty_file": _("The file is empty: it has no rows of data."),
    "encoding": _(
        "The file is not UTF-8 text (first unreadable byte on line %(line)s). Save it as "
        "“CSV UTF-8” and upload it again."
    ),
    "unreadable": _("The file could not be read as CSV or XLSX (%(detail)s)."),
    "utf16_without_bom": _(
        "The file seems to be UTF-16 text without a byte-order mark. Save it as “CSV UTF-8” "
        "and upload it again."
    ),
    "nul_character": _(
        "Line %(line)s holds a NUL character, which a CSV text file cannot contain. Save the "
        "file again as “CSV UTF-8” and upload it."
    ),
    "missing_column": _("The required column “%(column)s” is missing."),
    "unknown_column": _("“%(value)s” is neither a known column nor an indicator code."),
    "duplicate_column": _("The column “%(value)s” appears twice."),
    "missing_value": _("This cell is empty but a value is required."),
    "unknown_county": _("Unknown county “%(value)s”: use the county code or its census code."),
    "unknown_area": _("County %(county)s has no area “%(value)s” (use its code or name)."),
    "unknown_indicator": _("Unknown indicator “%(value)s”."),
    "not_numeric": _("“%(value)s” is not a number."),
    "out_of_range": _(
        "%(value)s is outside the valid range of %(indicator)s (%(min)s to %(max)s)."
    ),
    "duplicate_key": _("The same indicator, place and period already appear in row %(first_row)s."),
    # Why, in the reader's language and the profile's calendar: governance.periods (the
    # PeriodError's reason and values are kept in the issue's params); this is the fallback.
    "bad_period": _("“%(value)s” is not a period."),
    "formula": _("This cell holds a formula (%(value)s): import values only, not formulas."),
    "too_long": _("This text is longer than %(limit)s characters."),
    "changed_meanwhile": _(
        "The data changed while this file was being imported; nothing was written. Try again."
    ),
}

# Message parameters that are numbers Tavazon wrote (not values copied from the file).
NUMBER_PARAMS = frozenset({"line", "first_row", "limit", "min", "max"})


# Column headers (normalised: lower case, Latin digits, "_" for spaces) and their meaning.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_code", "شاخص", "کد_شاخص"),
    "county": ("county", "county_code", "census_code", "شهرستان", "کد_شهرستان"),
    "area": ("area", "area_code", "area_name", "محدوده", "ناحیه", "منطقه"),
    "period": ("period", "year", "دوره", "سال"),
    "value": ("value", "مقدار"),
    "source": ("source", "منبع"),
    "note": ("note", "یادداشت", "توضیحات"),
}
_ALIAS = {alias: role for role, aliases in COLUMN_ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class ImportIssue:
    """One problem in a file: where it is (row, column) and what (a code and its values)."""

    code: str
    row: int | None = None
    column: str = ""
    letter: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The problem in the active language, its numbers (line, row, limit, range) in the
        language's digits; values copied from the file are shown as they were typed."""
        if self.code == "bad_period":
            params = {k: v for k, v in self.params.items() if k not in ("value", "reason")}
            return period_error_message(
                str(self.params.get("value", "")), self.params.get("reason", "form"), params
            )
        text = gettext(MESSAGES[self.code])
        if not self.params:
            return text
        return text % message_params(self.params, NUMBER_PARAMS, get_language())

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "params": self.params,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportIssue:
        return cls(
            code=data["code"],
            row=data.get("row"),
            column=data.get("column", ""),
            letter=data.get("letter", ""),
            params=data.get("params") or {},
        )


@dataclass
class ImportPlan:
    """What importing a file would do (or did): rows to create and update, and every issue."""

    layout: str = ""
    rows_read: int = 0
    creates: list[ObservationRow] = field(default_factory=list)
    updates: list[ObservationRow] = field(default_factory=list)
    unchanged: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    issue_count: int = 0
    # The score rebuild queued when the values were written (scores.ScoreRun), if any.
    score_run: Model | None = None
    written: bool = False
    # Held for approval: the rows wait in a data submission and no observation was written.
    held: bool = False
    # The data submission that records the import (submissions.Submission), if one was made.
    submission: Any = None
    lines: dict[tuple[int, int, int, str], int] = field(default_factory=dict)  # key -> file row

    @property
    def ok(self) -> bool:
        return self.issue_count == 0

    def add(self, issue: ImportIssue) -> None:
        self.issue_count += 1
        if len(self.issues) < MAX_LISTED_ISSUES:
            self.issues.append(issue)


class FileProblem(Exception):
    """The file as a whole cannot be read; carries the issue."""

    def __init__(self, issue: ImportIssue) -> None:
        self.issue = issue
        super().__init__(issue.code)


# --- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    value: Any
    formula: bool = False


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    total: int


def read_table(data: bytes, filename: str) -> Table:
    """Open a CSV or XLSX file; FileProblem if it cannot be read or holds no data."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    return _read_csv(data)


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: NUL bytes fill most even or most odd positions."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > half // 3


def _decode(data: bytes) -> str:
    """The file's text (UTF-8, or UTF-16 with its byte-order mark); FileProblem otherwise.
    NUL characters are refused: no CSV holds them, and PostgreSQL cannot store them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif _looks_like_utf16(data):
        raise FileProblem(ImportIssue("utf16_without_bom"))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FileProblem(ImportIssue("encoding", row=line, params={"line": line})) from exc
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise FileProblem(ImportIssue("nul_character", row=line, params={"line": line}))
    return text


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if not text.strip():
        raise FileProblem(ImportIssue("empty_file"))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration as exc:  # pragma: no cover - guarded by the strip() above
        raise FileProblem(ImportIssue("empty_file")) from exc

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(reader, start=2):
            yield number, [Cell(value) for value in record]

    return Table([h.strip() for h in header], rows(), max(text.count("\n"), 1))


def _read_xlsx(data: bytes) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise FileProblem(ImportIssue("unreadable", params={"detail": type(exc).__name__})) from exc
    sheet = book.worksheets[0]
    # Read-only mode stops at the <dimension> tag, which some writers get wrong: keep its row
    # count as a progress hint only, and read every row the sheet really holds.
    declared_rows = sheet.max_row
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    iterator = sheet.iter_rows()
    try:
        first = next(iterator)
    except StopIteration as exc:
        raise FileProblem(ImportIssue("empty_file")) from exc
    header = ["" if c.value is None else str(c.value).strip() for c in first]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(iterator, start=2):
            yield (
                number,
                [
                    Cell(
                        c.value,
                        formula=getattr(c, "data_type", None) == "f"
                        or (isinstance(c.value, str) and c.value.startswith("=")),
                    )
                    for c in record
                ],
            )

    return Table(header, rows(), max((declared_rows or 2) - 1, 1))


# --- validating ---------------------------------------------------------------------------


def _normalise_header(text: str) -> str:
    return "_".join(to_latin_digits(text).strip().lower().replace("-", " ").split())


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(value: Any) -> float | None:
    """A finite number from a cell: Persian digits and separators accepted; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value):
        return float(value)  # most cells: nothing to normalise (and always finite)
    else:
        try:
            number = float(normalise_number(str(value)))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,300}(?:\.[0-9]{1,300})?")


class _Lookups:
    """Counties, areas and indicators by every key a file may use (loaded once); each text a
    file uses is looked up once."""

    def __init__(self) -> None:
        self._county_texts: dict[str, int | None] = {}
        self._area_texts: dict[tuple[int, str], int | None] = {}
        self.counties: dict[str, int] = {}
        self.county_code: dict[int, str] = {}
        for pk, code, census in County.objects.values_list("pk", "code", "census_code"):
            self.county_code[pk] = code
            if census:
                self.counties.setdefault(census, pk)
        for pk, code in self.county_code.items():
            self.counties[code] = pk  # a county code wins over a census code
        self.areas: dict[tuple[int, str], int] = {}
        for pk, county_id, code, name_fa, name_en in Area.objects.values_list(
            "pk", "county_id", "code", "name_fa", "name_en"
        ):
            for key in (name_en.lower(), name_fa, code.lower()):
                if key:
                    self.areas.setdefault((county_id, key), pk)
        self.indicators: dict[str, Indicator] = {i.code.lower(): i for i in Indicator.objects.all()}

    def county(self, text: str) -> int | None:
        if text in self._county_texts:
            return self._county_texts[text]
        latin = to_latin_digits(text).strip()
        found = self.counties.get(latin)
        if found is None and latin.isdigit() and len(latin) < 4:
            found = self.counties.get(latin.zfill(4))  # Excel drops census codes' leading zeros
        self._county_texts[text] = found
        return found

    def area(self, county_id: int, text: str) -> int | None:
        key = (county_id, text)
        if key in self._area_texts:
            return self._area_texts[key]
        latin = to_latin_digits(text).strip()
        found = self.areas.get((county_id, latin)) or self.areas.get((county_id, latin.lower()))
        self._area_texts[key] = found
        return found


@dataclass
class _Columns:
    layout: str
    roles: dict[str, int]
    indicators: dict[int, Indicator]  # wide layout: column index -> indicator


def _columns(header: list[str], lookups: _Lookups, plan: ImportPlan) -> _Columns | None:
    """What each column holds, or None (with the issues) when the header does not fit."""
    roles, indicator_columns, unknown = _read_header(header, lookups, plan)
    layout = "long" if "indicator" in roles or "value" in roles else "wide"
    long_columns = ("indicator", "county", "period", "value")
    required = long_columns if layout == "long" else ("county", "period")
    for role in required:
        if role not in roles:
            plan.add(ImportIssue("missing_column", row=1, column=role, params={"column": role}))
    for index in unknown:
        plan.add(_at(1, header, index, "unknown_column", value=header[index]))
    if layout == "wide" and not indicator_columns and not unknown:
        plan.add(
            ImportIssue("missing_column", row=1, column="indicator", params={"column": "indicator"})
        )
    if layout == "long" and indicator_columns:
        for index in indicator_columns:
            plan.add(_at(1, header, index, "unknown_column", value=header[index]))
    if plan.issue_count:
        return None
    return _Columns(layout, roles, indicator_columns)


def _read_header(
    header: list[str], lookups: _Lookups, plan: ImportPlan
) -> tuple[dict[str, int], dict[int, Indicator], list[int]]:
    """The header's roles (column name -> index), indicator columns and unknown columns; a
    column named twice is an issue."""
    roles: dict[str, int] = {}
    indicator_columns: dict[int, Indicator] = {}
    unknown: list[int] = []
    for index, raw in enumerate(header):
        name = _normalise_header(raw)
        if not name:
            continue
        role = _ALIAS.get(name)
        indicator = lookups.indicators.get(name)
        if role is not None:
            if role in roles:
                plan.add(_at(1, header, index, "duplicate_column", value=raw))
            roles[role] = index
        elif indicator is not None:
            if any(i.pk == indicator.pk for i in indicator_columns.values()):
                plan.add(_at(1, header, index, "duplicate_column", value=raw))
            indicator_columns[index] = indicator
        else:
            unknown.append(index)
    return roles, indicator_columns, unknown


def _at(row: int, header: list[str], index: int, code: str, **params: Any) -> ImportIssue:
    return ImportIssue(
        code,
        row=row,
        column=header[index] if index < len(header) else "",
        letter=column_letter(index),
        params={k: str(v) for k, v in params.items()},
    )


def _fmt(number: float | None) -> str:
    if number is None:
        return "…"
    return f"{number:g}"


def plan_import(
    data: bytes,
    filename: str,
    *,
    default_source: str = "",
    progress: Progress | None = None,
) -> ImportPlan:
    """Validate a file against the catalogue and compare it with the stored data (no writes)."""
    plan = ImportPlan()
    try:
        table = read_table(data, filename)
    except FileProblem as problem:
        plan.add(problem.issue)
        return plan
    lookups = _Lookups()
    columns = _columns(table.header, lookups, plan)
    if columns is None:
        return plan
    plan.layout = columns.layout
    rows = _RowChecker(plan, table.header, columns, lookups)
    for number, record in table.rows:
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, max(table.total, number))  # the total is only an estimate
        rows.check(number, record)
    plan.lines = rows.seen
    if plan.rows_read == 0 and plan.issue_count == 0:
        plan.add(ImportIssue("empty_file"))
    if progress is not None:
        progress(table.total, table.total)
    if plan.ok:
        _compare(plan, rows.parsed, default_source.strip())
    return plan


_Key = tuple[int, int, int, str]  # indicator, county, area (0: the county itself), period


@dataclass
class _RowChecker:
    """Checks a file's rows in order: adds their issues to the plan, keeps the values that
    passed (`parsed`) and the row each key was first read on (`seen`)."""

    plan: ImportPlan
    header: list[str]
    columns: _Columns
    lookups: _Lookups
    periods: dict[str, Period | None] = field(default_factory=dict)
    refusals: dict[str, dict[str, Any]] = field(default_factory=dict)  # period text -> why
    seen: dict[_Key, int] = field(default_factory=dict)
    parsed: list[tuple[_Key, Period, float, str | None, str | None]] = field(default_factory=list)

    def cell(self, record: list[Cell], role: str) -> Cell | None:
        index = self.columns.roles.get(role)
        return record[index] if index is not None and index < len(record) else None

    def issue(self, number: int, index: int, code: str, **params: Any) -> None:
        self.plan.add(_at(number, self.header, index, code, **params))

    def check(self, number: int, record: list[Cell]) -> None:
        """Check one row (`number` as in the file) and keep its values that passed."""
        if all(_text(c) == "" for c in record):
            return
        self.plan.rows_read += 1
        if self._has_formulas(number, record):
            return
        roles = self.columns.roles
        county_id = self._county(number, record)
        area_id = self._area(number, record, county_id)
        period = self._period(number, record)
        source = _optional_text(record, roles, "source", number, self.header, self.plan)
        note = _optional_text(record, roles, "note", number, self.header, self.plan)
        for index, indicator, value_cell, required in self._values(number, record):
            value = self._value(number, index, indicator, value_cell, required)
            if value is None or indicator is None:
                continue
            if county_id is None or period is None or area_id < 0:
                continue
            key = (indicator.pk, county_id, area_id, period.key)
            first = self.seen.get(key)
            if first is not None:
                self.issue(number, index, "duplicate_key", first_row=first)
                continue
            self.seen[key] = number
            self.parsed.append((key, period, value, source, note))

    def _has_formulas(self, number: int, record: list[Cell]) -> bool:
        for index, c in enumerate(record):
            if c.formula:
                self.issue(number, index, "formula", value=str(c.value)[:40])
        return any(c.formula for c in record)

    def _county(self, number: int, record: list[Cell]) -> int | None:
        county_text = _text(self.cell(record, "county"))
        county_id = self.lookups.county(county_text) if county_text else None
        if not county_text:
            self.issue(number, self.columns.roles["county"], "missing_value")
        elif county_id is None:
            self.issue(number, self.columns.roles["county"], "unknown_county", value=county_text)
        return county_id

    def _area(self, number: int, record: list[Cell], county_id: int | None) -> int:
        """The area's id, 0 for a county-level row, -1 for an unknown area."""
        area_text = _text(self.cell(record, "area"))
        if not area_text or county_id is None:
            return 0
        area_id = self.lookups.area(county_id, area_text) or -1
        if area_id < 0:
            county = self.lookups.county_code[county_id]
            self.issue(
                number, self.columns.roles["area"], "unknown_area", value=area_text, county=county
            )
        return area_id

    def _period(self, number: int, record: list[Cell]) -> Period | None:
        period_text = _text(self.cell(record, "period"))
        if period_text not in self.periods:
            try:
                self.periods[period_text] = parse_period(period_text) if period_text else None
            except PeriodError as exc:
                self.periods[period_text] = None
                self.refusals[period_text] = {"reason": exc.reason, **exc.params}
        period = self.periods[period_text]
        if not period_text:
            self.issue(number, self.columns.roles["period"], "missing_value")
        elif period is None:
            why = self.refusals.get(period_text, {})
            self.issue(number, self.columns.roles["period"], "bad_period", value=period_text, **why)
        return period

    def _values(
        self, number: int, record: list[Cell]
    ) -> list[tuple[int, Indicator | None, Cell | None, bool]]:
        """(column index, indicator, cell, whether a value is required) of the row's values."""
        if self.columns.layout != "long":
            return [
                (index, indicator, record[index] if index < len(record) else None, False)
                for index, indicator in self.columns.indicators.items()
            ]
        roles = self.columns.roles
        indicator_text = _text(self.cell(record, "indicator"))
        indicator = self.lookups.indicators.get(to_latin_digits(indicator_text).lower())
        if not indicator_text:
            self.issue(number, roles["indicator"], "missing_value")
        elif indicator is None:
            self.issue(number, roles["indicator"], "unknown_indicator", value=indicator_text)
        return [(roles["value"], indicator, self.cell(record, "value"), True)]

    def _value(
        self,
        number: int,
        index: int,
        indicator: Indicator | None,
        value_cell: Cell | None,
        required: bool,
    ) -> float | None:
        """The cell's number, or None (with its issue) when empty, not a number, of an unknown
        indicator or out of the indicator's range."""
        raw = _text(value_cell)
        if raw == "":
            if required:
                self.issue(number, index, "missing_value")
            return None
        value = parse_number(value_cell.value if value_cell else None)
        if value is None:
            self.issue(number, index, "not_numeric", value=raw[:40])
            return None
        if indicator is None:
            return None
        # An indicator without bounds still has the measure range (no 1e308 population).
        low = indicator.min_value if indicator.min_value is not None else -MEASURE_LIMIT
        high = indicator.max_value if indicator.max_value is not None else MEASURE_LIMIT
        if not low <= value <= high:
            self.issue(
                number,
                index,
                "out_of_range",
                value=_fmt(value),
                indicator=indicator.code,
                min=_fmt(low),
                max=_fmt(high),
            )
            return None
        return value


def _optional_text(
    record: list[Cell],
    roles: dict[str, int],
    role: str,
    number: int,
    header: list[str],
    plan: ImportPlan,
) -> str | None:
    index = roles.get(role)
    if index is None:
        return None
    text = _text(record[index]) if index < len(record) else ""
    if role == "source" and len(text) > SOURCE_MAX_LENGTH:
        plan.add(_at(number, header, index, "too_long", limit=SOURCE_MAX_LENGTH))
    return text


def _stored(
    parsed: list[tuple[_Key, Period, float, str | None, str | None]],
) -> dict[_Key, tuple[int, float, str, str, bool]]:
    """The stored observations of the parsed rows' indicators and periods: key -> (pk, value,
    source, note, synthetic)."""
    return stored_observations(
        {key[0] for key, *_ in parsed}, sorted({key[3] for key, *_ in parsed})
    )


def _compare(
    plan: ImportPlan,
    parsed: list[tuple[_Key, Period, float, str | None, str | None]],
    default_source: str,
) -> None:
    """Split valid rows into creates, updates and unchanged against the stored observations."""
    existing = _stored(parsed)
    starts: dict[str, datetime.date] = {}
    for key, period, value, source, note in parsed:
        start = starts.get(period.key)
        if start is None:
            start = starts[period.key] = period.gregorian_start()
        current = existing.get(key)
        if current is None:
            new_source = source or default_source
            new_note = note or ""
        else:
            kept_source = "" if current[4] else current[2]  # never keep a "synthetic" label
            new_source = source or default_source or kept_source
            new_note = current[3] if note is None else note
            if (current[1], current[2], current[3], current[4]) == (
                value,
                new_source,
                new_note,
                False,
            ):
                plan.unchanged += 1
                continue
        row = ObservationRow(
            indicator_id=key[0],
            county_id=key[1],
            area_id=key[2] or None,
            period=period.key,
            period_kind=period.kind,
            period_start=start,
            value=value,
            source=new_source,
            note=new_note,
            is_synthetic=False,
            pk=None if current is None else current[0],
        )
        (plan.creates if current is None else plan.updates).append(row)


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRecord:
    """What an import did, for the data submissions app to record (counties does not import
    submissions: the submissions app registers its recorder when it starts)."""

    origin: str  # "import" (a browser upload, `job` set) or "command" (import_observations)
    rows: list[ObservationRow]  # the observations the file creates or corrects
    approved: bool  # written now (approved on upload or by the operator) or held for approval
    filename: str
    user: User | None = None
    job: ImportJob | None = None


ImportRecorder = Callable[[ImportRecord], Any]
_recorder: ImportRecorder | None = None


def set_import_recorder(recorder: ImportRecorder | None) -> None:
    """Register the function that records imports as data submissions (submissions.apps)."""
    global _recorder
    _recorder = recorder


def import_observations(
    data: bytes,
    filename: str,
    *,
    user: User | None = None,
    default_source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    approve: bool = True,
    record_as: str = "",
    job: ImportJob | None = None,
) -> ImportPlan:
    """Validate a file and, if it has no error and this is no dry run, import it all or nothing.

    approve=True writes the observations and queues a score rebuild when the write commits;
    approve=False writes no observation: the rows are held in a data submission that ministry
    staff approve (which writes them). `record_as` ("import" or "command") records the import
    as a data submission in the same transaction; held rows always are.
    """
    plan = plan_import(data, filename, default_source=default_source, progress=progress)
    if not plan.ok or dry_run or not (plan.creates or plan.updates):
        return plan
    if not approve and _recorder is None:
        raise ImproperlyConfigured("Holding an import for approval needs the submissions app.")
    try:
        with transaction.atomic():
            if approve:
                write_observations(
                    plan.creates, plan.updates, user=user, reason=f"import {filename}"[:100]
                )
                plan.score_run = announce_observations_changed(trigger="import", user=user)
            if (record_as or not approve) and _recorder is not None:
                plan.submission = _recorder(
                    ImportRecord(
                        origin=record_as or "import",
                        rows=[*plan.creates, *plan.updates],
                        approved=approve,
                        filename=filename,
                        user=user,
                        job=job,
                    )
                )
    except IntegrityError:
        # Someone stored one of these keys after the comparison: nothing was written.
        plan.add(ImportIssue("changed_meanwhile"))
        plan.score_run = plan.submission = None
        return plan
    plan.written = approve
    plan.held = not approve
    return plan


# --- import jobs (the browser flow) -------------------------------------------------------

INLINE_MAX_BYTES = 256 * 1024


def _job_progress(job_id: int) -> Progress:
    state = {"last": -1}

    def report(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent != state["last"]:
            state["last"] = percent
            ImportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    return report


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def start_import_job(
    upload: Any, *, user: User, default_source: str = "", approve: bool = False
) -> ImportJob:
    """Store an uploaded file and check it: small files now, large ones in a Celery task.
    `approve` (honoured for ministry staff only) approves its values on upload; otherwise
    importing it holds them in a data submission for ministry staff to approve."""
    from counties.tasks import check_import

    job = ImportJob.objects.create(
        file=upload,
        original_name=getattr(upload, "name", "upload")[:255],
        uploaded_by=user,
        default_source=default_source[:SOURCE_MAX_LENGTH],
        approve_on_upload=approve and is_ministry(user),
    )
    if job.file.size <= INLINE_MAX_BYTES:
        return check_import_job(job.pk)
    job_id = job.pk
    enqueue_after_commit(check_import, job_id, on_failure=_not_checked(job_id))
    job.refresh_from_db(fields=["status", "error", "finished_at"])
    return job


def _not_checked(job_id: int) -> Failure:
    """The check could not be queued: the job failed (nothing was read); upload it again."""
    return fail_waiting(
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.VALIDATING), ImportStatus.FAILED
    )


def check_was_not_queued(job: ImportJob) -> bool:
    """Did `job` fail only because its check could not be queued (a dead broker)? Its file was
    never read, so it may be checked again. The reason is stored in the uploader's language."""
    if job.status != ImportStatus.FAILED or not job.error:
        return False
    from django.conf import settings
    from django.utils import translation

    from governance.queueing import NOT_QUEUED

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if job.error == str(NOT_QUEUED)[:2000]:
                return True
    return False


def check_import_again(job_id: int) -> ImportJob:
    """Queue again the check of an import whose check could not be queued; a job that failed
    for any other reason is left as it is (its file must be corrected and uploaded again)."""
    from counties.tasks import check_import

    job = ImportJob.objects.get(pk=job_id)
    if not check_was_not_queued(job):
        return job
    updated = ImportJob.objects.filter(
        pk=job_id, status=ImportStatus.FAILED, error=job.error
    ).update(status=ImportStatus.VALIDATING, error="", finished_at=None, progress_done=0)
    if not updated:  # another request got there first
        return ImportJob.objects.get(pk=job_id)
    if job.file.size <= INLINE_MAX_BYTES:
        return check_import_job(job_id)
    enqueue_after_commit(check_import, job_id, on_failure=_not_checked(job_id))
    job.refresh_from_db(fields=["status", "error", "finished_at", "progress_done"])
    return job


def _not_applied(job_id: int, reason: str) -> None:
    """The import could not be queued: back to its preview, so that it can be confirmed again."""
    ImportJob.objects.filter(pk=job_id, status=ImportStatus.IMPORTING).update(
        status=ImportStatus.READY, progress_done=0
    )


def _store_plan(job: ImportJob, plan: ImportPlan, status: str) -> None:
    job.status = status
    job.layout = plan.layout
    job.row_count = plan.rows_read
    job.created, job.updated, job.unchanged = len(plan.creates), len(plan.updates), plan.unchanged
    job.issues = [issue.as_dict() for issue in plan.issues]
    job.issue_count = plan.issue_count
    job.progress_done = job.progress_total
    fields = ["status", "layout", "row_count", "created", "updated", "unchanged", "issues"]
    fields += ["issue_count", "progress_done"]
    if status in (ImportStatus.DONE, ImportStatus.INVALID, ImportStatus.FAILED):
        job.finished_at = timezone.now()
        fields.append("finished_at")
    if plan.score_run is not None:
        # A scores.ScoreRun: counties never imports scores, not even for types (app boundaries).
        job.score_run = cast(Any, plan.score_run)
        fields.append("score_run")
    job.save(update_fields=fields)


def check_import_job(job_id: int) -> ImportJob:
    """Validate a stored file and record its preview: counts, or every error."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.VALIDATING:
        return job
    try:
        plan = plan_import(
            _read(job),
            job.original_name,
            default_source=job.default_source,
            progress=_job_progress(job.pk),
        )
    except Exception as exc:  # never left "validating": the page says the import failed
        import logging

        logging.getLogger(__name__).exception("checking import %s failed", job_id)
        job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
        job.error = str(exc).replace("\x00", "")[:2000]
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.refresh_from_db(fields=["progress_total"])
    _store_plan(job, plan, ImportStatus.READY if plan.ok else ImportStatus.INVALID)
    if plan.ok:
        _store_flags(job, plan)
    return job


# --- flags of the preview (counties.value_checks): warnings that never block an import ---------

PREVIEW_FLAGGED_ROWS = 20


@dataclass
class ImportFlags:
    """How many rows of a file have a flagged value, and the first PREVIEW_FLAGGED_ROWS of them."""

    count: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)


def flag_import(plan: ImportPlan) -> ImportFlags:
    """The rule and outlier flags of the values an import would write (its creates and
    updates; unchanged values are approved already), grouped by file row: each listed row holds
    its flagged values with the names of their county and indicator in both languages, so that
    the preview needs no query and shows them in the reader's language. Checked in bulk
    (counties.value_checks.check_rows): a handful of queries whatever the file's size."""
    rows = [*plan.creates, *plan.updates]
    if not rows:
        return ImportFlags()
    indicators = Indicator.objects.in_bulk({row.indicator_id for row in rows})
    checked = check_rows(
        [row.indicator_id for row in rows],
        [row.county_id for row in rows],
        [row.area_id for row in rows],
        [row.period for row in rows],
        [row.value for row in rows],
        indicators=indicators,
    )
    flagged: dict[int, list[tuple[ObservationRow, list[Flag]]]] = {}
    for k in sorted(checked):
        row = rows[k]
        flagged.setdefault(plan.lines.get(row.key, 0), []).append((row, checked[k]))
    first = sorted(flagged)[:PREVIEW_FLAGGED_ROWS]
    counties = County.objects.in_bulk(
        {row.county_id for line in first for row, _flags in flagged[line]}
    )
    listed = [
        {
            "row": line,
            "values": [
                {
                    "county": _names(counties[row.county_id]),
                    "indicator": _names(indicators[row.indicator_id]),
                    "area_id": row.area_id,
                    "period": row.period,
                    "value": row.value,
                    "unit": indicators[row.indicator_id].unit,
                    "decimals": indicators[row.indicator_id].display_decimals,
                    "flags": [flag.as_json() for flag in flags],
                }
                for row, flags in flagged[line]
            ],
        }
        for line in first
    ]
    return ImportFlags(len(flagged), listed)


def _names(obj: County | Indicator) -> dict[str, str]:
    return {"fa": obj.name_fa, "en": obj.name_en}


def _store_flags(job: ImportJob, plan: ImportPlan) -> None:
    flags = flag_import(plan)
    job.flagged_count, job.flagged_rows = flags.count, flags.rows
    job.save(update_fields=["flagged_count", "flagged_rows"])


def confirm_import_job(job_id: int) -> ImportJob:
    """The user confirmed the preview: import now (small files) or in a Celery task."""
    from counties.tasks import apply_import

    updated = ImportJob.objects.filter(pk=job_id, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, progress_done=0
    )
    job = ImportJob.objects.get(pk=job_id)
    if not updated:
        return job
    if job.file.size <= INLINE_MAX_BYTES:
        return apply_import_job(job.pk)
    enqueue_after_commit(apply_import, job_id, on_failure=lambda why: _not_applied(job_id, why))
    job.refresh_from_db(fields=["status", "progress_done"])
    return job


def apply_import_job(job_id: int) -> ImportJob:
    """Import a confirmed file all or nothing, checking it again against the current data."""
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return job
    try:
        uploader = job.uploaded_by
        plan = import_observations(
            _read(job),
            job.original_name,
            user=uploader,
            default_source=job.default_source,
            progress=_job_progress(job.pk),
            # Re-checked now: an uploader who is no longer ministry staff approves nothing.
            approve=job.approve_on_upload and uploader is not None and is_ministry(uploader),
            record_as="import",
            job=job,
        )
    except Exception as exc:  # recorded on the job for the user, and logged
        import logging

        logging.getLogger(__name__).exception("import %s failed", job_id)
        job.status, job.error, job.finished_at = (
            ImportStatus.FAILED,
            str(exc)[:2000],
            timezone.now(),
        )
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.refresh_from_db(fields=["progress_total"])
    _store_plan(job, plan, ImportStatus.DONE if plan.ok else ImportStatus.INVALID)
    return job


__all__ = [
    "MESSAGES",
    "ImportIssue",
    "ImportPlan",
    "ImportRecord",
    "apply_import_job",
    "check_import_again",
    "check_import_job",
    "check_was_not_queued",
    "confirm_import_job",
    "flag_import",
    "import_observations",
    "parse_number",
    "plan_import",
    "set_import_recorder",
    "start_import_job",
]
