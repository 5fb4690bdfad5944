"""Reporting periods: Jalali years, quarters and months, parsed from what users type.

A period's canonical key is Jalali ("1395", "1395-Q2", "1395-07") because that is how Iranian
statistics are published; `start` gives the Gregorian date it begins on, for ordering and storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jdatetime

from governance.persian import to_latin_digits, to_persian_digits

JALALI_MIN_YEAR = 1300
JALALI_MAX_YEAR = 1499
GREGORIAN_MIN_YEAR = 1921
GREGORIAN_MAX_YEAR = 2120

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]\s*[Qq](\d)$")
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
        """The period as users read it: Persian digits under fa, Gregorian years added under en."""
        if language == "fa":
            return to_persian_digits(self.key.replace("Q", "فصل "))
        first = self.gregorian_start().year
        if self.kind == "year":
            return f"{self.key} ({first}/{str(first + 1)[-2:]})"
        return f"{self.key} ({self.gregorian_start():%b %Y})"


def parse_period(text: str | int) -> Period:
    """Parse '1395', '۱۳۹۵', '1395-Q2', '1395-07' or a Gregorian year such as 2016 (-> 1395)."""
    raw = to_latin_digits(str(text)).strip()
    if raw.endswith(".0"):  # spreadsheets hand years over as floats
        raw = raw[:-2]
    if match := _YEAR.match(raw):
        return Period(_year(int(match.group(1)), raw))
    if match := _QUARTER.match(raw):
        quarter = int(match.group(2))
        if not 1 <= quarter <= 4:
            raise PeriodError(f"quarter must be 1 to 4: {text!r}")
        return Period(_jalali_only(int(match.group(1)), raw), "quarter", quarter)
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
