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
    text = "(across counties) {county} %(province)d (the county)"
    assert with_level_names(text, "en") == "(across districts) {county} %(province)d (the district)"


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


def test_the_form_shows_every_profile_field_in_a_section():
    from governance.country_services import PROFILE_FIELDS
    from governance.forms.country import SECTIONS

    assert sorted(name for _key, names in SECTIONS for name in names) == sorted(PROFILE_FIELDS)


@pytest.mark.django_db
def test_only_ministry_staff_open_the_country_profile(client, world):
    for user in (world.governor_a, world.officer_a, world.analyst):
        client.force_login(user)
        assert client.get("/settings/country/").status_code == 403
        assert client.post("/settings/country/", {"name_en": "X"}).status_code == 403
    client.force_login(world.ministry)
    assert client.get("/settings/country/").status_code == 200
    assert not CountryProfile.objects.exists()


def _form_data(profile: CountryProfile, **changes) -> dict:
    from django.forms.models import model_to_dict

    from governance.country_services import PROFILE_FIELDS

    data = {k: v for k, v in model_to_dict(profile, fields=PROFILE_FIELDS).items()}
    data.update(version=profile.version if profile.pk else "", **changes)
    return data


@pytest.mark.django_db
def test_ministry_staff_save_the_profile_with_persian_digits_and_history(client, world):
    client.force_login(world.ministry)
    data = _form_data(CountryProfile(), name_en="Ruritania", entry_unit_factor="۱۰")
    response = client.post("/settings/country/", data)
    assert response.status_code == 302
    profile = CountryProfile.objects.get()
    assert (profile.name_en, profile.entry_unit_factor, profile.version) == ("Ruritania", 10, 2)
    assert profile.history.first().history_user == world.ministry


@pytest.mark.django_db
def test_a_bad_value_is_refused_in_persian_and_changes_nothing(client, world):
    world.ministry.language = "fa"
    world.ministry.save()
    client.force_login(world.ministry)
    response = client.post("/settings/country/", _form_data(CountryProfile(), time_zone="Mars/X"))
    assert response.status_code == 200
    assert "منطقهٔ زمانی" in response.content.decode() or "Mars/X" in response.content.decode()
    assert not CountryProfile.objects.exists()


@pytest.mark.django_db
def test_a_stale_save_keeps_the_other_change(client, world):
    from governance.country_services import configure_country

    configure_country({"name_en": "First"})
    opened = CountryProfile.objects.get()
    configure_country({"name_en": "Second"})
    client.force_login(world.ministry)
    response = client.post("/settings/country/", _form_data(opened, name_en="Third"))
    assert response.status_code == 200
    assert CountryProfile.objects.get().name_en == "Second"


@pytest.mark.django_db
def test_configure_country_sets_only_what_it_is_given(capsys):
    from django.core.management import call_command

    call_command(
        "configure_country",
        "--name-en",
        "Ruritania",
        "--calendar",
        "gregorian",
        "--currency",
        "USD",
        "--level-names",
        "state",
        "county",
        "--boundary-source",
        "geoBoundaries",
        "--language",
        "en",
    )
    profile = CountryProfile.objects.get()
    assert (profile.province_level_plural_en, profile.county_level_plural_en) == (
        "states",
        "counties",
    )
    assert (profile.calendar, profile.currency_code) == ("gregorian", "USD")
    call_command("configure_country", "--time-zone", "Africa/Lagos", "--language", "en")
    profile.refresh_from_db()
    assert (profile.name_en, profile.time_zone) == ("Ruritania", "Africa/Lagos")


@pytest.mark.django_db
def test_configure_country_lists_every_error_and_changes_nothing(capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2"):
        call_command(
            "configure_country", "--time-zone", "Mars/X", "--currency", "usd", "--language", "en"
        )
    err = capsys.readouterr().err
    assert "time zone" in err and "currency" in err
    assert not CountryProfile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("default", ["fa", "en"])
def test_a_visitor_who_chose_no_language_gets_the_profile_default(client, default):
    pin_profile(CountryProfile(default_language=default))
    response = client.get("/accounts/login/")
    assert f'<html lang="{default}"' in response.content.decode()
    chosen = "en" if default == "fa" else "fa"
    client.cookies["django_language"] = chosen
    response = client.get("/accounts/login/")
    assert f'<html lang="{chosen}"' in response.content.decode()
    del client.cookies["django_language"]
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=chosen)
    assert f'<html lang="{chosen}"' in response.content.decode()


def test_dashboard_cache_keys_change_with_the_profile():
    from types import SimpleNamespace

    from dashboards.caching import page_key

    run = SimpleNamespace(pk=7)
    pin_profile(CountryProfile(version=3))
    before = page_key("county", run, 1, "CA", "1402")
    pin_profile(CountryProfile(version=4))
    assert page_key("county", run, 1, "CA", "1402") != before
