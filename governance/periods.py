"""Reporting periods: years, quarters and months of the country profile's calendar, parsed from
what users type.

A period's key is "YYYY", "YYYY-Qn" or "YYYY-MM" in the profile's calendar (governance.calendars):
Jalali under `jalali` ("1395", "1395-Q2", "1395-07": how Iranian statistics are published),
Gregorian under `gregorian` ("2009" is 1 January to 31 December 2009). `start` and `end` give the
Gregorian days it begins and ends on, for ordering and storage.

A year is four digits, any the calendar can hold (Jalali 0001-9377, jdatetime's range; Gregorian
0001-9999). Under `jalali` a year typed on its own is also told apart from a Gregorian one: a year
beyond the current Jalali year + `JALALI_FUTURE_YEARS` and up to the current Gregorian year +
`GREGORIAN_FUTURE_YEARS` (today about 1506-2126) is no Jalali year anyone reports on but a
plausible Gregorian one, so it is read as the Jalali year that begins (in March) within it: 2016
is 1395. Quarters and months must be given in the Jalali year, and a year in that band is refused
with them. A refused text raises PeriodError, whose message (translated, in the reader's language)
says why: which forms are accepted, the year range, a quarter 1-4 or a month 1-12.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from governance import calendars
from governance.calendars import GREGORIAN, JALALI
from governance.persian import (
    END_ISOLATE,
    ISOLATE,
    NBSP,
    NUMBER_NBSP,
    to_latin_digits,
    to_persian_digits,
)

# Under jalali: years up to the current Jalali year + this are Jalali...
JALALI_FUTURE_YEARS = 100
# ... and years beyond it up to the current Gregorian year + this are Gregorian (2016 -> 1395).
GREGORIAN_FUTURE_YEARS = 100
# The Gregorian year in which Jalali year y begins is y + 621.
JALALI_TO_GREGORIAN_YEARS = 621

_YEAR = re.compile(r"^(\d{4})$")
# A quarter as keyed ("1402-Q3"), as typed in Persian ("۱۴۰۲-فصل ۳") or as labelled ("فصل ۳ ۱۴۰۲",
# "Q3 2023").
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]\s*(?:[Qq]|فصل)\s*(\d)$")
_QUARTER_FIRST = re.compile(r"^(?:[Qq]|فصل)\s*(\d)\s*[-/ ]?\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{4})\s*[-/]\s*(\d{1,2})$")
# A month as labelled: «مهر ۱۴۰۵», «مارس ۲۰۰۹», "Mar 2009".
_MONTH_NAMED = re.compile(r"^([^\W\d_]+)\.?\s+(\d{4})$")


def _profile_calendar() -> str:
    return calendars.active_calendar()


@dataclass(frozen=True, order=True)
class Period:
    """A year of the profile's calendar, or a quarter (1-4) or month (1-12) of one."""

    year: int
    kind: str = "year"
    index: int = 0
    # The calendar its year is counted in: the profile's when the period was made.
    calendar: str = field(default_factory=_profile_calendar, compare=False)

    @property
    def key(self) -> str:
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        if self.kind == "month":
            return f"{self.year:04d}-{self.index:02d}"
        return f"{self.year:04d}"

    def _months(self) -> tuple[int, int]:
        """Its first and last month."""
        if self.kind == "quarter":
            return 3 * self.index - 2, 3 * self.index
        if self.kind == "month":
            return self.index, self.index
        return 1, 12

    @property
    def start(self) -> datetime.date:
        """The Gregorian day it begins on."""
        return calendars.to_gregorian(self.year, self._months()[0], 1, self.calendar)

    @property
    def end(self) -> datetime.date:
        """The Gregorian day it ends on."""
        last = self._months()[1]
        length = calendars.month_length(self.year, last, self.calendar)
        return calendars.to_gregorian(self.year, last, length, self.calendar)

    def gregorian_start(self) -> datetime.date:
        return self.start

    @classmethod
    def of_day(cls, day: datetime.date, kind: str = "year") -> Period:
        """The year, quarter or month of the profile's calendar that `day` (Gregorian) is in."""
        calendar = calendars.active_calendar()
        year, month, _day = calendars.split(day, calendar)
        if kind == "quarter":
            return cls(year, kind, (month - 1) // 3 + 1, calendar)
        if kind == "month":
            return cls(year, kind, month, calendar)
        return cls(year, calendar=calendar)

    def label(self, language: str) -> str:
        """The period as users read it; see `_jalali_label` and `_gregorian_label`."""
        if self.calendar == JALALI:
            return self._jalali_label(language)
        return self._gregorian_label(language)

    def _jalali_label(self, language: str) -> str:
        """Under fa in Persian words and digits, season or month before the year («فصل ۳ ۱۴۰۵»,
        «مهر ۱۴۰۵») joined by no-break spaces so that a label never wraps inside itself; under
        en the key with its Gregorian years ('1395 (2016/17)', '1405-Q3 (Sep 2026)')."""
        if language == "fa":
            if self.kind == "quarter":
                return to_persian_digits(f"فصل{NBSP}{self.index}{NUMBER_NBSP}{self.year}")
            if self.kind == "month":
                name = calendars.month_name(self.index, "fa", JALALI)
                return to_persian_digits(f"{name}{NBSP}{self.year}")
            return to_persian_digits(self.key)
        start = self.start
        if self.kind == "year":
            return f"{self.key} ({start.year}/{str(start.year + 1)[-2:]})"
        month = calendars.month_name(start.month, "en", GREGORIAN)
        return f"{self.key} ({month} {start.year})"

    def _gregorian_label(self, language: str) -> str:
        """'2009', 'Q1 2009', 'Mar 2009'; under fa in Persian digits and words («فصل ۱ ۲۰۰۹»,
        «مارس ۲۰۰۹»), unbreakable as the Jalali labels are."""
        year = f"{self.year:04d}"
        if language == "fa":
            if self.kind == "quarter":
                return to_persian_digits(f"فصل{NBSP}{self.index}{NUMBER_NBSP}{year}")
            if self.kind == "month":
                name = calendars.month_name(self.index, "fa", GREGORIAN)
                return to_persian_digits(f"{name}{NBSP}{year}")
            return to_persian_digits(year)
        if self.kind == "quarter":
            return f"Q{self.index}{NBSP}{year}"
        if self.kind == "month":
            return f"{calendars.month_name(self.index, 'en', GREGORIAN)}{NBSP}{year}"
        return year


# --- refusals ----------------------------------------------------------------------------------


class PeriodError(ValueError):
    """The text is not a period Tavazon understands. `reason` says why ("form", "year",
    "quarter", "month" or "gregorian_year") and `params` hold what the message needs; str() is
    the message in the active language (`period_error_message`)."""

    def __init__(self, text: object, reason: str = "form", **params: Any) -> None:
        super().__init__(str(text), reason)
        self.text = str(text)
        self.reason = reason
        self.params = params

    @property
    def message(self) -> str:
        return period_error_message(self.text, self.reason, self.params)

    def __str__(self) -> str:
        return self.message


def _year_text(year: object, language: str | None) -> str:
    """A year in the language's digits, without grouping (9377, not 9,377)."""
    return to_persian_digits(str(year)) if language == "fa" else str(year)


def period_error_message(
    text: str, reason: str = "form", params: dict[str, Any] | None = None
) -> str:
    """Why `text` is not a period, in the active language (also for an import's stored issue,
    shown later in its reader's language): the text as typed (isolated under fa), then the
    reason."""
    language = get_language()
    params = params or {}
    value = f"{ISOLATE}{text}{END_ISOLATE}" if language == "fa" else text
    if reason == "year":
        return _("“%(value)s” is not a period: the year must be from %(min)s to %(max)s.") % {
            "value": value,
            "min": _year_text(params.get("min", 1), language),
            "max": _year_text(params.get("max", 9999), language),
        }
    if reason == "quarter":
        return _("“%(value)s” is not a period: a quarter is numbered 1 to 4.") % {"value": value}
    if reason == "month":
        return _("“%(value)s” is not a period: a month is numbered 1 to 12.") % {"value": value}
    if reason == "gregorian_year":
        return _(
            "“%(value)s” is not a period: %(year)s is read as a Gregorian year (as are the "
            "years from %(min)s to %(max)s), and quarters and months take a Jalali year, "
            "e.g. 1402-Q3."
        ) % {
            "value": value,
            "year": _year_text(params.get("year", ""), language),
            "min": _year_text(params.get("min", ""), language),
            "max": _year_text(params.get("max", ""), language),
        }
    if calendars.active_calendar() == JALALI:
        return _(
            "“%(value)s” is not a period: write a Jalali year (1402), quarter (1402-Q3) or month "
            "(1402-07)."
        ) % {"value": value}
    return _(
        "“%(value)s” is not a period: write a year (2023), quarter (2023-Q3) or month (2023-07)."
    ) % {"value": value}


# --- parsing -----------------------------------------------------------------------------------


def gregorian_band(today: datetime.date | None = None) -> tuple[int, int]:
    """Under jalali, the years read as Gregorian when typed on their own (today about
    1506-2126): beyond any Jalali year reported on, within reach of the Gregorian calendar."""
    return _band(today or timezone.localdate())


@functools.lru_cache(maxsize=8)
def _band(today: datetime.date) -> tuple[int, int]:
    first = calendars.split(today, JALALI)[0] + JALALI_FUTURE_YEARS + 1
    return first, today.year + GREGORIAN_FUTURE_YEARS


def parse_period(text: str | int) -> Period:
    """Parse a period in the profile's calendar: '1395', '۱۳۹۵', '1395-Q2', '۱۳۹۵-فصل ۲',
    'فصل ۲ ۱۳۹۵' (a quarter's label), '1395-07', «مهر ۱۳۹۵» (a month's label), or under jalali
    a Gregorian year such as 2016 (-> 1395); under gregorian '2009', '2009-Q1', 'Q1 2009',
    '2009-03', 'Mar 2009', «مارس ۲۰۰۹». PeriodError says why anything else is refused."""
    raw = to_latin_digits(str(text)).strip()
    if raw.endswith(".0"):  # spreadsheets hand years over as floats
        raw = raw[:-2]
    calendar = calendars.active_calendar()
    if match := _YEAR.match(raw):
        return Period(_year(int(match.group(1)), text, calendar, alone=True), calendar=calendar)
    quarter_match = _QUARTER.match(raw)
    if quarter_match or (quarter_match := _QUARTER_FIRST.match(raw)):
        year_text, quarter_text = quarter_match.groups()
        if quarter_match.re is _QUARTER_FIRST:
            year_text, quarter_text = quarter_text, year_text
        quarter = int(quarter_text)
        if not 1 <= quarter <= 4:
            raise PeriodError(text, "quarter")
        return Period(_year(int(year_text), text, calendar), "quarter", quarter, calendar)
    month_match = _MONTH.match(raw)
    month = int(month_match.group(2)) if month_match else None
    if not month_match and (month_match := _MONTH_NAMED.match(raw)):
        month = _month_number(month_match.group(1), calendar)
    if month_match and month is not None:
        if not 1 <= month <= 12:
            raise PeriodError(text, "month")
        year_text = month_match.group(1 if month_match.re is _MONTH else 2)
        year = _year(int(year_text), text, calendar)
        return Period(year, "month", month, calendar)
    raise PeriodError(text, "form")


def _month_number(name: str, calendar: str) -> int | None:
    """The number of a month named in Persian or English in `calendar`, or None."""
    wanted = name.casefold()
    for month in range(1, 13):
        names = {calendars.month_name(month, language, calendar) for language in ("fa", "en")}
        if wanted in {n.casefold() for n in names}:
            return month
    return None


def _year(year: int, text: object, calendar: str, *, alone: bool = False) -> int:
    """The year of `calendar` that `year` (as typed) stands for; under jalali a year in the
    Gregorian band is the Jalali year beginning in it when it stands alone, refused otherwise."""
    if calendar == JALALI:
        first, last = gregorian_band()
        if first <= year <= last:
            if not alone:
                raise PeriodError(text, "gregorian_year", year=year, min=first, max=last)
            year -= JALALI_TO_GREGORIAN_YEARS
    low, high = calendars.YEAR_RANGE[calendar]
    if not low <= year <= high:
        raise PeriodError(text, "year", min=low, max=high)
    return year


def period_examples() -> dict[str, str]:
    """A year, a quarter and a month in the profile's calendar, for placeholders and help texts
    (keys, Latin digits), and what its years are called ("Jalali years", "years"; translated)."""
    if calendars.active_calendar() == JALALI:
        years = pgettext("period forms", "Jalali years")
        return {"year": "1402", "quarter": "1402-Q3", "month": "1402-07", "years": years}
    years = pgettext("period forms", "years")
    return {"year": "2023", "quarter": "2023-Q3", "month": "2023-07", "years": years}


def parse_year(text: str | int) -> int:
    """A year of the profile's calendar as typed ('1402', '۱۴۰۲', under jalali also 2023 for
    1402); PeriodError for anything else, a quarter or a month included."""
    period = parse_period(text if isinstance(text, str) else f"{text:04d}")
    if period.kind != "year":
        raise PeriodError(text, "form")
    return period.year


def period_label(key: str | int, language: str | None, *, gregorian: bool = True) -> str:
    """The one label of a stored period key in `language` (pages, tables, charts, PDFs): under
    jalali «فصل ۳ ۱۴۰۵» under fa, '1405-Q3 (Sep 2026)' under en ('1405-Q3' without `gregorian`,
    for crowded chart axes); under gregorian «فصل ۳ ۲۰۲۶» and 'Q3 2026' (`gregorian` changes
    nothing: there are no other years to add). Unknown text is returned as it is, in the
    language's digits."""
    try:
        period = parse_period(key)
        if language != "fa" and not gregorian and period.calendar == JALALI:
            return period.key
        return period.label(language or "fa")
    except PeriodError:
        return to_persian_digits(str(key)) if language == "fa" else str(key)


def current_year(day: datetime.date | None = None) -> int:
    """The year of the profile's calendar `day` is in (default: today in the active time zone,
    the profile's during a request or task)."""
    return calendars.split(day or timezone.localdate())[0]


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day of `year` of the profile's calendar."""
    return calendars.year_bounds(year)
