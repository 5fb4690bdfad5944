"""Numbers and dates follow the language: Persian digits and Jalali dates under fa."""

from __future__ import annotations

import datetime

from django.utils import translation

from governance.templatetags.tavazon import jdate, num, period_label


def test_numbers_use_persian_digits_and_separators_under_persian():
    with translation.override("fa"):
        assert num(1234567) == "۱٬۲۳۴٬۵۶۷"
        assert num(12.25, 1) == "۱۲٫۲"
    with translation.override("en"):
        assert num(1234567) == "1,234,567"


def test_missing_numbers_show_a_dash():
    assert num(None) == "—"


def test_dates_are_jalali_under_persian_and_gregorian_under_english():
    day = datetime.date(2026, 11, 24)
    with translation.override("fa"):
        assert jdate(day) == "۳ آذر ۱۴۰۵"
    with translation.override("en"):
        assert jdate(day) == "24 Nov 2026"


def test_periods_read_as_jalali_years_with_their_gregorian_span_in_english():
    with translation.override("fa"):
        assert period_label("1395") == "۱۳۹۵"
    with translation.override("en"):
        assert period_label("1395") == "1395 (2016/17)"


def test_a_person_is_named_by_full_name_or_login_in_an_isolate():
    from governance.models import User
    from governance.templatetags.tavazon import person

    assert person(User(username="governor2")) == '<bdi dir="auto">governor2</bdi>'
    assert person(User(username="g", first_name="مریم", last_name="<b>")) == (
        '<bdi dir="auto">مریم &lt;b&gt;</bdi>'
    )
    assert person(None, "سامانه") == "سامانه"
