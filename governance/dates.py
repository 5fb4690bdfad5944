"""Dates as users type and read them, in the country profile's calendar (governance.calendars).

Under `jalali`, a date is typed as Jalali (۱۴۰۵/۰۹/۰۳, 1405-09-03) or ISO (2026-11-24): the year
tells the calendars apart, 1300-1499 is Jalali, 1900-2199 Gregorian, so either is accepted in
either language; it is shown Jalali under Persian («۳ آذر ۱۴۰۵») and Gregorian under English
('24 Nov 2026'). Under `gregorian`, a date is typed as ISO (2026-11-24, in any digits: the
browser's date box sends it so in both languages) and shown Gregorian in both languages: under
Persian with Persian digits and the Persian names of the Gregorian months («۲۴ نوامبر ۲۰۲۶»),
under English '24 Nov 2026'. The form field and its widget are governance.forms.fields.DateField
and DateInput (a Jalali calendar under Persian with `jalali`, the browser's date picker
otherwise).

A date shown for a moment (a datetime) is the day it was in the active time zone: the profile's
during a request (governance.middleware.ProfileTimeZoneMiddleware) and in tasks and commands
(governance.country.profile_time_zone). `local_date` is the one place that turns a datetime into
such a day.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import get_language

from governance import calendars
from governance.calendars import GREGORIAN_MONTHS_EN, JALALI
from governance.persian import latin_text, to_persian_digits

_DATE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")
JALALI_YEARS = (1300, 1499)  # a typed date with such a year is Jalali (under jalali)
GREGORIAN_YEARS = (1900, 2199)  # and with such a year Gregorian (in either calendar)


class DateInputError(ValueError):
    """The text is not a date Tavazon understands."""


def parse_user_date(text: str) -> datetime.date:
    """A Gregorian date from what a user typed, in Persian or Latin digits: ISO, or under the
    jalali calendar also a Jalali date."""
    raw = latin_text(str(text))
    match = _DATE.match(raw)
    if not match:
        raise DateInputError(text)
    year, month, day = (int(part) for part in match.groups())
    try:
        if JALALI_YEARS[0] <= year <= JALALI_YEARS[1] and calendars.active_calendar() == JALALI:
            return calendars.to_gregorian(year, month, day, JALALI)
        if GREGORIAN_YEARS[0] <= year <= GREGORIAN_YEARS[1]:
            return datetime.date(year, month, day)
    except ValueError as exc:
        raise DateInputError(text) from exc
    raise DateInputError(text)


def local_date(value: datetime.date | None) -> datetime.date | None:
    """The calendar day of `value` in the active time zone: an aware datetime is converted to
    local time first (an update at 03:27 in Tehran is that day, not the previous UTC day); a
    naive datetime is taken as local already; a date is returned as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def format_user_date(value: datetime.date | None, language: str | None = None) -> str:
    """How a date is written in a form field: under jalali and Persian 1405/09/03 in Persian
    digits; otherwise ISO (the browser's date box reads only that)."""
    value = local_date(value)
    if value is None:
        return ""
    if (language or get_language()) == "fa" and calendars.active_calendar() == JALALI:
        year, month, day = calendars.split(value, JALALI)
        return to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}")
    return value.isoformat()


def display_date(
    value: datetime.date | datetime.datetime | None,
    language: str | None = None,
    *,
    with_time: bool = False,
) -> str:
    """A date as users read it ('—' for none; a datetime is its day in the active time zone):
    under Persian the day, the month's Persian name and the year in Persian digits, in the
    profile's calendar («۳ آذر ۱۴۰۵», «۲۴ نوامبر ۲۰۲۶»); under English the Gregorian date
    ('24 Nov 2026'; '06 Dec 2026' under jalali, as it always was). `with_time` adds the time of
    a datetime («، ۱۰:۳۰», ' 10:30')."""
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = value.date() if isinstance(value, datetime.datetime) else value
    clock = f"{value:%H:%M}" if with_time and isinstance(value, datetime.datetime) else ""
    language = language or get_language()
    calendar = calendars.active_calendar()
    if language != "fa":
        month = GREGORIAN_MONTHS_EN[day.month - 1]
        text = (
            f"{day.day:02d} {month} {day.year}"
            if calendar == JALALI
            else (f"{day.day} {month} {day.year}")
        )
        return f"{text} {clock}" if clock else text
    year, month_number, day_number = calendars.split(day, calendar)
    text = f"{day_number} {calendars.month_name(month_number, 'fa', calendar)} {year}"
    if clock:
        text += f"، {clock}"
    return to_persian_digits(text)


def sortable_date(value: datetime.date | datetime.datetime | None) -> str:
    """A date as text in the profile's calendar, year first so it sorts: '1403/01/15' under
    jalali, '2024/04/03' under gregorian ('… 10:30' for a datetime, in the active time zone)."""
    if value is None:
        return ""
    clock = ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        clock = f" {value:%H:%M}"
        value = value.date()
    year, month, day = calendars.split(value)
    return f"{year:04d}/{month:02d}/{day:02d}{clock}"
