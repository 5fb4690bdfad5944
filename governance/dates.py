"""Dates as users type them: Jalali (۱۴۰۵/۰۹/۰۳, 1405-09-03) or ISO (2026-11-24).

The year tells the calendars apart: 1300-1499 is Jalali, 1900-2199 Gregorian, so either is
accepted in either language. Under Persian the form shows and suggests Jalali dates; under English
it shows ISO dates and the browser's date picker.

A date shown for a moment (a datetime) is the day it was where Tavazon runs (settings.TIME_ZONE,
Asia/Tehran): `local_date` is the one place that turns a datetime into such a day.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import jdatetime
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from governance.persian import to_latin_digits, to_persian_digits

_DATE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")


class DateInputError(ValueError):
    """The text is not a date Tavazon understands."""


def parse_user_date(text: str) -> datetime.date:
    """A Gregorian date from Jalali or ISO text, in Persian or Latin digits."""
    raw = to_latin_digits(str(text)).strip().replace("\u200f", "").replace("\u200e", "")
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


class UserDateInput(forms.DateInput):
    """A text box with a Jalali example under Persian; the browser's date picker under English."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        if get_language() == "fa":
            self.input_type = "text"
            attrs.setdefault("placeholder", "۱۴۰۵/۰۹/۰۳")
            attrs.setdefault("inputmode", "numeric")
            attrs.setdefault("dir", "ltr")
        else:
            self.input_type = "date"
        return super().get_context(name, value, attrs)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_user_date(value)
        return value or None


class UserDateField(forms.Field):
    """A date typed as Jalali or ISO; cleans to a Gregorian `datetime.date`."""

    widget = UserDateInput
    default_error_messages = {
        "invalid": _("Enter a date such as %(jalali)s (Jalali) or 2026-11-24."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_user_date(str(value))
        except DateInputError as exc:
            example = "۱۴۰۵/۰۹/۰۳" if get_language() == "fa" else "1405/09/03"
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"jalali": example}
            ) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return format_user_date(value)
        return value
