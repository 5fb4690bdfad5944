"""A country profile with the Gregorian calendar: periods, dates, date boxes and time zone.

Every other test runs with Iran's profile (Jalali, Asia/Tehran); here a Gregorian country in a
zone four hours ahead of UTC is pinned instead (governance.country.pin_profile), and the same
code must read and write Gregorian years, quarters, months and dates in both languages.
"""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation

from counties.imports import import_observations
from counties.services import ensure_default_catalogue
from governance.choices import Calendar
from governance.country import pin_profile, profile_time_zone
from governance.dates import (
    DateInputError,
    display_date,
    format_user_date,
    local_date,
    parse_user_date,
)
from governance.forms.fields import DateField
from governance.middleware import ProfileTimeZoneMiddleware
from governance.models import CountryProfile
from governance.periods import (
    Period,
    PeriodError,
    current_year,
    parse_period,
    period_label,
    year_bounds,
)
from governance.templatetags.tavazon import jdate
from tests.conftest import client_for
from tests.observations import observe

NB, FS = "\u00a0", "\u2007"  # the no-break and figure spaces of labels
ZONE = "Asia/Dubai"  # UTC+4, no daylight saving
# 23:30 UTC on 5 December 2026 is 03:30 on 6 December in the profile's zone.
LATE_EVENING_UTC = datetime.datetime(2026, 12, 5, 23, 30, tzinfo=datetime.UTC)
JALALI_WORDS = ("آذر", "فروردین", "اسفند", "۱۴۰۵", "1405")


@pytest.fixture(autouse=True)
def _demo_country_profile():
    """Replaces the suite's Iranian profile: a Gregorian country, UTC+4."""
    profile = CountryProfile(
        name_en="Gregoria", calendar=Calendar.GREGORIAN, default_language="en", time_zone=ZONE
    )
    pin_profile(profile)
    with timezone.override(ZONE):
        yield profile


# --- periods -----------------------------------------------------------------------------------


def test_a_year_is_the_calendar_year():
    period = parse_period("2009")
    assert period == Period(2009) and period.key == "2009"
    assert (period.start, period.end) == (datetime.date(2009, 1, 1), datetime.date(2009, 12, 31))
    assert period.gregorian_start() == datetime.date(2009, 1, 1)
    assert parse_period("۲۰۰۹") == parse_period(2009) == parse_period("2009.0") == period


@pytest.mark.parametrize(
    "text, key, start, end",
    [
        ("2009-Q1", "2009-Q1", datetime.date(2009, 1, 1), datetime.date(2009, 3, 31)),
        ("۲۰۰۹-فصل ۴", "2009-Q4", datetime.date(2009, 10, 1), datetime.date(2009, 12, 31)),
        ("Q1 2009", "2009-Q1", datetime.date(2009, 1, 1), datetime.date(2009, 3, 31)),
        ("2009-03", "2009-03", datetime.date(2009, 3, 1), datetime.date(2009, 3, 31)),
        ("۲۰۰۹-۰۲", "2009-02", datetime.date(2009, 2, 1), datetime.date(2009, 2, 28)),
        ("2008/2", "2008-02", datetime.date(2008, 2, 1), datetime.date(2008, 2, 29)),
        ("Mar 2009", "2009-03", datetime.date(2009, 3, 1), datetime.date(2009, 3, 31)),
    ],
)
def test_quarters_and_months_are_those_of_the_gregorian_year(text, key, start, end):
    period = parse_period(text)
    assert (period.key, period.start, period.end) == (key, start, end)


def test_no_year_is_taken_for_a_jalali_one():
    # Under the Gregorian calendar 1395 is the year 1395 and 2016 the year 2016.
    assert parse_period("1395").start == datetime.date(1395, 1, 1)
    assert parse_period("2016").start == datetime.date(2016, 1, 1)
    assert parse_period("2016-Q2").start == datetime.date(2016, 4, 1)


@pytest.mark.parametrize(
    "key, en, fa",
    [
        ("2009", "2009", "۲۰۰۹"),
        ("2009-Q1", f"Q1{NB}2009", f"فصل{NB}۱{FS}۲۰۰۹"),
        ("2009-03", f"Mar{NB}2009", f"مارس{NB}۲۰۰۹"),
        ("2009-12", f"Dec{NB}2009", f"دسامبر{NB}۲۰۰۹"),
    ],
)
def test_labels_in_both_languages_read_back(key, en, fa):
    assert period_label(key, "en") == period_label(key, "en", gregorian=False) == en
    assert period_label(key, "fa") == fa
    with translation.override("fa"):
        assert period_label(key, None) == fa
    assert parse_period(en).key == parse_period(fa).key == key


@pytest.mark.parametrize(
    "text, en, fa",
    [
        ("2009-13", "a month is numbered 1 to 12", "شمارهٔ ماه از ۱ تا ۱۲ است"),
        ("2009-Q5", "a quarter is numbered 1 to 4", "شمارهٔ فصل از ۱ تا ۴ است"),
        ("0000", "the year must be from 1 to 9999", "سال باید از ۱ تا ۹۹۹۹ باشد"),
        (
            "soon",
            "write a year (2023), quarter (2023-Q3) or month (2023-07)",
            "سال (۲۰۲۳)، فصل",
        ),
        ("Farvardin 1402", "write a year (2023)", "سال (۲۰۲۳)"),
    ],
)
def test_a_refused_period_says_why_in_both_languages(text, en, fa):
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    with translation.override("en"):
        assert en in str(refused.value) and text in str(refused.value)
    with translation.override("fa"):
        message = str(refused.value)
        assert fa in message and "Jalali" not in message and "شمسی" not in message
        assert f"\u2068{text}\u2069" in message  # the text as typed, isolated


def test_an_import_says_why_a_period_is_refused_in_its_readers_language(world):
    ensure_default_catalogue()
    data = b"indicator,county,period,value\nnew_jobs,CA,2009-Q1,3\nnew_jobs,CA,2009-14,4\n"
    plan = import_observations(data, "f.csv", user=world.ministry, dry_run=True)
    (issue,) = plan.issues
    assert issue.code == "bad_period" and issue.params["reason"] == "month"
    with translation.override("en"):
        assert "a month is numbered 1 to 12" in issue.message
    with translation.override("fa"):
        assert "شمارهٔ ماه از ۱ تا ۱۲ است" in issue.message
    with translation.override("en"):
        written = import_observations(data.replace(b"2009-14", b"2009-12"), "f.csv")
    assert written.ok and len(written.creates) == 2
    assert {(r.period, r.period_start) for r in written.creates} == {
        ("2009-Q1", datetime.date(2009, 1, 1)),
        ("2009-12", datetime.date(2009, 12, 1)),
    }


def test_the_current_year_and_its_bounds_are_gregorian():
    assert current_year(datetime.date(2026, 12, 31)) == 2026
    assert year_bounds(2026) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert Period.of_day(datetime.date(2026, 8, 15), "quarter").key == "2026-Q3"
    assert Period.of_day(datetime.date(2026, 8, 15), "month").key == "2026-08"


# --- dates -------------------------------------------------------------------------------------


def test_dates_are_shown_gregorian_in_both_languages():
    day = datetime.date(2026, 12, 6)
    with translation.override("en"):
        assert jdate(day) == "6 Dec 2026"
    with translation.override("fa"):
        assert jdate(day) == "۶ دسامبر ۲۰۲۶"
    assert display_date(datetime.date(2026, 3, 1), "fa") == "۱ مارس ۲۰۲۶"
    moment = datetime.datetime(2026, 12, 6, 6, 5, tzinfo=datetime.UTC)  # 10:05 in the zone
    assert display_date(moment, "en", with_time=True) == "6 Dec 2026 10:05"
    assert display_date(moment, "fa", with_time=True) == "۶ دسامبر ۲۰۲۶، ۱۰:۰۵"


@pytest.mark.parametrize("text", ["2026-12-06", "۲۰۲۶-۱۲-۰۶", "2026/12/6", " ٢٠٢٦-١٢-٠٦ "])
def test_typed_dates_are_iso_in_any_digits(text):
    assert parse_user_date(text) == datetime.date(2026, 12, 6)


@pytest.mark.parametrize("text", ["1405/09/15", "۱۴۰۵/۰۹/۱۵", "2026-02-30", "06/12/2026"])
def test_jalali_and_impossible_dates_are_refused(text):
    with pytest.raises(DateInputError):
        parse_user_date(text)


def test_a_date_box_is_the_browsers_date_input_in_both_languages():
    class F(forms.Form):
        when = DateField()

    day = datetime.date(2026, 12, 6)
    for language in ("en", "fa"):
        with translation.override(language):
            html = str(F(initial={"when": day})["when"])
            assert 'type="date"' in html and 'value="2026-12-06"' in html
            assert "data-jdp" not in html and "hint" not in html
            assert format_user_date(day) == "2026-12-06"
            assert F({"when": "۲۰۲۶-۱۲-۰۶"}).is_valid()
            refused = F({"when": "1405/09/15"})
            assert not refused.is_valid()
            message = refused.errors["when"][0]
            assert ("۲۰۲۶-۱۱-۲۴" if language == "fa" else "2026-11-24") in message
            assert "Jalali" not in message and "شمسی" not in message


def test_pages_load_no_jalali_calendar(client):
    client.cookies["django_language"] = "fa"
    page = client.get("/accounts/login/").content.decode()
    assert "jalalidatepicker" not in page and "jalali-dates.js" not in page


# --- time zone ---------------------------------------------------------------------------------


def test_a_moment_is_its_day_in_the_profiles_time_zone():
    with timezone.override("UTC"):
        assert local_date(LATE_EVENING_UTC) == datetime.date(2026, 12, 5)
        with profile_time_zone():
            assert local_date(LATE_EVENING_UTC) == datetime.date(2026, 12, 6)
            assert display_date(LATE_EVENING_UTC, "en") == "6 Dec 2026"
        assert timezone.get_current_timezone_name() == "UTC"  # restored


def test_requests_run_in_the_profiles_time_zone(settings):
    settings.TIME_ZONE = "UTC"

    def view(request):
        return HttpResponse(f"{timezone.localdate(LATE_EVENING_UTC)} {timezone.localdate()}")

    with timezone.override("UTC"):
        response = ProfileTimeZoneMiddleware(view)(RequestFactory().get("/"))
        assert timezone.get_current_timezone_name() == "UTC"
    assert response.content.decode().startswith("2026-12-06 ")


def test_a_streamed_download_is_written_in_the_profiles_time_zone():
    def rows():
        yield f"{timezone.localdate(LATE_EVENING_UTC)}".encode()

    def view(request):
        return StreamingHttpResponse(rows())

    with timezone.override("UTC"):
        response = ProfileTimeZoneMiddleware(view)(RequestFactory().get("/"))
        assert b"".join(response.streaming_content) == b"2026-12-06"  # read after the view


def test_tasks_run_in_the_profiles_time_zone():
    from governance.celery import ProfileTimeZoneTask, app
    from participation.tasks import store_measures

    assert isinstance(store_measures, ProfileTimeZoneTask)

    @app.task(name="tests.gregorian_calendar.local_day")
    def local_day() -> str:
        return str(timezone.localdate(LATE_EVENING_UTC))

    with timezone.override("UTC"):
        assert local_day.apply().get() == "2026-12-06"
        assert timezone.get_current_timezone_name() == "UTC"


# --- pages ---------------------------------------------------------------------------------------


def test_a_value_and_its_history_show_gregorian_labels_and_dates(world):
    ensure_default_catalogue()
    observation = observe(world.county_a, "new_jobs", "2009-Q1", 4)
    observation.history.update(history_date=LATE_EVENING_UTC)
    expected = {
        "en": (f"Q1{NB}2009", "6 Dec 2026"),
        "fa": (f"فصل{NB}۱{FS}۲۰۰۹", "۶ دسامبر ۲۰۲۶"),
    }
    for language, (label, day) in expected.items():
        client = client_for(world.ministry, language)
        listing = client.get("/counties/indicators/new_jobs/").content.decode()
        assert label in listing
        history = client.get(f"/counties/observations/{observation.pk}/history/")
        html = history.content.decode()
        assert label in html and day in html
        assert not any(word in html for word in JALALI_WORDS), language
        filtered = client.get("/counties/indicators/new_jobs/?period=2009-Q1").content.decode()
        assert label in filtered
