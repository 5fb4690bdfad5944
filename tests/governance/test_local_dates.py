"""Dates shown for a moment are its day where Tavazon runs (settings.TIME_ZONE), not in UTC."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from governance.dates import format_user_date, local_date
from governance.templatetags.tavazon import jdate

# 03:27 in Tehran on 6 December 2026 (15 Azar 1405) is still 5 December in UTC.
EARLY_MORNING = datetime.datetime(2026, 12, 5, 23, 57, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _tehran(settings):
    settings.TIME_ZONE = "Asia/Tehran"


def test_the_local_date_of_a_moment_follows_the_time_zone():
    assert local_date(EARLY_MORNING) == datetime.date(2026, 12, 6)
    assert local_date(datetime.date(2026, 12, 5)) == datetime.date(2026, 12, 5)
    assert local_date(None) is None


def test_a_moment_written_as_a_date_is_its_local_day_in_both_languages():
    assert format_user_date(EARLY_MORNING, "en") == "2026-12-06"
    assert format_user_date(EARLY_MORNING, "fa") == "۱۴۰۵/۰۹/۱۵"
    with translation.override("fa"):
        assert jdate(EARLY_MORNING) == "۱۵ آذر ۱۴۰۵"
    with translation.override("en"):
        assert jdate(EARLY_MORNING) == "06 Dec 2026"
