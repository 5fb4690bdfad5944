"""Jalali periods (the suite's Iranian profile): any year jdatetime holds, not only 1300-1499, and
a Gregorian year typed on its own still told apart; refusals say why in both languages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from governance.periods import (
    Period,
    PeriodError,
    current_year,
    gregorian_band,
    parse_period,
    parse_year,
    period_label,
    year_bounds,
)

NB, FS = "\u00a0", "\u2007"


@pytest.mark.parametrize(
    "text, start",
    [
        ("1000", datetime.date(1621, 3, 21)),
        ("1250", datetime.date(1871, 3, 21)),
        ("1299", datetime.date(1920, 3, 21)),
        ("1500", datetime.date(2121, 3, 21)),
        ("2500", datetime.date(3121, 3, 21)),
        ("9377", datetime.date(9998, 3, 20)),
    ],
)
def test_any_jalali_year_outside_the_old_range_is_a_jalali_year(text, start):
    period = parse_period(text)
    assert (period.key, period.kind, period.start) == (text, "year", start)
    assert period.calendar == "jalali"


def test_quarters_and_months_of_years_outside_the_old_range():
    assert parse_period("1250-Q2").start == datetime.date(1871, 6, 22)
    assert parse_period("۱۲۵۰-۰۷").key == "1250-07"
    assert parse_period("1500-12").end == datetime.date(2122, 3, 20)
    assert parse_period("9377-12").end == datetime.date(9999, 3, 20)  # the last day jdatetime has
    assert period_label("1250-Q2", "fa") == f"فصل{NB}۲{FS}۱۲۵۰"
    assert period_label("1250", "en") == "1250 (1871/72)"
    assert period_label("1500-07", "fa") == f"مهر{NB}۱۵۰۰"


def test_a_gregorian_year_on_its_own_is_the_jalali_year_beginning_in_it():
    first, last = gregorian_band()
    jalali_today = current_year()
    assert first == jalali_today + 101 and last == timezone.localdate().year + 100
    assert parse_period("2016") == Period(1395)
    assert parse_period(str(last)).year == last - 621
    assert parse_period(str(first - 1)).year == first - 1  # just below the band: Jalali
    assert parse_period(str(last + 1)).year == last + 1  # above it: Jalali again
    assert parse_year("2023") == parse_year(1402) == 1402


def test_the_band_moves_with_today():
    assert gregorian_band(datetime.date(2026, 12, 6)) == (1506, 2126)
    assert gregorian_band(datetime.date(2100, 6, 1)) == (1580, 2200)


def test_a_gregorian_year_is_refused_with_a_quarter_or_a_month_and_says_why():
    with pytest.raises(PeriodError) as refused:
        parse_period("2023-Q3")
    assert refused.value.reason == "gregorian_year"
    with translation.override("en"):
        message = str(refused.value)
    assert "2023 is read as a Gregorian year" in message and "1402-Q3" in message
    with translation.override("fa"):
        message = str(refused.value)
    assert "۲۰۲۳ سال میلادی خوانده می‌شود" in message and f"فصل{NB}۳{FS}۱۴۰۲" in message
    assert parse_period(f"فصل{NB}۳{FS}۱۴۰۲") == Period(1402, "quarter", 3)  # its example reads


@pytest.mark.parametrize(
    "text, reason, en, fa",
    [
        ("9378", "year", "the year must be from 1 to 9377", "سال باید از ۱ تا ۹۳۷۷ باشد"),
        ("0000-Q1", "year", "from 1 to 9377", "از ۱ تا ۹۳۷۷"),
        ("1402-13", "month", "a month is numbered 1 to 12", "شمارهٔ ماه از ۱ تا ۱۲ است"),
        ("1402-Q0", "quarter", "a quarter is numbered 1 to 4", "شمارهٔ فصل از ۱ تا ۴ است"),
        ("1402-W3", "form", "write a Jalali year (1402)", "سال شمسی (۱۴۰۲)"),
    ],
)
def test_a_refused_jalali_period_says_why(text, reason, en, fa):
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert refused.value.reason == reason
    with translation.override("en"):
        assert en in str(refused.value)
    with translation.override("fa"):
        assert fa in str(refused.value)


def test_a_jalali_years_bounds_and_the_current_year():
    assert year_bounds(1403) == (datetime.date(2024, 3, 20), datetime.date(2025, 3, 20))
    assert year_bounds(1404) == (datetime.date(2025, 3, 21), datetime.date(2026, 3, 20))
    assert current_year(datetime.date(2026, 3, 20)) == 1404
    assert current_year(datetime.date(2026, 3, 21)) == 1405
    assert Period.of_day(datetime.date(2026, 12, 6), "quarter").key == "1405-Q3"
    assert Period.of_day(datetime.date(2026, 12, 6), "month").key == "1405-09"
