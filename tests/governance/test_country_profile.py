"""The country profile: one record, read once per process, and the level names it gives."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from governance.country import current_profile, level_names, pin_profile
from governance.models import CountryProfile
from governance.terminology import with_level_names


def states_and_districts(**extra) -> CountryProfile:
    return CountryProfile(
        province_level_en="state",
        province_level_plural_en="states",
        county_level_en="district",
        county_level_plural_en="districts",
        province_level_fa="ایالت",
        province_level_plural_fa="ایالت‌ها",
        county_level_fa="ناحیه",
        county_level_plural_fa="ناحیه‌ها",
        **extra,
    )


def test_english_level_names_replace_province_and_county_with_case_and_article():
    pin_profile(states_and_districts())
    text = "A county of a province; Provinces and counties; provincial officer; %(county)s"
    assert with_level_names(text, "en") == (
        "A district of a state; States and districts; state officer; %(county)s"
    )


def test_an_article_fits_a_level_name_that_starts_with_a_vowel():
    pin_profile(CountryProfile(county_level_en="emirate", county_level_plural_en="emirates"))
    assert with_level_names("Add a county", "en") == "Add an emirate"


def test_persian_level_names_leave_other_words_alone():
    pin_profile(states_and_districts())
    text = "شهرستان‌ها و استان‌ها؛ شهرستان در استان؛ استانداری و استاندار؛ کارشناس استانی"
    assert with_level_names(text, "fa") == (
        "ناحیه‌ها و ایالت‌ها؛ ناحیه در ایالت؛ استانداری و استاندار؛ کارشناس ایالتی"
    )


def test_the_default_names_change_nothing():
    pin_profile(CountryProfile())
    assert with_level_names("A county of a province", "en") == "A county of a province"


def test_every_translated_text_gets_the_level_names():
    pin_profile(states_and_districts())
    with translation.override("en"):
        assert gettext("County") == "District"
        assert ngettext("%(n)s county", "%(n)s counties", 2) == "%(n)s districts"
    with translation.override("fa"):
        assert "ناحیه" in gettext("County")
        assert "شهرستان" not in gettext("County")


@pytest.mark.django_db
def test_a_saved_profile_is_read_at_once_and_is_the_only_one():
    CountryProfile(name_en="Ruritania", calendar="gregorian").save()
    assert current_profile().name_en == "Ruritania"
    assert level_names("en").county == "county"
    again = CountryProfile(name_en="Ruritania 2")
    again.save()  # the singleton: the same row
    assert CountryProfile.objects.count() == 1
    assert current_profile().name_en == "Ruritania 2"


def test_a_time_zone_and_a_currency_code_are_checked():
    profile = CountryProfile(time_zone="Mars/Olympus", currency_code="usd")
    with pytest.raises(ValidationError) as error:
        profile.clean_fields()
    assert set(error.value.message_dict) == {"time_zone", "currency_code"}
