"""The country profile's calendar: a Gregorian day as its year, month and day in that calendar and
back, and the names of its months in each language.

Everything stored is Gregorian (dates, period starts) or calendar-neutral (period keys such as
"1402-Q3" or "2023-Q3" are read in the profile's calendar, governance.periods). Pages, exports and
forms turn a Gregorian day into the profile's calendar through this module only: the Jalali
calendar (Solar Hijri, `jdatetime`) under `jalali`, the Gregorian calendar itself under
`gregorian`.
"""

from __future__ import annotations

import calendar as gregorian_calendar
import datetime

import jdatetime

from governance.persian import GREGORIAN_MONTHS_FA, JALALI_MONTHS_FA

JALALI = "jalali"
GREGORIAN = "gregorian"

# The English abbreviations of the Gregorian months (not strftime's %b, which follows the
# process's C locale).
GREGORIAN_MONTHS_EN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

# The years each calendar can hold: every Jalali year jdatetime represents (its last, 9377, ends
# in Gregorian 9999), every Gregorian year Python's `datetime.date` represents.
YEAR_RANGE = {
    JALALI: (jdatetime.MINYEAR, jdatetime.MAXYEAR),
    GREGORIAN: (datetime.MINYEAR, datetime.MAXYEAR),
}


def active_calendar() -> str:
    """The profile's calendar: "jalali" or "gregorian"."""
    from governance.country import uses_jalali  # the profile is a model: read it when asked

    return JALALI if uses_jalali() else GREGORIAN


def _calendar(calendar: str | None) -> str:
    return calendar or active_calendar()


def split(day: datetime.date, calendar: str | None = None) -> tuple[int, int, int]:
    """(year, month, day) of the Gregorian `day` in `calendar` (default: the profile's)."""
    if _calendar(calendar) == JALALI:
        j = jdatetime.date.fromgregorian(date=day)
        return j.year, j.month, j.day
    return day.year, day.month, day.day


def to_gregorian(year: int, month: int, day: int, calendar: str | None = None) -> datetime.date:
    """The Gregorian day of `year`/`month`/`day` in `calendar`; ValueError when there is none."""
    if _calendar(calendar) == JALALI:
        try:
            return jdatetime.date(year, month, day).togregorian()
        except (OverflowError, ValueError) as exc:  # also a Jalali day past Gregorian 9999
            raise ValueError(f"not a Jalali date: {year}/{month}/{day}") from exc
    return datetime.date(year, month, day)


def month_name(month: int, language: str | None, calendar: str | None = None) -> str:
    """The name of `month` (1-12) of `calendar`: Persian under fa («مهر», «مارس»); under English
    the Gregorian abbreviation ('Mar'), or the Jalali month's number ('07'), for English has no
    common names of the Jalali months."""
    if _calendar(calendar) == JALALI:
        return JALALI_MONTHS_FA[month - 1] if language == "fa" else f"{month:02d}"
    return (GREGORIAN_MONTHS_FA if language == "fa" else GREGORIAN_MONTHS_EN)[month - 1]


def month_length(year: int, month: int, calendar: str | None = None) -> int:
    """How many days `month` of `year` has in `calendar`."""
    if _calendar(calendar) == JALALI:
        if month <= 6:
            return 31
        if month <= 11:
            return 30
        return 30 if jdatetime.date(year, 1, 1).isleap() else 29
    return gregorian_calendar.monthrange(year, month)[1]


def year_bounds(year: int, calendar: str | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day of `year` in `calendar`."""
    calendar = _calendar(calendar)
    last = to_gregorian(year, 12, month_length(year, 12, calendar), calendar)
    return to_gregorian(year, 1, 1, calendar), last


def month_starts(
    first: datetime.date, last: datetime.date, calendar: str | None = None
) -> list[tuple[int, int, datetime.date]]:
    """(year, month, Gregorian first day) of each month of `calendar` that begins in
    [first, last], and of the month `first` falls in."""
    calendar = _calendar(calendar)
    year, month, _day = split(first, calendar)
    months = []
    while True:
        try:
            start = to_gregorian(year, month, 1, calendar)
        except ValueError:  # beyond the last representable month
            break
        if start > last:
            break
        months.append((year, month, start))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
