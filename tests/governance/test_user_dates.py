"""Dates typed by users: Jalali with Persian or Latin digits, or ISO; clear refusals."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import translation

from governance.dates import DateInputError, format_user_date, parse_user_date
from governance.forms.fields import DateField


@pytest.mark.parametrize(
    "text",
    ["۱۴۰۵/۰۹/۰۳", "1405-09-03", "1405/9/3", "١٤٠٥/٠٩/٠٣", " 1405 / 09 / 03 ", "2026-11-24"],
)
def test_jalali_and_iso_dates_give_the_same_day(text):
    assert parse_user_date(text) == datetime.date(2026, 11, 24)


@pytest.mark.parametrize(
    "text", ["1404/12/30", "1405/13/01", "2026-02-30", "24/11/2026", "soon", "0999-01-01"]
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(DateInputError):
        parse_user_date(text)


def test_leap_day_of_a_jalali_leap_year_is_accepted():
    assert parse_user_date("1403/12/30") == datetime.date(2025, 3, 20)


def test_forms_show_jalali_under_persian_and_iso_under_english():
    day = datetime.date(2026, 11, 24)
    assert format_user_date(day, "fa") == "۱۴۰۵/۰۹/۰۳"
    assert format_user_date(day, "en") == "2026-11-24"


def test_the_form_field_explains_what_it_expects():
    class F(forms.Form):
        when = DateField()

    with translation.override("en"):
        form = F({"when": "tomorrow"})
        assert not form.is_valid()
        assert "1405" in form.errors["when"][0] and "2026-11-24" in form.errors["when"][0]
        assert 'type="date"' in str(F()["when"])
    with translation.override("fa"):
        refused = F({"when": "فردا"})
        assert not refused.is_valid()
        message = refused.errors["when"][0]
        assert "۱۴۰۵/۰۱/۱۵" in message and not any(c.isascii() and c.isdigit() for c in message)
        html = str(F(initial={"when": datetime.date(2026, 11, 24)})["when"])
        assert 'type="text"' in html and "۱۴۰۵/۰۹/۰۳" in html


def test_under_persian_a_date_box_offers_the_calendar_and_an_example_that_is_not_a_value():
    class F(forms.Form):
        when = DateField()

    with translation.override("fa"):
        html = str(F()["when"])
    assert "data-jdp" in html and 'type="text"' in html
    # The example is a hint below the box (read by screen readers), not a placeholder that
    # looks like a filled value.
    assert "placeholder" not in html
    assert 'aria-describedby="id_when_hint"' in html
    assert '<div class="form-text date-hint" id="id_when_hint">مثال: ۱۴۰۵/۰۱/۱۵' in html
    with translation.override("en"):
        html = str(F()["when"])
    assert "data-jdp" not in html and "hint" not in html and 'type="date"' in html


def test_the_calendar_is_loaded_from_static_files_under_persian_only(client):
    client.cookies["django_language"] = "fa"
    page = client.get("/accounts/login/").content.decode()
    assert "vendor/jalalidatepicker-0.9.12/jalalidatepicker.min.js" in page
    assert "js/jalali-dates.js" in page
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/").content.decode()
    assert "jalalidatepicker" not in page and "jalali-dates.js" not in page
