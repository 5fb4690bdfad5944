"""Dates as users type them: Jalali (۱۴۰۵/۰۹/۰۳, 1405-09-03) or ISO (2026-11-24).

The year tells the calendars apart: 1300-1499 is Jalali, 1900-2199 Gregorian, so either is
accepted in either language. The form field and its widget (a Jalali calendar under Persian, the
browser's date picker under English) are governance.forms.fields.DateField and DateInput.

A date shown for a moment (a datetime) is the day it was where Tavazon runs (settings.TIME_ZONE,
Asia/Tehran): `local_date` is the one place that turns a datetime into such a day.
"""

from __future__ import annotations

import datetime
import re

import jdatetime
from django.utils import timezone
from django.utils.translation import get_language

from governance.persian import latin_text, to_persian_digits

_DATE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")


class DateInputError(ValueError):
    """The text is not a date Tavazon understands."""


def parse_user_date(text: str) -> datetime.date:
    """A Gregorian date from Jalali or ISO text, in Persian or Latin digits."""
    raw = latin_text(str(text))
    match = _DATE.match(raw)
    if not match:
        raise DateInputError(text)
    year, month, day = (int(part) for part in match.groups())
    try:
        if 1300 <= year <= 1499:
            return jdatetime.date(year, month, day).togregorian()
        if 1900 <= year <= 2199:
            return datetime.date(year, month, day)
    except ValueError as exc:
        raise DateInputError(text) from exc
    raise DateInputError(text)


def local_date(value: datetime.date | None) -> datetime.date | None:
    """The calendar day of `value` in settings.TIME_ZONE: an aware datetime is converted to local
    time first (an update at 03:27 in Tehran is that day, not the previous UTC day); a naive
    datetime is taken as local already; a date is returned as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def format_user_date(value: datetime.date | None, language: str | None = None) -> str:
    """How a date is written in a form field: 1405/09/03 in Persian digits, or ISO."""
    value = local_date(value)
    if value is None:
        return ""
    if (language or get_language()) == "fa":
        j = jdatetime.date.fromgregorian(date=value)
        return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
    return value.isoformat()
