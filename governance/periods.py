"""Reporting periods: Jalali years, quarters and months, parsed from what users type.

A period's canonical key is Jalali ("1395", "1395-Q2", "1395-07") because that is how Iranian
statistics are published; `start` gives the Gregorian date it begins on, for ordering and storage.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import jdatetime
from django.utils import timezone

from governance.persian import (
    JALALI_MONTHS_FA,
    NBSP,
    NUMBER_NBSP,
    to_latin_digits,
    to_persian_digits,
)

JALALI_MIN_YEAR = 1300
JALALI_MAX_YEAR = 1499
GREGORIAN_MIN_YEAR = 1921
GREGORIAN_MAX_YEAR = 2120

_YEAR = re.compile(r"^(\d{4})$")
# A quarter as keyed ("1402-Q3"), as typed in Persian ("۱۴۰۲-فصل ۳") or as labelled ("فصل ۳ ۱۴۰۲").
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]\s*(?:[Qq]|فصل)\s*(\d)$")
_QUARTER_FIRST = re.compile(r"^(?:[Qq]|فصل)\s*(\d)\s*[-/ ]?\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{4})\s*[-/]\s*(\d{1,2})$")


class PeriodError(ValueError):
    """The text is not a period Tavazon understands."""


@dataclass(frozen=True, order=True)
class Period:
    """A Jalali year, or a quarter (1-4) or month (1-12) of one."""

    year: int
    kind: str = "year"
    index: int = 0

    @property
    def key(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        return str(self.year)

    @property
    def start(self) -> jdatetime.date:
        month = 1
        if self.kind == "quarter":
            month = 3 * (self.index - 1) + 1
        elif self.kind == "month":
            month = self.index
        return jdatetime.date(self.year, month, 1)

    def gregorian_start(self):  # -> datetime.date
        return self.start.togregorian()

    def label(self, language: str) -> str:
        """The period as users read it: under fa in Persian words and digits, season or month
        before the year («فصل ۳ ۱۴۰۵», «مهر ۱۴۰۵») joined by no-break spaces so that a label
        never wraps inside itself; under en the key with its Gregorian years."""
        if language == "fa":
            if self.kind == "quarter":
                return to_persian_digits(f"فصل{NBSP}{self.index}{NUMBER_NBSP}{self.year}")
            if self.kind == "month":
                return to_persian_digits(f"{JALALI_MONTHS_FA[self.index - 1]}{NBSP}{self.year}")
            return to_persian_digits(self.key)
        first = self.gregorian_start().year
        if self.kind == "year":
            return f"{self.key} ({first}/{str(first + 1)[-2:]})"
        return f"{self.key} ({self.gregorian_start():%b %Y})"


def parse_period(text: str | int) -> Period:
    """Parse '1395', '۱۳۹۵', '1395-Q2', '۱۳۹۵-فصل ۲', 'فصل ۲ ۱۳۹۵' (a quarter's label), '1395-07'
    or a Gregorian year such as 2016 (-> 1395)."""
    raw = to_latin_digits(str(text)).strip()
    if raw.endswith(".0"):  # spreadsheets hand years over as floats
        raw = raw[:-2]
    if match := _YEAR.match(raw):
        return Period(_year(int(match.group(1)), raw))
    quarter_match = _QUARTER.match(raw)
    if quarter_match or (quarter_match := _QUARTER_FIRST.match(raw)):
        year_text, quarter_text = quarter_match.groups()
        if quarter_match.re is _QUARTER_FIRST:
            year_text, quarter_text = quarter_text, year_text
        quarter = int(quarter_text)
        if not 1 <= quarter <= 4:
            raise PeriodError(f"quarter must be 1 to 4: {text!r}")
        return Period(_jalali_only(int(year_text), raw), "quarter", quarter)
    if match := _MONTH.match(raw):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"month must be 1 to 12: {text!r}")
        return Period(_jalali_only(int(match.group(1)), raw), "month", month)
    raise PeriodError(f"not a period: {text!r}")


def _year(year: int, raw: str) -> int:
    if JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        return year
    if GREGORIAN_MIN_YEAR <= year <= GREGORIAN_MAX_YEAR:
        # The Jalali year that begins (in March) within this Gregorian year.
        return year - 621
    raise PeriodError(f"year out of range: {raw!r}")


def _jalali_only(year: int, raw: str) -> int:
    if JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        return year
    raise PeriodError(f"quarters and months take a Jalali year (1300-1499): {raw!r}")


def period_label(key: str | int, language: str | None, *, gregorian: bool = True) -> str:
    """The one label of a stored period key in `language` (pages, tables, charts, PDFs):
    «فصل ۳ ۱۴۰۵» under fa, '1405-Q3 (Sep 2026)' under en ('1405-Q3' without `gregorian`, for
    crowded chart axes); unknown text is returned as it is, in the language's digits."""
    try:
        period = parse_period(key)
        if language != "fa" and not gregorian:
            return period.key
        return period.label(language or "fa")
    except PeriodError:
        return to_persian_digits(str(key)) if language == "fa" else str(key)


def current_jalali_year(day: datetime.date | None = None) -> int:
    """The Jalali year of `day` (default: today in the site's time zone)."""
    return jdatetime.date.fromgregorian(date=day or timezone.localdate()).year
